// AST -> compiled_node: name resolution, regex compilation and constant folding.
#include "engine/compiler.hpp"

#include "engine/evaluator.hpp"
#include "engine/functions.hpp"

#include <algorithm>

namespace vigil::engine {

value constant_pool::intern(const value& v) {
    switch (v.type()) {
        case value_type::string: return value::of_string(intern(v.as_string()));
        case value_type::list: {
            auto& items = lists_.emplace_back();
            list_cursor cursor(v);
            for (value item; cursor.next(item);) items.push_back(intern(item));
            return value::of_list(items.data(), items.size());
        }
        case value_type::object: {
            auto& items = lists_.emplace_back();
            v.for_each_member([&](std::string_view k, const value& m) {
                items.push_back(value::of_string(intern(k)));
                items.push_back(intern(m));
            });
            return value::of_object(items.data(), items.size() / 2);
        }
        default: return v;  // scalars are self-contained
    }
}

namespace {

class compiler {
public:
    compiler(const name_scope& scope, constant_pool& pool) : scope_(scope), pool_(pool) {}
    std::vector<dsl::parse_problem> problems;

    compiled_node compile(const dsl::node& n) {
        compiled_node c;
        c.where = n.where;
        switch (n.kind) {
            case dsl::node_kind::literal: set_literal(c, n.value); return c;
            case dsl::node_kind::path: resolve_path(c, n); return c;
            case dsl::node_kind::member:
                c.code = op_code::member;
                c.kids.push_back(compile(*n.children[0]));
                c.path = steps(n.segments, 0);
                return c;
            case dsl::node_kind::list: c.code = op_code::list; break;
            case dsl::node_kind::call: {
                c.code = op_code::call;
                auto fn = function_by_name(n.name);
                if (!fn) {
                    problems.push_back({n.where.begin, "internal: function '" + n.name + "' is not implemented"});
                    return c;
                }
                c.fn = *fn;
                break;
            }
            case dsl::node_kind::compare:
                c.code = op_code::compare;
                c.op = n.op;
                c.negated = n.negated;
                c.case_insensitive = n.case_insensitive;
                break;
            case dsl::node_kind::is_null: c.code = op_code::is_null; break;
            case dsl::node_kind::is_not_null: c.code = op_code::is_not_null; break;
            case dsl::node_kind::logical_and: c.code = op_code::logical_and; break;
            case dsl::node_kind::logical_or: c.code = op_code::logical_or; break;
            case dsl::node_kind::logical_not: c.code = op_code::logical_not; break;
            case dsl::node_kind::concat: c.code = op_code::concat; break;
        }
        c.kids.reserve(n.children.size());
        for (const auto& child : n.children) c.kids.push_back(compile(*child));
        if (c.code == op_code::compare && c.op == dsl::compare_op::matches) compile_regex(c);
        fold(c);
        return c;
    }

private:
    const name_scope& scope_;
    constant_pool& pool_;

    static std::vector<path_step> steps(const std::vector<dsl::path_segment>& segs, size_t from) {
        std::vector<path_step> out;
        out.reserve(segs.size() - std::min(from, segs.size()));
        for (size_t i = from; i < segs.size(); ++i) out.push_back({segs[i].key, segs[i].index, segs[i].is_index});
        return out;
    }

    void set_literal(compiled_node& c, const dsl::literal_value& v) {
        c.code = op_code::constant;
        if (auto b = std::get_if<bool>(&v)) c.constant = value::of_bool(*b);
        else if (auto i = std::get_if<int64_t>(&v)) c.constant = value::of_int(*i);
        else if (auto d = std::get_if<double>(&v)) c.constant = value::of_double(*d);
        else if (auto s = std::get_if<std::string>(&v)) c.constant = value::of_string(pool_.intern(*s));
    }

    static int find(const std::vector<std::string>* names, const std::string& name) {
        if (!names) return -1;
        auto it = std::find(names->begin(), names->end(), name);
        return it == names->end() ? -1 : static_cast<int>(it - names->begin());
    }

    void resolve_path(compiled_node& c, const dsl::node& n) {
        const std::string& root = n.segments[0].key;
        if (int slot = find(scope_.bindings, root); slot >= 0) {
            c.code = op_code::binding;
            c.slot = static_cast<uint32_t>(slot);
            c.path = steps(n.segments, 1);
        } else if (int f = find(scope_.fields, root); f >= 0) {
            c.code = op_code::field;
            c.slot = static_cast<uint32_t>(f);
            c.path = steps(n.segments, 1);
        } else {
            c.code = op_code::raw_path;
            c.path = steps(n.segments, 0);
        }
    }

    void compile_regex(compiled_node& c) {
        const value& pattern = c.kids[1].constant;
        if (c.kids[1].code != op_code::constant || pattern.type() != value_type::string) {
            problems.push_back({c.kids[1].where.begin, "the pattern of 'matches' must be a string literal"});
            return;
        }
        RE2::Options opts;
        opts.set_log_errors(false);
        opts.set_case_sensitive(!c.case_insensitive);
        auto re = std::make_shared<RE2>(re2::StringPiece(pattern.as_string().data(), pattern.as_string().size()), opts);
        if (!re->ok()) {
            problems.push_back({c.kids[1].where.begin, "invalid regular expression: " + re->error()});
            return;
        }
        c.regex = std::move(re);
    }

    // A node whose inputs are all constants is evaluated once, here, and becomes a constant.
    void fold(compiled_node& c) {
        bool all_constant = std::all_of(c.kids.begin(), c.kids.end(), [](auto& k) { return k.code == op_code::constant; });
        if (!all_constant) return;
        if (c.code == op_code::call && !is_foldable(c.fn)) return;
        if (c.code == op_code::compare && c.op == dsl::compare_op::matches && !c.regex) return;
        event_context scratch;
        scratch.reset(value{}, nullptr);
        value v = evaluate(c, scratch);
        c.constant = pool_.intern(v);
        c.code = op_code::constant;
        c.kids.clear();
        c.regex.reset();
    }
};

}  // namespace

compile_result compile_expression(const dsl::node& ast, const name_scope& scope, constant_pool& pool) {
    compiler comp(scope, pool);
    compile_result r;
    r.node = comp.compile(ast);
    r.problems = std::move(comp.problems);
    return r;
}

void collect_root_names(const dsl::node& ast, std::vector<std::string>& out) {
    if (ast.kind == dsl::node_kind::path) out.push_back(ast.segments[0].key);
    for (const auto& c : ast.children) collect_root_names(*c, out);
}

}  // namespace vigil::engine

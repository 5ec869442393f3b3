// AST -> compiled_node: name resolution, regex compilation and constant folding.
#include "engine/compiler.hpp"

#include "engine/check.hpp"
#include "engine/evaluator.hpp"
#include "engine/function_registry.hpp"
#include "engine/ip_network.hpp"

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
                c.fn = find_function(n.name);  // the check phase has vouched for it
                if (c.fn->binds_variable) return compile_quantifier(c, n);
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
            case dsl::node_kind::arithmetic:
                c.code = op_code::arithmetic;
                c.ops = n.name;
                break;
            case dsl::node_kind::exists: c.code = op_code::exists; break;
        }
        c.kids.reserve(n.children.size());
        for (const auto& child : n.children) c.kids.push_back(compile(*child));
        if (c.code == op_code::compare && c.op == dsl::compare_op::matches) compile_regex(c, c.kids[1], c.case_insensitive);
        if (c.code == op_code::call && c.fn->regex_arg >= 0) compile_regex(c, c.kids[static_cast<size_t>(c.fn->regex_arg)], false);
        if (c.code == op_code::compare && c.op == dsl::compare_op::in_cidr) compile_networks(c);
        fold(c);
        return c;
    }

private:
    const name_scope& scope_;
    constant_pool& pool_;
    std::vector<std::string> locals_;  // quantifier variables in scope, outermost first

    // any(xs, x, cond): `x` is a local slot (its nesting depth) while `cond` compiles.
    compiled_node compile_quantifier(compiled_node& c, const dsl::node& n) {
        c.kids.push_back(compile(*n.children[0]));
        c.kids.emplace_back();  // the variable's place: a constant null, never evaluated
        c.slot = static_cast<uint32_t>(locals_.size());
        locals_.push_back(n.children[1]->segments[0].key);
        c.kids.push_back(compile(*n.children[2]));
        locals_.pop_back();
        fold(c);
        return std::move(c);
    }

    static std::vector<path_step> steps(const std::vector<dsl::path_segment>& segs, size_t from) {
        std::vector<path_step> out;
        out.reserve(segs.size() - std::min(from, segs.size()));
        for (size_t i = from; i < segs.size(); ++i) out.push_back({segs[i].key, segs[i].index, segs[i].is_index, segs[i].is_wildcard});
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
        if (auto it = std::find(locals_.rbegin(), locals_.rend(), root); it != locals_.rend() && !n.segments[0].is_index) {
            c.code = op_code::local;  // the innermost quantifier variable of that name
            c.slot = static_cast<uint32_t>(locals_.rend() - it - 1);
            c.path = steps(n.segments, 1);
        } else if (int slot = find(scope_.bindings, root); slot >= 0) {
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

    // The check phase has vouched for the pattern (a valid RE2 string literal).
    static void compile_regex(compiled_node& c, const compiled_node& pattern_node, bool case_insensitive) {
        const value& pattern = pattern_node.constant;
        if (pattern_node.code != op_code::constant || pattern.type() != value_type::string) return;
        RE2::Options opts;
        opts.set_log_errors(false);
        opts.set_case_sensitive(!case_insensitive);
        auto re = std::make_shared<RE2>(re2::StringPiece(pattern.as_string().data(), pattern.as_string().size()), opts);
        if (re->ok()) c.regex = std::move(re);
    }

    // The networks of `in_cidr`, parsed once (the check phase has vouched for each).
    static void compile_networks(compiled_node& c) {
        auto nets = std::make_shared<std::vector<ip_network>>();
        auto add = [&](const value& v) {
            if (v.type() != value_type::string) return;
            if (auto net = parse_cidr(v.as_string())) nets->push_back(*net);
        };
        const value& r = c.kids[1].constant;
        if (r.type() == value_type::list)
            for (size_t i = 0; i < r.size(); ++i) add(r.at(i));
        else
            add(r);
        c.networks = std::move(nets);
    }

    // A node whose inputs are all constants is evaluated once, here, and becomes a constant.
    void fold(compiled_node& c) {
        bool all_constant = std::all_of(c.kids.begin(), c.kids.end(), [](auto& k) { return k.code == op_code::constant; });
        if (!all_constant) return;
        if (c.code == op_code::call && !c.fn->foldable) return;
        if (c.code == op_code::compare && c.op == dsl::compare_op::matches && !c.regex) return;
        if (c.code == op_code::call && c.fn->regex_arg >= 0 && !c.regex) return;
        event_context scratch;
        scratch.reset(value{}, nullptr);
        value v = evaluate(c, scratch);
        c.constant = pool_.intern(v);
        c.code = op_code::constant;
        c.kids.clear();
        c.regex.reset();
        c.networks.reset();
    }
};

}  // namespace

compile_result compile_expression(const dsl::node& ast, const name_scope& scope, constant_pool& pool) {
    compile_result r;
    // Expansion first, so the checks, the folding and later the prefilter and the index see through
    // lists and macros; most expressions use none and are compiled without a copy.
    const dsl::node* root = &ast;
    expansion_result expanded;
    if (needs_expansion(ast, scope.reuse)) {
        expanded = expand_reuse(ast, scope.reuse);
        if (!expanded.problems.empty()) {
            r.problems = std::move(expanded.problems);
            return r;
        }
        root = expanded.ast.get();
    }
    r.problems = check_expression(*root, check_scope{scope.fields, scope.bindings});
    if (!r.problems.empty()) return r;  // the compiler relies on what the checks vouch for
    compiler comp(scope, pool);
    r.node = comp.compile(*root);
    r.problems = std::move(comp.problems);
    return r;
}

void collect_root_names(const dsl::node& ast, std::vector<std::string>& out) {
    if (ast.kind == dsl::node_kind::path) out.push_back(ast.segments[0].key);
    for (const auto& c : ast.children) collect_root_names(*c, out);
}

}  // namespace vigil::engine

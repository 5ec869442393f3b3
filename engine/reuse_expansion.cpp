// Expansion of lists, macros and rule Let names: a rewrite of the AST, so that everything after it
// (checks, compiler, constant folding, prefilter, index) sees only ordinary expressions.
#include "engine/reuse_expansion.hpp"

#include "dsl/diagnostics.hpp"
#include "engine/function_registry.hpp"

#include <algorithm>

namespace vigil::engine {

using dsl::node;
using dsl::node_kind;
using dsl::node_ptr;

reuse_library make_reuse_library(const std::vector<dsl::list_spec>& lists, const std::vector<dsl::macro_spec>& macros) {
    reuse_library lib;
    // The loader has reported duplicate IDs; the first definition is the one used.
    for (const auto& l : lists) lib.lists.emplace(l.id, &l);
    for (const auto& m : macros)
        if (m.expression.ast) lib.macros.emplace(m.id, &m);
    return lib;
}

namespace {
bool is_bare_name(const node& n) {
    return n.kind == node_kind::path && n.segments.size() == 1 && !n.segments[0].is_index && !n.segments[0].is_wildcard;
}
}  // namespace

bool is_reuse_call(const node& n) { return n.kind == node_kind::call && (n.name == "list" || n.name == "macro"); }

std::optional<dsl::parse_problem> reuse_call_shape(const node& call) {
    const bool is_list = call.name == "list";
    const std::string usage = is_list ? "list(name)" : "macro(name) or macro(name(arguments))";
    if (call.children.size() != 1)
        return dsl::parse_problem{call.where.begin, "'" + call.name + "' takes one name: " + usage};
    const node& arg = *call.children[0];
    if (is_bare_name(arg)) return std::nullopt;
    if (!is_list && arg.kind == node_kind::call) return std::nullopt;
    return dsl::parse_problem{arg.where.begin, "the argument of '" + call.name + "' is the name of a " +
                                                   (is_list ? "list" : "macro") + ", not a value: " + usage};
}

bool needs_expansion(const node& ast, const reuse_scope& scope) {
    if (is_reuse_call(ast)) return true;
    if (scope.lets && ast.kind == node_kind::path && !ast.segments.empty())
        for (const auto& [name, value] : *scope.lets)
            if (ast.segments[0].key == name) return true;
    return std::any_of(ast.children.begin(), ast.children.end(), [&](const node_ptr& c) { return needs_expansion(*c, scope); });
}

namespace {

// A copy of `n` whose every span is `at`: it was written elsewhere, and is reported where it is used.
node_ptr clone_at(const node& n, dsl::span at) {
    auto out = dsl::clone(n);
    std::function<void(node&)> move_to = [&](node& x) {
        x.where = at;
        for (auto& c : x.children) move_to(*c);
    };
    move_to(*out);
    return out;
}

class expander {
public:
    expander(const reuse_scope& scope, std::vector<dsl::parse_problem>& out) : scope_(scope), out_(out) {}

    // What one expression means where it is written: `params` replace names inside a macro's body,
    // `hidden` are quantifier variables (never replaced), `use` is the outermost macro use, if any.
    struct frame {
        const std::map<std::string, const node*, std::less<>>* params = nullptr;
        std::vector<std::string> hidden;
        std::optional<dsl::span> use;
    };

    node_ptr expand(const node& n, const frame& f) {
        const dsl::span at = f.use.value_or(n.where);
        if (n.kind == node_kind::call && n.name == "list") return expand_list(n, f, at);
        if (n.kind == node_kind::call && n.name == "macro") return expand_macro(n, f, at);
        if (n.kind == node_kind::path && std::find(f.hidden.begin(), f.hidden.end(), n.segments[0].key) == f.hidden.end()) {
            if (const node* value = named_value(n.segments[0].key, f)) return substitute(*value, n, at, f.params != nullptr);
        }
        auto out = std::make_unique<node>();
        out->kind = n.kind;
        out->where = at;
        out->value = n.value;
        out->segments = n.segments;
        out->name = n.name;
        out->op = n.op;
        out->negated = n.negated;
        out->case_insensitive = n.case_insensitive;
        out->children.reserve(n.children.size());
        const function_entry* fn = n.kind == node_kind::call ? find_function(n.name) : nullptr;
        for (size_t i = 0; i < n.children.size(); ++i) {
            const node& c = *n.children[i];
            // A quantifier's variable is a name, not a use; inside its condition it hides Let
            // names and macro parameters of the same spelling.
            if (fn && fn->binds_variable && i >= 1 && is_bare_name(*n.children[1])) {
                if (i == 1) {
                    out->children.push_back(f.use ? clone_at(c, at) : dsl::clone(c));
                    continue;
                }
                frame inner = f;
                inner.hidden.push_back(n.children[1]->segments[0].key);
                out->children.push_back(expand(c, inner));
                continue;
            }
            out->children.push_back(expand(c, f));
        }
        return out;
    }

private:
    void problem(dsl::span at, std::string message) {
        // Inside a macro's body the caret is on the use; say which macro the problem is in.
        if (!stack_.empty()) message = "in macro '" + stack_.back() + "': " + message;
        out_.push_back({at.begin, std::move(message)});
    }

    // A macro's parameters inside its body; a rule's Let names in the rule's own expressions only.
    const node* named_value(const std::string& name, const frame& f) const {
        if (f.params) {
            auto it = f.params->find(name);
            return it == f.params->end() ? nullptr : it->second;
        }
        if (scope_.lets)
            for (const auto& [let, value] : *scope_.lets)
                if (let == name) return value.get();
        return nullptr;
    }

    // `p` or `p.more.path`: the value, then the rest of the path as member access into it.
    static node_ptr substitute(const node& value, const node& use, dsl::span at, bool keep_spans) {
        // Arguments were written at the use site and keep their spans; a Let's value was written
        // in the Let, so its nodes take the span of the name that uses it.
        node_ptr v = keep_spans ? dsl::clone(value) : clone_at(value, at);
        if (use.segments.size() == 1) return v;
        auto m = std::make_unique<node>();
        m->kind = node_kind::member;
        m->where = at;
        m->segments.assign(use.segments.begin() + 1, use.segments.end());
        m->children.push_back(std::move(v));
        return m;
    }

    node_ptr expand_list(const node& n, const frame& f, dsl::span at) {
        auto out = std::make_unique<node>();
        out->kind = node_kind::list;
        out->where = at;
        if (auto bad = reuse_call_shape(n)) {
            problem(f_span(f, bad->offset), bad->message);
            return out;
        }
        const std::string& name = n.children[0]->segments[0].key;
        const dsl::list_spec* list = find(scope_.library ? &scope_.library->lists : nullptr, name);
        if (!list) {
            problem(f_span(f, n.children[0]->where.begin), unknown("list", name, scope_.library ? &scope_.library->lists : nullptr));
            return out;
        }
        for (const auto& item : list->items) {
            auto lit = std::make_unique<node>();
            lit->kind = node_kind::literal;
            lit->where = at;
            lit->value = item;
            out->children.push_back(std::move(lit));
        }
        return out;
    }

    node_ptr expand_macro(const node& n, const frame& f, dsl::span at) {
        auto failed = [&] {
            auto lit = std::make_unique<node>();
            lit->where = at;
            return lit;
        };
        if (auto bad = reuse_call_shape(n)) {
            problem(f_span(f, bad->offset), bad->message);
            return failed();
        }
        const node& target = *n.children[0];
        const std::string& name = target.kind == node_kind::call ? target.name : target.segments[0].key;
        const dsl::macro_spec* macro = find(scope_.library ? &scope_.library->macros : nullptr, name);
        const dsl::span name_at = f_span(f, target.where.begin);
        if (!macro) {
            problem(name_at, unknown("macro", name, scope_.library ? &scope_.library->macros : nullptr));
            return failed();
        }
        const size_t argc = target.kind == node_kind::call ? target.children.size() : 0;
        if (argc != macro->parameters.size()) {
            std::string want = macro->parameters.empty() ? "no arguments" : std::to_string(macro->parameters.size()) +
                                                                               (macro->parameters.size() == 1 ? " argument (" : " arguments (");
            for (size_t i = 0; i < macro->parameters.size(); ++i) want += (i ? ", " : "") + macro->parameters[i];
            if (!macro->parameters.empty()) want += ")";
            problem(name_at, "macro '" + name + "' takes " + want + ", got " + std::to_string(argc));
            return failed();
        }
        if (auto it = std::find(stack_.begin(), stack_.end(), name); it != stack_.end()) {
            std::string chain;
            for (auto i = it; i != stack_.end(); ++i) chain += *i + " -> ";
            problem(name_at, "macro '" + name + "' uses itself: " + chain + name);
            return failed();
        }
        if (stack_.size() >= max_macro_depth) {
            problem(name_at, "macros nested more than " + std::to_string(max_macro_depth) + " deep (expanding '" + name + "')");
            return failed();
        }
        // Arguments mean what they mean at the use site: expand them there, before the body.
        std::vector<node_ptr> args;
        if (target.kind == node_kind::call)
            for (const auto& a : target.children) args.push_back(expand(*a, f));
        std::map<std::string, const node*, std::less<>> params;
        for (size_t i = 0; i < args.size(); ++i) params.emplace(macro->parameters[i], args[i].get());
        frame body;
        body.params = &params;
        body.use = at;
        stack_.push_back(name);
        auto out = expand(*macro->expression.ast, body);
        stack_.pop_back();
        return out;
    }

    // Where a problem about part of `n` goes: its own offset, or the macro use it was expanded from.
    static dsl::span f_span(const frame& f, uint32_t offset) {
        if (f.use) return *f.use;
        return {offset, offset};
    }

    template <typename Spec>
    static const Spec* find(const std::map<std::string, const Spec*, std::less<>>* specs, const std::string& name) {
        if (!specs) return nullptr;
        auto it = specs->find(name);
        return it == specs->end() ? nullptr : it->second;
    }

    template <typename Spec>
    static std::string unknown(std::string_view what, const std::string& name, const std::map<std::string, const Spec*, std::less<>>* specs) {
        std::string msg = "unknown " + std::string(what) + " '" + name + "'";
        std::vector<std::string> names;
        if (specs)
            for (const auto& [id, spec] : *specs) names.push_back(id);
        std::string hint = dsl::closest_match(name, names);
        if (!hint.empty()) msg += " (did you mean '" + hint + "'?)";
        else if (names.empty()) msg += " (no " + std::string(what) + "s are loaded)";
        return msg;
    }

    const reuse_scope& scope_;
    std::vector<dsl::parse_problem>& out_;
    std::vector<std::string> stack_;  // the macros being expanded, outermost first
};

}  // namespace

expansion_result expand_reuse(const node& ast, const reuse_scope& scope) {
    expansion_result r;
    expander e(scope, r.problems);
    r.ast = e.expand(ast, {});
    return r;
}

}  // namespace vigil::engine

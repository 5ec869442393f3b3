// The named checks of the check phase; each walks the whole AST and appends its problems.
#include "engine/check.hpp"

#include "dsl/diagnostics.hpp"
#include "engine/function_registry.hpp"
#include "engine/ip_network.hpp"
#include "engine/reuse_expansion.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <functional>

namespace vigil::engine {

namespace {

using dsl::node;
using dsl::node_kind;
using problems = std::vector<dsl::parse_problem>;

void walk(const node& n, const std::function<void(const node&)>& visit) {
    visit(n);
    for (const auto& c : n.children) walk(*c, visit);
}

// What kinds a node can have, known without an event: literals, and results of functions.
uint8_t static_kinds(const node& n) {
    switch (n.kind) {
        case node_kind::literal:
            if (std::holds_alternative<dsl::null_literal>(n.value)) return k_null;
            if (std::holds_alternative<bool>(n.value)) return k_bool;
            if (std::holds_alternative<int64_t>(n.value)) return k_int;
            if (std::holds_alternative<double>(n.value)) return k_float;
            return k_string;
        case node_kind::list: return k_list;
        case node_kind::compare:
        case node_kind::is_null:
        case node_kind::is_not_null:
        case node_kind::exists:
        case node_kind::logical_and:
        case node_kind::logical_or:
        case node_kind::logical_not: return k_bool;
        case node_kind::call:
            if (const auto* f = find_function(n.name)) return f->result;
            return k_any;
        default: return k_any;
    }
}

void known_functions(const node& ast, const check_scope&, problems& out) {
    walk(ast, [&](const node& n) {
        if (n.kind != node_kind::call || find_function(n.name) || is_reuse_call(n)) return;
        std::vector<std::string> names;
        for (const auto& f : function_registry()) names.emplace_back(f.name);
        std::string msg = "unknown function '" + n.name + "'";
        std::string hint = dsl::closest_match(n.name, names);
        if (!hint.empty()) msg += " (did you mean '" + hint + "'?)";
        out.push_back({n.where.begin, msg});
    });
}

// `list` and `macro` are reserved call names, expanded before the checks run: here only their shape
// is judged (one bare name), so a field named `list` stays a field and `list(x)` is never a function.
void reuse_calls(const node& ast, const check_scope&, problems& out) {
    walk(ast, [&](const node& n) {
        if (!is_reuse_call(n)) return;
        if (auto bad = reuse_call_shape(n)) out.push_back(*bad);
    });
}

void arity(const node& ast, const check_scope&, problems& out) {
    walk(ast, [&](const node& n) {
        const function_entry* f = n.kind == node_kind::call ? find_function(n.name) : nullptr;
        if (!f) return;
        size_t argc = n.children.size(), lo = f->min_args, hi = f->max_args == variadic ? SIZE_MAX : f->max_args;
        std::string summary = std::string(f->signature) + ": " + std::string(f->doc);
        if (argc < lo || argc > hi) {
            bool one = hi == 1 || (lo == 1 && hi == SIZE_MAX);  // "at least 1 argument"
            std::string want = lo == hi ? std::to_string(lo) : hi == SIZE_MAX ? "at least " + std::to_string(lo)
                                                                               : std::to_string(lo) + " to " + std::to_string(hi);
            out.push_back({n.where.begin, "function '" + n.name + "' takes " + want + " argument" + (one ? "" : "s") + ", got " +
                                              std::to_string(argc) + " (" + std::string(f->signature) + ")"});
        } else if (f->even_args && argc % 2) {
            out.push_back({n.where.begin, "function '" + n.name + "' takes key, value pairs, got " + std::to_string(argc) +
                                              " arguments (" + std::string(f->signature) + ")"});
        }
    });
}

void argument_kinds(const node& ast, const check_scope&, problems& out) {
    walk(ast, [&](const node& n) {
        const function_entry* f = n.kind == node_kind::call ? find_function(n.name) : nullptr;
        if (!f) return;
        for (size_t i = 0; i < n.children.size(); ++i) {
            if (f->binds_variable && i != 0) break;  // the variable and the condition are not values
            uint8_t want = f->arg_kinds[std::min<size_t>(i, 2)] | k_null;  // null is never an error: it propagates
            // A result that may be null is judged by its other kinds: len(s) is an int or null.
            uint8_t have = static_kinds(*n.children[i]), have_value = have & ~k_null;
            if (have == k_any || have_value == 0 || (have_value & want)) continue;
            out.push_back({n.children[i]->where.begin, "argument " + std::to_string(i + 1) + " of '" + n.name + "' must be " +
                                                           kind_names(static_cast<uint8_t>(want & ~k_null)) + ", got " +
                                                           kind_names(have_value) + " (" + std::string(f->signature) + ")"});
        }
    });
}

bool is_bare_name(const node& n) { return n.kind == node_kind::path && n.segments.size() == 1 && !n.segments[0].is_index && !n.segments[0].is_wildcard; }

void quantifier_variables(const node& ast, const check_scope& scope, problems& out) {
    walk(ast, [&](const node& n) {
        const function_entry* f = n.kind == node_kind::call ? find_function(n.name) : nullptr;
        if (!f || !f->binds_variable || n.children.size() < 2) return;
        const node& var = *n.children[1];
        if (!is_bare_name(var)) {
            out.push_back({var.where.begin, "the second argument of '" + n.name + "' names the element variable: a plain name such as 'x' (" +
                                                std::string(f->signature) + ")"});
            return;
        }
        const std::string& name = var.segments[0].key;
        for (const auto* names : {scope.fields, scope.bindings})
            if (names && std::find(names->begin(), names->end(), name) != names->end())
                out.push_back({var.where.begin, "the variable '" + name + "' of '" + n.name +
                                                    "' would hide the data-model name '" + name + "': choose another name"});
    });
}

void regex_literals(const node& ast, const check_scope&, problems& out) {
    auto check_pattern = [&](const node& p, std::string_view what, bool ci) {
        const auto* text = p.kind == node_kind::literal ? std::get_if<std::string>(&p.value) : nullptr;
        if (!text) {
            out.push_back({p.where.begin, std::string(what) + " must be a string literal (it is compiled once, at load)"});
            return;
        }
        RE2::Options opts;
        opts.set_log_errors(false);
        opts.set_case_sensitive(!ci);
        RE2 re(*text, opts);
        if (!re.ok()) out.push_back({p.where.begin, "invalid regular expression: " + re.error()});
    };
    walk(ast, [&](const node& n) {
        if (n.kind == node_kind::compare && n.op == dsl::compare_op::matches && n.children.size() == 2)
            check_pattern(*n.children[1], "the pattern of 'matches'", n.case_insensitive);
        if (n.kind != node_kind::call) return;
        const function_entry* f = find_function(n.name);
        if (f && f->regex_arg >= 0 && n.children.size() > static_cast<size_t>(f->regex_arg))
            check_pattern(*n.children[static_cast<size_t>(f->regex_arg)], "the pattern of '" + n.name + "'", false);
    });
}

void cidr_literals(const node& ast, const check_scope&, problems& out) {
    walk(ast, [&](const node& n) {
        if (n.kind != node_kind::compare || n.op != dsl::compare_op::in_cidr || n.children.size() != 2) return;
        const node& r = *n.children[1];
        auto check_one = [&](const node& item) {
            const auto* text = item.kind == node_kind::literal ? std::get_if<std::string>(&item.value) : nullptr;
            if (!text) {
                out.push_back({item.where.begin, "the networks of 'in_cidr' must be string literals (\"10.0.0.0/8\", or a list of them)"});
            } else if (!parse_cidr(*text)) {
                out.push_back({item.where.begin, "invalid network '" + *text + "' for 'in_cidr' (expected an address with an optional "
                                                 "prefix length: \"10.0.0.0/8\", \"fd00::/8\")"});
            }
        };
        if (r.kind == node_kind::list) {
            if (r.children.empty()) out.push_back({r.where.begin, "'in_cidr' needs at least one network"});
            for (const auto& item : r.children) check_one(*item);
        } else {
            check_one(r);
        }
    });
}

void arithmetic_kinds(const node& ast, const check_scope&, problems& out) {
    walk(ast, [&](const node& n) {
        if (n.kind != node_kind::arithmetic) return;
        for (size_t i = 1; i < n.children.size(); ++i) {
            const char op = n.name[i - 1];
            uint8_t l = i == 1 ? static_kinds(*n.children[0]) : static_cast<uint8_t>(k_any), r = static_kinds(*n.children[i]);
            auto only = [](uint8_t k, uint8_t bits) { return k != k_any && (k & ~k_null) != 0 && (k & ~(bits | k_null)) == 0; };
            bool bad = false;
            if (op == '+') bad = (only(l, k_string) && only(r, k_number)) || (only(l, k_number) && only(r, k_string));
            else bad = only(l, k_string) || only(r, k_string);
            if (bad)
                out.push_back({n.children[i]->where.begin, std::string("'") + op + "' of " + kind_names(l & ~k_null) + " and " +
                                                               kind_names(r & ~k_null) + ": " +
                                                               (op == '+' ? "'+' adds two numbers or joins two strings (use string(x) to join a number)"
                                                                          : "arithmetic needs numbers (use int(x) or float(x) on numeric text)")});
        }
    });
}

void exists_paths(const node& ast, const check_scope&, problems& out) {
    walk(ast, [&](const node& n) {
        if (n.kind != node_kind::exists) return;
        const node& target = *n.children[0];
        if (target.kind != node_kind::path && target.kind != node_kind::member) {
            out.push_back({target.where.begin, "'exists' looks for a field: write a path such as 'objectRef.name exists'"});
            return;
        }
        for (const auto& seg : target.segments)
            if (seg.is_wildcard) {
                // Which element would have to hold it? Say so with a quantifier instead.
                out.push_back({target.where.begin, "'exists' cannot look through '[*]': write any(xs, x, x.name exists)"});
                return;
            }
    });
}

struct check_entry {
    named_check id;
    void (*run)(const node&, const check_scope&, problems&);
};

const std::vector<check_entry>& checks() {
    static const std::vector<check_entry> table = {
        {{"known-functions", "every call names a built-in function (with a did-you-mean)"}, known_functions},
        {{"reuse-calls", "list(name) and macro(name) / macro(name(args)) name a list or macro (reserved call names)"}, reuse_calls},
        {{"arity", "each call has as many arguments as its function takes"}, arity},
        {{"argument-kinds", "literal arguments are of a kind the function accepts"}, argument_kinds},
        {{"quantifier-variables", "a quantifier's variable is a plain name that hides no data-model name"}, quantifier_variables},
        {{"regex-literals", "patterns of matches and extract() are valid RE2 string literals"}, regex_literals},
        {{"cidr-literals", "networks of in_cidr are valid CIDR string literals"}, cidr_literals},
        {{"arithmetic-kinds", "arithmetic on literals of known kinds makes sense ('+' of a string and a number does not)"}, arithmetic_kinds},
        {{"exists-paths", "exists is asked of a path"}, exists_paths},
    };
    return table;
}

}  // namespace

const std::vector<named_check>& check_names() {
    static const std::vector<named_check> names = [] {
        std::vector<named_check> v;
        for (const auto& c : checks()) v.push_back(c.id);
        return v;
    }();
    return names;
}

std::vector<dsl::parse_problem> check_expression(const dsl::node& ast, const check_scope& scope) {
    problems out;
    for (const auto& c : checks()) c.run(ast, scope, out);
    return out;
}

}  // namespace vigil::engine

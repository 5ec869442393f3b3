// Tree-walking evaluation of compiled nodes. Comparisons and logic short-circuit; values are views.
#include "engine/evaluator.hpp"

#include "engine/compare.hpp"
#include "engine/datamodel.hpp"
#include "engine/function_registry.hpp"
#include "engine/ip_network.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace vigil::engine {

namespace {

// One step into a value: a key of an object or a position of a list (negative from the end).
value step_into(const value& v, const path_step& step) {
    if (!step.is_index) return v.get(step.key);
    if (v.type() != value_type::list) return {};
    if (step.index >= 0) return v.at(static_cast<size_t>(step.index));  // no count of a long split
    int64_t i = static_cast<int64_t>(v.size()) + step.index;
    return i < 0 ? value{} : v.at(static_cast<size_t>(i));
}

// The rest of a path after `[*]`, over every element of `list`, into `out`: missing results are left
// out, and a list made by a later `[*]` is spliced in (so `a[*].b[*].c` is one flat list).
void project(const value& list, const std::vector<path_step>& path, size_t from, event_context& ctx, std::vector<value>& out);

// Steps [from, to) of a path (to: the end when past it).
value follow_from(value v, const std::vector<path_step>& path, size_t from, event_context& ctx, size_t to = SIZE_MAX) {
    to = std::min(to, path.size());
    for (size_t i = from; i < to; ++i) {
        if (v.is_null()) return v;
        if (path[i].is_wildcard) {
            if (v.type() != value_type::list) return {};
            // The projection covers the rest of the whole path, so `to` only ever cuts before a `[*]`
            // of the last step (exists), which is handled by present().
            auto& items = ctx.scratch_list();
            project(v, path, i + 1, ctx, items);
            return value::of_list(items.data(), items.size());
        }
        v = step_into(v, path[i]);
    }
    return v;
}

bool has_wildcard_after(const std::vector<path_step>& path, size_t from) {
    for (size_t i = from; i < path.size(); ++i)
        if (path[i].is_wildcard) return true;
    return false;
}

void project(const value& list, const std::vector<path_step>& path, size_t from, event_context& ctx, std::vector<value>& out) {
    const bool nested = has_wildcard_after(path, from);
    list_cursor elements(list);
    for (value element; elements.next(element);) {
        value r = follow_from(element, path, from, ctx);
        if (r.is_null()) continue;
        if (nested && r.type() == value_type::list) {
            list_cursor inner(r);
            for (value item; inner.next(item);) out.push_back(item);
        } else {
            out.push_back(r);
        }
    }
}

bool in_networks(const compiled_node& n, const value& l) {
    if (l.type() != value_type::string || !n.networks) return false;
    auto ip = parse_ip(l.as_string());
    if (!ip) return false;
    for (const auto& net : *n.networks)
        if (network_contains(net, *ip)) return true;
    return false;
}

bool compare_values(const compiled_node& n, const value& l, const value& r) {
    using dsl::compare_op;
    const bool ci = n.case_insensitive;
    switch (n.op) {
        case compare_op::eq: return values_equal(l, r, ci);
        case compare_op::gt: { auto o = order(l, r, ci); return o && *o > 0; }
        case compare_op::ge: { auto o = order(l, r, ci); return o && *o >= 0; }
        case compare_op::lt: { auto o = order(l, r, ci); return o && *o < 0; }
        case compare_op::le: { auto o = order(l, r, ci); return o && *o <= 0; }
        case compare_op::contains: return contains(l, r, ci);
        case compare_op::in: return contains(r, l, ci);
        case compare_op::starts_with: return starts_with(l, r, ci);
        case compare_op::ends_with: return ends_with(l, r, ci);
        case compare_op::matches:
            return l.type() == value_type::string && n.regex &&
                   RE2::PartialMatch(re2::StringPiece(l.as_string().data(), l.as_string().size()), *n.regex);
        case compare_op::in_cidr: return in_networks(n, l);
    }
    return false;
}

// Whether the last step of a path names something present, even a JSON null.
bool present(const value& parent, const path_step& last) {
    if (last.is_wildcard) return parent.type() == value_type::list;
    if (!last.is_index) return parent.has_key(last.key);
    if (parent.type() != value_type::list) return false;
    int64_t n = static_cast<int64_t>(parent.size());
    int64_t i = last.index < 0 ? n + last.index : last.index;
    return i >= 0 && i < n;
}

bool exists(const compiled_node& n, event_context& ctx, int depth = 0);

// A path node's presence: follow all but its last step from `base`, then look for the last one.
bool path_present(const value& base, const std::vector<path_step>& path, event_context& ctx) {
    if (path.empty()) return true;
    value parent = follow_from(base, path, 0, ctx, path.size() - 1);
    return present(parent, path.back());
}

bool exists(const compiled_node& n, event_context& ctx, int depth) {
    switch (n.code) {
        case op_code::raw_path: return path_present(ctx.root(), n.path, ctx);
        case op_code::local: return path_present(ctx.local(n.slot), n.path, ctx);
        case op_code::member: return path_present(evaluate(n.kids[0], ctx), n.path, ctx);
        case op_code::field:
        case op_code::binding: {
            const compiled_model* m = ctx.model();
            if (n.path.empty() && m && depth < 16 && (n.code == op_code::binding || ctx.model_applies())) {
                // A normalised name is present when what it maps is: `stage exists` asks of the raw stage.
                const compiled_node& mapping = n.code == op_code::field ? m->fields[n.slot] : m->bindings[n.slot];
                return exists(mapping, ctx, depth + 1);
            }
            value base = n.code == op_code::field ? ctx.field(n.slot) : ctx.binding(n.slot);
            return n.path.empty() ? !base.is_null() : path_present(base, n.path, ctx);
        }
        default: return !evaluate(n, ctx).is_null();
    }
}

// Arithmetic and `+` of strings. Nulls, and kinds that do not combine, give null; so do int overflow,
// division by zero and a float result that is not finite (README, "Arithmetic").
value arithmetic(const compiled_node& n, event_context& ctx) {
    value acc = evaluate(n.kids[0], ctx);
    for (size_t i = 1; i < n.kids.size(); ++i) {
        if (acc.is_null()) return acc;
        value r = evaluate(n.kids[i], ctx);
        const char op = n.ops[i - 1];
        if (r.is_null()) return r;
        if (op == '+' && acc.type() == value_type::string && r.type() == value_type::string) {
            auto& s = ctx.scratch_string();
            s.append(acc.as_string()).append(r.as_string());
            acc = value::of_string(s);
            continue;
        }
        if (!acc.is_number() || !r.is_number()) return {};
        if (acc.type() == value_type::integer && r.type() == value_type::integer) {
            int64_t a = acc.as_int(), b = r.as_int(), out = 0;
            bool bad = false;
            switch (op) {
                case '+': bad = __builtin_add_overflow(a, b, &out); break;
                case '-': bad = __builtin_sub_overflow(a, b, &out); break;
                case '*': bad = __builtin_mul_overflow(a, b, &out); break;
                case '/':
                case '%':
                    bad = b == 0 || (a == std::numeric_limits<int64_t>::min() && b == -1);
                    if (!bad) out = op == '/' ? a / b : a % b;
                    break;
            }
            if (bad) return {};
            acc = value::of_int(out);
            continue;
        }
        double a = acc.as_double(), b = r.as_double(), out = 0;
        switch (op) {
            case '+': out = a + b; break;
            case '-': out = a - b; break;
            case '*': out = a * b; break;
            case '/': out = b == 0 ? NAN : a / b; break;
            case '%': out = b == 0 ? NAN : std::fmod(a, b); break;
        }
        if (!std::isfinite(out)) return {};
        acc = value::of_double(out);
    }
    return acc;
}

}  // namespace

value follow_path(value start, const std::vector<path_step>& path, event_context& ctx) { return follow_from(start, path, 0, ctx); }

bool holds(const compiled_node& n, event_context& ctx) {
    switch (n.code) {
        case op_code::compare: {
            value l = evaluate(n.kids[0], ctx);
            value r = evaluate(n.kids[1], ctx);
            return compare_values(n, l, r) != n.negated;
        }
        case op_code::is_null: return evaluate(n.kids[0], ctx).is_null();
        case op_code::is_not_null: return !evaluate(n.kids[0], ctx).is_null();
        case op_code::exists: return exists(n.kids[0], ctx);
        case op_code::logical_and:
            for (const auto& k : n.kids)
                if (!holds(k, ctx)) return false;
            return true;
        case op_code::logical_or:
            for (const auto& k : n.kids)
                if (holds(k, ctx)) return true;
            return false;
        case op_code::logical_not: return !holds(n.kids[0], ctx);
        default: return truthy(evaluate(n, ctx));
    }
}

value evaluate(const compiled_node& n, event_context& ctx) {
    value result;
    switch (n.code) {
        case op_code::constant: return n.constant;
        case op_code::raw_path: result = follow_path(ctx.root(), n.path, ctx); break;
        case op_code::field: result = follow_path(ctx.field(n.slot), n.path, ctx); break;
        case op_code::binding: result = follow_path(ctx.binding(n.slot), n.path, ctx); break;
        case op_code::local: result = follow_path(ctx.local(n.slot), n.path, ctx); break;
        case op_code::member: result = follow_path(evaluate(n.kids[0], ctx), n.path, ctx); break;
        case op_code::list: {
            auto& items = ctx.scratch_list();
            for (const auto& k : n.kids) items.push_back(evaluate(k, ctx));
            return value::of_list(items.data(), items.size());
        }
        case op_code::call: return n.fn->impl(call_args{n, ctx});
        case op_code::arithmetic: return arithmetic(n, ctx);
        default: return value::of_bool(holds(n, ctx));
    }
    if (ctx.listener) ctx.listener(n, result);
    return result;
}

}  // namespace vigil::engine

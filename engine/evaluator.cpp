// Tree-walking evaluation of compiled nodes. Comparisons and logic short-circuit; values are views.
#include "engine/evaluator.hpp"

#include "engine/compare.hpp"
#include "engine/functions.hpp"

namespace vigil::engine {

value follow_path(value v, const std::vector<path_step>& path) {
    for (const auto& step : path) {
        if (v.is_null()) return v;
        if (step.is_index) {
            if (v.type() != value_type::list) return {};
            int64_t n = static_cast<int64_t>(v.size());
            int64_t i = step.index < 0 ? n + step.index : step.index;
            if (i < 0 || i >= n) return {};
            v = v.at(static_cast<size_t>(i));
        } else {
            v = v.get(step.key);
        }
    }
    return v;
}

namespace {

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
    }
    return false;
}

}  // namespace

bool holds(const compiled_node& n, event_context& ctx) {
    switch (n.code) {
        case op_code::compare: {
            value l = evaluate(n.kids[0], ctx);
            value r = evaluate(n.kids[1], ctx);
            return compare_values(n, l, r) != n.negated;
        }
        case op_code::is_null: return evaluate(n.kids[0], ctx).is_null();
        case op_code::is_not_null: return !evaluate(n.kids[0], ctx).is_null();
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
        case op_code::raw_path: result = follow_path(ctx.root(), n.path); break;
        case op_code::field: result = follow_path(ctx.field(n.slot), n.path); break;
        case op_code::binding: result = follow_path(ctx.binding(n.slot), n.path); break;
        case op_code::member: result = follow_path(evaluate(n.kids[0], ctx), n.path); break;
        case op_code::list: {
            auto& items = ctx.scratch_list();
            for (const auto& k : n.kids) items.push_back(evaluate(k, ctx));
            return value::of_list(items.data(), items.size());
        }
        case op_code::call: return call_function(n, ctx);
        case op_code::concat: {
            auto& s = ctx.scratch_string();
            for (const auto& k : n.kids) {
                value part = evaluate(k, ctx);
                if (part.is_null()) return {};
                append_text(s, part);
            }
            return value::of_string(s);
        }
        default: return value::of_bool(holds(n, ctx));
    }
    if (ctx.listener) ctx.listener(n, result);
    return result;
}

}  // namespace vigil::engine

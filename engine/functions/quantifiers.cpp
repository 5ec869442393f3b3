// Quantifiers over lists: any, all, none, count and filter, each binding a variable to every element in turn
// (`any(containers, c, c.securityContext.privileged eq true)`). The variable is a local slot of the
// event context, chosen by nesting depth at compile time.
#include "engine/evaluator.hpp"
#include "engine/function_registry.hpp"
#include "engine/program.hpp"

namespace vigil::engine {

namespace {

enum class quantifier { any, all, none, count };

value quantify(const call_args& a, quantifier q) {
    value xs = a[0];
    const compiled_node& cond = a.call.kids[2];
    int64_t hits = 0;
    bool decided = false;
    if (xs.type() == value_type::list) {
        // A data-model field read inside the condition may run a quantifier of its own in the same
        // slot: the slot is saved here and given back, so each quantifier sees only its own element.
        value saved = a.ctx.local(a.call.slot);
        list_cursor cursor(xs);
        for (value item; !decided && cursor.next(item);) {
            a.ctx.local(a.call.slot) = item;
            bool h = holds(cond, a.ctx);
            hits += h;
            decided = (q == quantifier::any && h) || (q != quantifier::any && q != quantifier::count && (q == quantifier::all) != h);
        }
        a.ctx.local(a.call.slot) = saved;
    }
    switch (q) {
        case quantifier::any: return value::of_bool(hits > 0);
        case quantifier::all: return value::of_bool(!decided);
        case quantifier::none: return value::of_bool(hits == 0);
        case quantifier::count: return value::of_int(hits);
    }
    return {};
}

// The elements for which `cond` holds, in order: what a rule reports about the elements a quantifier
// found (the privileged containers' names and images: `filter(cs, c, …)[*].image`).
value filter(const call_args& a) {
    value xs = a[0];
    if (xs.type() != value_type::list) return {};
    const compiled_node& cond = a.call.kids[2];
    // Evaluating the condition may take scratch lists of its own, never this one (a deque keeps it).
    auto& items = a.ctx.scratch_list();
    value saved = a.ctx.local(a.call.slot);
    list_cursor cursor(xs);
    for (value item; cursor.next(item);) {
        a.ctx.local(a.call.slot) = item;
        if (holds(cond, a.ctx)) items.push_back(item);
    }
    a.ctx.local(a.call.slot) = saved;
    return value::of_list(items.data(), items.size());
}

constexpr std::array<uint8_t, 3> q_kinds{k_list | k_null, k_any, k_any};

const function_entry entries[] = {
    {.name = "any", .family = "quantifiers", .min_args = 3, .max_args = 3, .arg_kinds = q_kinds, .result = k_bool,
     .signature = "any(xs, x, cond)", .doc = "true when `cond` holds for some element `x` of list `xs`; false on an empty, null or non-list `xs`",
     .binds_variable = true, .impl = [](const call_args& a) { return quantify(a, quantifier::any); }},
    {.name = "all", .family = "quantifiers", .min_args = 3, .max_args = 3, .arg_kinds = q_kinds, .result = k_bool,
     .signature = "all(xs, x, cond)", .doc = "true when `cond` holds for every element `x` of `xs`; true on an empty, null or non-list `xs`",
     .binds_variable = true, .impl = [](const call_args& a) { return quantify(a, quantifier::all); }},
    {.name = "none", .family = "quantifiers", .min_args = 3, .max_args = 3, .arg_kinds = q_kinds, .result = k_bool,
     .signature = "none(xs, x, cond)", .doc = "true when `cond` holds for no element `x` of `xs`; true on an empty, null or non-list `xs`",
     .binds_variable = true, .impl = [](const call_args& a) { return quantify(a, quantifier::none); }},
    {.name = "count", .family = "quantifiers", .min_args = 3, .max_args = 3, .arg_kinds = q_kinds, .result = k_int,
     .signature = "count(xs, x, cond)", .doc = "the number of elements `x` of `xs` for which `cond` holds; 0 on a null or non-list `xs`",
     .binds_variable = true, .impl = [](const call_args& a) { return quantify(a, quantifier::count); }},
    {.name = "filter", .family = "quantifiers", .min_args = 3, .max_args = 3, .arg_kinds = q_kinds, .result = k_list | k_null,
     .signature = "filter(xs, x, cond)", .doc = "the elements `x` of `xs` for which `cond` holds, in order; null on a null or non-list `xs`",
     .binds_variable = true, .keeps_raw_text = raw_text::first_arg, .impl = filter},
};

}  // namespace

std::span<const function_entry> quantifier_functions() { return entries; }

}  // namespace vigil::engine

// Choice functions: the first non-null value, and if-then-else. Both evaluate only what they need.
#include "engine/evaluator.hpp"
#include "engine/function_registry.hpp"

namespace vigil::engine {

namespace {

value coalesce(const call_args& a) {
    for (size_t i = 0; i < a.size(); ++i) {
        value v = a[i];
        if (!v.is_null()) return v;
    }
    return {};
}

value if_(const call_args& a) { return holds(a.call.kids[0], a.ctx) ? a[1] : a[2]; }

const function_entry entries[] = {
    {.name = "coalesce", .family = "logic", .min_args = 1, .max_args = variadic, .arg_kinds = {k_any, k_any, k_any},
     .signature = "coalesce(a, b, …)", .doc = "the first argument that is not null (later ones are not evaluated)",
     .keeps_raw_text = raw_text::all_args, .impl = coalesce},
    {.name = "if", .family = "logic", .min_args = 3, .max_args = 3, .arg_kinds = {k_any, k_any, k_any},
     .signature = "if(c, a, b)", .doc = "`a` when condition `c` holds, else `b` (only the chosen branch is evaluated)",
     .keeps_raw_text = raw_text::branches, .impl = if_},
};

}  // namespace

std::span<const function_entry> logic_functions() { return entries; }

}  // namespace vigil::engine

// Conversions between text and numbers.
#include "engine/compare.hpp"
#include "engine/event_context.hpp"
#include "engine/function_registry.hpp"

#include <cmath>

namespace vigil::engine {

namespace {

value string_of(const call_args& a) {
    value x = a[0];
    if (x.is_null() || x.type() == value_type::string) return x;
    auto& out = a.ctx.scratch_string();
    append_text(out, x);
    return value::of_string(out);
}

// A number, or a string that is exactly a JSON number ("42", "-1.5e3"); null otherwise.
value as_number(const value& x) {
    if (x.is_number()) return x;
    if (x.type() == value_type::string)
        if (auto n = numeric_string(x.as_string())) return *n;
    return {};
}

value to_int(const call_args& a) {
    value n = as_number(a[0]);
    if (n.type() != value_type::floating) return n;
    double d = std::trunc(n.as_double());
    // Outside int64 (or not finite) there is no int to give: null, never undefined behaviour.
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) return {};
    return value::of_int(static_cast<int64_t>(d));
}

value to_float(const call_args& a) {
    value n = as_number(a[0]);
    return n.is_null() ? n : value::of_double(n.as_double());
}

const function_entry entries[] = {
    {.name = "string", .family = "conversion", .min_args = 1, .max_args = 1, .arg_kinds = {k_any, k_any, k_any},
     .result = k_string | k_null, .signature = "string(x)", .doc = "`x` as text (strings as they are, other values as compact JSON; null stays null)",
     .impl = string_of},
    {.name = "int", .family = "conversion", .min_args = 1, .max_args = 1, .arg_kinds = {k_any, k_any, k_any},
     .result = k_int | k_null, .signature = "int(x)",
     .doc = "a number or numeric string as an int (floats truncated toward zero); null otherwise or beyond 64 bits",
     .impl = to_int},
    {.name = "float", .family = "conversion", .min_args = 1, .max_args = 1, .arg_kinds = {k_any, k_any, k_any},
     .result = k_float | k_null, .signature = "float(x)", .doc = "a number or numeric string as a float; null otherwise",
     .impl = to_float},
};

}  // namespace

std::span<const function_entry> conversion_functions() { return entries; }

}  // namespace vigil::engine

// The built-in functions of the expression language: names and arities, checked at parse time.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vigil::dsl {

struct function_signature {
    std::string_view name;
    size_t min_args;
    size_t max_args;  // SIZE_MAX for variadic
    std::string_view summary;
};

const std::vector<function_signature>& builtin_functions();
const function_signature* find_function(std::string_view name);

}  // namespace vigil::dsl

// Numbers spelled in rule files (YAML plain scalars, condition literals) read without regexes or throws.
#pragma once

#include <cstdint>
#include <string_view>

namespace vigil::dsl {

struct number_text {
    enum class kind { not_a_number, integer, floating, out_of_range };
    kind what = kind::not_a_number;
    int64_t integer = 0;
    double floating = 0;
};

// A YAML 1.2 core-schema number: `[-+]?[0-9]+` (an integer when it fits 64 bits, else a float) or
// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`. A float beyond double range, overflowing
// or underflowing to zero (1e999, 1e-999), is `out_of_range`, not an infinity or a silent zero.
// One linear pass: no length makes it recurse or allocate (a regex overflowed the stack at 30,000 digits).
number_text read_number(std::string_view s);

}  // namespace vigil::dsl

// Hand-written scan of the YAML core schema's number forms, then std::from_chars for the value.
#include "dsl/number_text.hpp"

#include <charconv>

namespace vigil::dsl {

namespace {
bool is_digit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

number_text read_number(std::string_view s) {
    number_text out;
    size_t i = 0;
    const size_t n = s.size();
    if (i < n && (s[i] == '-' || s[i] == '+')) ++i;
    const size_t int_start = i;
    while (i < n && is_digit(s[i])) ++i;
    const bool int_digits = i > int_start;
    bool fraction = false, exponent = false;
    if (i < n && s[i] == '.') {
        fraction = true;
        const size_t frac_start = ++i;
        while (i < n && is_digit(s[i])) ++i;
        if (!int_digits && i == frac_start) return out;  // "." or "-." alone
    } else if (!int_digits) {
        return out;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        exponent = true;
        ++i;
        if (i < n && (s[i] == '-' || s[i] == '+')) ++i;
        const size_t exp_start = i;
        while (i < n && is_digit(s[i])) ++i;
        if (i == exp_start) return out;
    }
    if (i != n) return out;

    // from_chars takes no leading '+'.
    const char* first = s.data() + (s[0] == '+' ? 1 : 0);
    const char* last = s.data() + n;
    if (!fraction && !exponent) {
        auto [p, ec] = std::from_chars(first, last, out.integer);
        if (ec == std::errc() && p == last) {
            out.what = number_text::kind::integer;
            return out;
        }
        // Beyond 64 bits: a float, as JSON readers take it.
    }
    auto [p, ec] = std::from_chars(first, last, out.floating);
    if (ec == std::errc::result_out_of_range) out.what = number_text::kind::out_of_range;
    else if (ec == std::errc() && p == last) out.what = number_text::kind::floating;
    return out;
}

}  // namespace vigil::dsl

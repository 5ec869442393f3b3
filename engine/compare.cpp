// Comparison semantics: two-valued, null-safe, numbers compare numerically (also against numeric strings).
#include "engine/compare.hpp"

#include <charconv>
#include <cmath>

namespace vigil::engine {

namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool text_equal(std::string_view a, std::string_view b, bool ci) {
    if (a.size() != b.size()) return false;
    if (!ci) return a == b;
    for (size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

int text_order(std::string_view a, std::string_view b, bool ci) {
    size_t n = std::min(a.size(), b.size());
    for (size_t i = 0; i < n; ++i) {
        unsigned char x = static_cast<unsigned char>(ci ? lower(a[i]) : a[i]);
        unsigned char y = static_cast<unsigned char>(ci ? lower(b[i]) : b[i]);
        if (x != y) return x < y ? -1 : 1;
    }
    return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

size_t text_find(std::string_view hay, std::string_view needle, bool ci) {
    if (!ci) return hay.find(needle);
    if (needle.size() > hay.size()) return std::string_view::npos;
    for (size_t i = 0; i + needle.size() <= hay.size(); ++i)
        if (text_equal(hay.substr(i, needle.size()), needle, true)) return i;
    return std::string_view::npos;
}

// Exact, without rounding the int: as a double, 2^53 + 1 equals 2^53 and INT64_MAX equals 2^63.
int int_double_order(int64_t i, double d) {
    if (d >= 9223372036854775808.0) return -1;   // 2^63: above every int64
    if (d < -9223372036854775808.0) return 1;
    double whole = std::trunc(d);                // within int64 range here, so the cast is exact
    auto w = static_cast<int64_t>(whole);
    if (i != w) return i < w ? -1 : 1;
    return d > whole ? -1 : (d < whole ? 1 : 0);
}

int number_order(const value& a, const value& b) {
    bool ai = a.type() == value_type::integer, bi = b.type() == value_type::integer;
    if (ai && bi) return a.as_int() < b.as_int() ? -1 : (a.as_int() > b.as_int() ? 1 : 0);
    if (ai) return int_double_order(a.as_int(), b.as_double());
    if (bi) return -int_double_order(b.as_int(), a.as_double());
    double x = a.as_double(), y = b.as_double();
    return x < y ? -1 : (x > y ? 1 : 0);
}

// Numbers, with a numeric string on either side taken as its number.
std::optional<std::pair<value, value>> as_numbers(const value& a, const value& b) {
    if (a.is_number() && b.is_number()) return std::pair{a, b};
    if (a.is_number() && b.type() == value_type::string)
        if (auto n = numeric_string(b.as_string())) return std::pair{a, *n};
    if (b.is_number() && a.type() == value_type::string)
        if (auto n = numeric_string(a.as_string())) return std::pair{*n, b};
    return std::nullopt;
}

// JSON's number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? -- from_chars alone would
// also take "nan", "inf", "007" and "1.", and "nan" would then equal every number.
bool json_number_syntax(std::string_view s) {
    size_t i = 0;
    auto digits = [&] {
        size_t start = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        return i > start;
    };
    if (i < s.size() && s[i] == '-') ++i;
    if (i < s.size() && s[i] == '0') ++i;
    else if (!digits()) return false;
    if (i < s.size() && s[i] == '.' && (++i, !digits())) return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        if (!digits()) return false;
    }
    return i == s.size();
}

}  // namespace

std::optional<value> numeric_string(std::string_view s) {
    if (!json_number_syntax(s)) return std::nullopt;
    const char* b = s.data();
    const char* e = b + s.size();
    int64_t i = 0;
    auto [p, ec] = std::from_chars(b, e, i);
    if (ec == std::errc() && p == e) return value::of_int(i);
    double d = 0;
    auto [q, ec2] = std::from_chars(b, e, d, std::chars_format::general);
    if (ec2 == std::errc() && q == e) return value::of_double(d);
    return std::nullopt;
}

bool values_equal(const value& a, const value& b, bool ci) {
    if (a.type() == value_type::string && b.type() == value_type::string) return text_equal(a.as_string(), b.as_string(), ci);
    if (auto nums = as_numbers(a, b)) return number_order(nums->first, nums->second) == 0;
    if (a.type() != b.type()) return false;
    switch (a.type()) {
        case value_type::null: return true;
        case value_type::boolean: return a.as_bool() == b.as_bool();
        case value_type::list: {
            // In step, once over each: at(i) on a document array walks it from its start.
            list_cursor as(a), bs(b);
            value x, y;
            for (;;) {
                bool more_a = as.next(x), more_b = bs.next(y);
                if (more_a != more_b) return false;
                if (!more_a) return true;
                if (!values_equal(x, y, ci)) return false;
            }
        }
        case value_type::object: {
            // Objects are unordered (so not to_json ==, which compares key order), and members
            // compare as list elements do: with the numeric coercion and, for i-forms, any case.
            if (a.size() != b.size()) return false;
            bool equal = true;
            a.for_each_member([&](std::string_view key, const value& av) {
                if (!equal) return;
                bool found = false;
                b.for_each_member([&](std::string_view bkey, const value& bv) {
                    if (!found && text_equal(key, bkey, ci)) found = true, equal = values_equal(av, bv, ci);
                });
                equal = equal && found;
            });
            return equal;
        }
        default: return false;
    }
}

std::optional<int> order(const value& a, const value& b, bool ci) {
    if (auto nums = as_numbers(a, b)) return number_order(nums->first, nums->second);
    if (a.type() == value_type::string && b.type() == value_type::string) return text_order(a.as_string(), b.as_string(), ci);
    return std::nullopt;
}

bool contains(const value& hay, const value& needle, bool ci) {
    // README: contains and in are false on null, on either side (even for a list holding a null).
    if (needle.is_null()) return false;
    switch (hay.type()) {
        case value_type::string:
            return needle.type() == value_type::string && text_find(hay.as_string(), needle.as_string(), ci) != std::string_view::npos;
        case value_type::list:
        {
            list_cursor items(hay);
            for (value item; items.next(item);)
                if (values_equal(item, needle, ci)) return true;
            return false;
        }
        case value_type::object:
            if (needle.type() != value_type::string) return false;
            if (!ci) return hay.has_key(needle.as_string());
            {
                bool found = false;
                hay.for_each_member([&](std::string_view k, const value&) { found = found || text_equal(k, needle.as_string(), true); });
                return found;
            }
        default: return false;
    }
}

bool starts_with(const value& s, const value& prefix, bool ci) {
    if (s.type() != value_type::string || prefix.type() != value_type::string) return false;
    auto a = s.as_string(), p = prefix.as_string();
    return a.size() >= p.size() && text_equal(a.substr(0, p.size()), p, ci);
}

bool ends_with(const value& s, const value& suffix, bool ci) {
    if (s.type() != value_type::string || suffix.type() != value_type::string) return false;
    auto a = s.as_string(), p = suffix.as_string();
    return a.size() >= p.size() && text_equal(a.substr(a.size() - p.size()), p, ci);
}

}  // namespace vigil::engine

// Time functions over epoch milliseconds (UTC), with RFC 3339 text accepted wherever a time is.
#include "engine/event_time.hpp"
#include "engine/function_registry.hpp"

namespace vigil::engine {

namespace {

// Epoch milliseconds from an int (already a time) or RFC 3339 text; nullopt otherwise.
std::optional<int64_t> time_ms(const value& t) {
    if (t.type() == value_type::integer) return t.as_int();
    if (t.type() == value_type::string) return parse_timestamp_ms(t.as_string());
    return std::nullopt;
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

value parse_time(const call_args& a) {
    value s = a[0];
    if (s.type() != value_type::string) return {};
    auto ms = parse_timestamp_ms(s.as_string());
    return ms ? value::of_int(*ms) : value{};
}

value hour_of_day(const call_args& a) {
    auto ms = time_ms(a[0]);
    if (!ms) return {};
    return value::of_int(floor_div(*ms, 3600000) - floor_div(*ms, 86400000) * 24);
}

// ISO 8601 numbering: 1 = Monday … 7 = Sunday. 1970-01-01 was a Thursday (4).
value day_of_week(const call_args& a) {
    auto ms = time_ms(a[0]);
    if (!ms) return {};
    int64_t days = floor_div(*ms, 86400000);
    return value::of_int((days + 3) - floor_div(days + 3, 7) * 7 + 1);
}

const function_entry entries[] = {
    {.name = "parse_time", .family = "time", .min_args = 1, .max_args = 1, .arg_kinds = {k_string, k_any, k_any},
     .result = k_int | k_null, .signature = "parse_time(s)",
     .doc = "RFC 3339 text (0 to 9 fraction digits, `Z` or an offset) as epoch milliseconds; null when not a time",
     .impl = parse_time},
    {.name = "hour_of_day", .family = "time", .min_args = 1, .max_args = 1, .arg_kinds = {k_int | k_string, k_any, k_any},
     .result = k_int | k_null, .signature = "hour_of_day(t)", .doc = "0 … 23, UTC, of epoch milliseconds or RFC 3339 text `t`",
     .impl = hour_of_day},
    {.name = "day_of_week", .family = "time", .min_args = 1, .max_args = 1, .arg_kinds = {k_int | k_string, k_any, k_any},
     .result = k_int | k_null, .signature = "day_of_week(t)", .doc = "1 (Monday) … 7 (Sunday), UTC, of epoch milliseconds or RFC 3339 text `t`",
     .impl = day_of_week},
};

}  // namespace

std::span<const function_entry> time_functions() { return entries; }

}  // namespace vigil::engine

// Parsing event timestamps (RFC 3339 and Panther's p_event_time form) into milliseconds since the epoch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::engine {

// "2026-11-27T10:00:00Z", "2026-11-27T10:00:00.123456+02:00", "2026-11-27 10:00:00.000000000".
std::optional<int64_t> parse_timestamp_ms(std::string_view text);
// Inverse, for output: RFC 3339 UTC with milliseconds.
std::string format_timestamp_ms(int64_t ms);

}  // namespace vigil::engine

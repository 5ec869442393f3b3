// Timestamp rendering for microsecond Unix times, without libc/locale calls so it is fast and identical everywhere.
#pragma once

#include <cstdint>
#include <string>

namespace vigil::corpus {

// 2025-03-03T08:00:00.123456Z (Kubernetes audit, GCP LogEntry).
void append_rfc3339_micros(std::string& out, std::uint64_t unix_micros);

// 2025-03-03T08:00:00Z (object metadata timestamps have whole seconds).
void append_rfc3339_seconds(std::string& out, std::uint64_t unix_micros);

// 2025-03-03T08:00:00.1234560Z (Azure diagnostic logs print seven fractional digits).
void append_rfc3339_7digits(std::string& out, std::uint64_t unix_micros);

// 2025-03-03 08:00:00.123456 (Panther's p_event_time / p_parse_time).
void append_panther_time(std::string& out, std::uint64_t unix_micros);

// 0303 08:00:00.123456 (klog header of Kubernetes component logs, after the severity letter).
void append_klog_time(std::string& out, std::uint64_t unix_micros);

}  // namespace vigil::corpus

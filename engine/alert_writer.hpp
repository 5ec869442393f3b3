// Formats an alert as one NDJSON line (format documented in schemas/alert.schema.json).
#pragma once

#include "engine/event_processor.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace vigil::engine {

struct alert_source {
    std::string_view file;
    uint64_t line = 0;
    uint32_t index = 0;  // the event's 1-based position in the envelope on that line (0: the line is the event)
};

// Appends the alert's JSON line (with trailing newline) to `out`. `raw_event` is the input line,
// already validated as a JSON object, embedded verbatim so the event is passed on byte-exact.
void append_alert_json(std::string& out, const rule_match& m, const rule_outputs& outputs, std::string_view log_type,
                       const alert_source& source, std::optional<int64_t> event_time_ms, std::string_view raw_event);

}  // namespace vigil::engine

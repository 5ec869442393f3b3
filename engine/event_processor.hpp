// Judges one raw event line against a ruleset: parse, find its log type, run that type's rules.
// One processor per thread; the ruleset it reads is shared and immutable.
#pragma once

#include "engine/event_context.hpp"
#include "engine/event_document.hpp"
#include "engine/ruleset.hpp"

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace vigil::engine {

// `skipped`: the prefilter proved no rule can match, so the line was not parsed. `not_an_event`:
// an envelope line that is no envelope of its kind, or an element of one that is no event (set by
// the envelope stage, never by process()).
enum class event_status { ok, skipped, invalid_json, missing_log_type, unknown_log_type, not_an_event };

// What grouping needs of a match. The other outputs (title, severity, context) are rendered by a
// match_renderer only for the matches that become alerts: most matches fall in an open dedup window.
struct rule_match {
    const compiled_rule* rule = nullptr;
    const rule_variant* variant = nullptr;
    std::string dedup;
    std::string distinct;       // the Threshold DistinctOn value, when has_distinct
    bool has_distinct = false;  // false: the rule has no DistinctOn, or its value was null
    std::optional<int64_t> event_time_ms;  // from the data model's EventTime or p_event_time
};

struct event_result {
    event_status status = event_status::ok;
    std::string error;            // for invalid_json and not_an_event
    std::string log_type;
    std::span<const rule_match> matches() const { return {match_storage.data(), match_count}; }
    // Reused across events, so that the match strings keep their capacity: [0, match_count) is this event's.
    std::vector<rule_match> match_storage;
    size_t match_count = 0;
    std::vector<std::string> read_errors;  // data-model read errors met while judging
};

// off: parse every line. adaptive: scan with the literal prefilter while it lets enough lines skip
// parsing, and pause it while it does not. always: scan every line (tests of its exactness).
enum class prefilter_mode { off, adaptive, always };

class event_processor {
public:
    explicit event_processor(std::shared_ptr<const ruleset> rules, prefilter_mode mode = prefilter_mode::adaptive);

    // `line` must be followed by simdjson::SIMDJSON_PADDING readable bytes. `default_log_type`
    // applies to events without p_log_type (empty: such events are reported).
    void process(std::string_view line, std::string_view default_log_type, event_result& out);
    const ruleset& rules() const { return *rules_; }
    // Bytes held between events for parsing and scratch: bounded whatever the events were.
    size_t held_bytes() const { return doc_.capacity() + ctx_.scratch_bytes(); }

private:
    std::shared_ptr<const ruleset> rules_;
    bool scan_line(std::string_view line, event_result& out);

    std::unique_ptr<prefilter_scanner> scanner_;  // null when the prefilter is off
    bool adaptive_ = true;
    // Scanning pays only while it lets lines skip parsing; when few do, it pauses for a while.
    uint32_t window_scanned_ = 0, window_skipped_ = 0, pause_left_ = 0;
    event_document doc_;
    event_context ctx_;
    std::vector<uint32_t> candidates_;
};

// Renders the full outputs of a match again from its raw line (parsed anew: the judging thread has
// moved on). One per output thread.
class match_renderer {
public:
    // `line` is the event's raw line. False (with `error`) if it does not parse, which a line that
    // matched cannot do.
    bool render(std::string_view line, const rule_match& m, rule_outputs& out, std::string& error);

private:
    event_document doc_;
    event_context ctx_;
};

// The event time of the event in `ctx`: the model's EventTime expression, else raw p_event_time.
std::optional<int64_t> event_time_of(event_context& ctx);

}  // namespace vigil::engine

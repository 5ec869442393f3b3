// Why an event did or did not match (`vigil explain`, `ruletest --explain`): per rule of its log type,
// the decision, every condition line and exclusion with each of its leaves and what they read, the
// data-model fields as read and what they map, the outputs a match produces, and what the literal
// prefilter and the equality index would have done with the event.
#pragma once

#include "engine/ruleset.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace vigil::engine {

// One event line (any bytes; copied, so no padding is needed). `only_rules`: explain just these
// RuleIDs (empty: every rule of the event's log type). The result (README "vigil explain" shows it):
// {"log_type", "status" (ok, invalid_json, missing_log_type, unknown_log_type), "error",
//  "prefilter": {"skips": bool, "reason"}, "rules": [{"rule_id", "file", "line", "decision"
//  ("match", "no match", "excluded"), "index_candidate", "conditions": [POINT], "exclusions":
//  [POINT + "name"], "fields": [{"name", "value", "mapping"}], "outputs": {...} or null}]}
// where POINT is {"text", "file", "line", "column", "value", "evaluated"} and either "parts" (for
// `and`/`or`/`not`: each operand as {"text", "line", "column", "value"} with its own "parts", or
// for a leaf its "reads": ["path = value", ...]) or, for a point that is a leaf itself, "reads". A
// macro's use is a leaf. `evaluated` is false for what the decision never reached (a condition
// after the first false one, an exclusion after the first that fired, every exclusion of an event
// the conditions reject): its value is shown all the same.
nlohmann::ordered_json explain_event(const ruleset& rs, std::string_view line, std::string_view default_log_type,
                                     const std::vector<std::string>& only_rules = {});

// The explanation as indented text for people: one block per rule, a line per condition and
// exclusion and, indented under it, per part with its value and position; then the fields read and
// the outputs.
std::string explanation_text(const nlohmann::ordered_json& explanation);

}  // namespace vigil::engine

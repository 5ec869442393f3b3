// Lint of rules and their tests, reported by `vigil check` as warnings with stable codes (README, "Lint codes").
#pragma once

#include "dsl/diagnostics.hpp"
#include "engine/ruleset.hpp"

namespace vigil::tools {

// Warns, at the rule's RuleID, for a rule without tests (`ruletest --minimum-tests N` also asks for
// both a true and a false one); and, at the test, for a test log whose p_log_type is not one of the
// rule's LogTypes (ruletest would fail it without judging it). Codes V101, V102. Disabled rules are
// linted too, by every function here.
void warn_rule_tests(const engine::ruleset& rs, dsl::diagnostics& diags);

// V105: a condition or exclusion that constant folding proves always true or always false.
// V107: an exclusion whose condition repeats another exclusion's (whitespace aside).
// V108: a `matches` whose pattern is plain text, maybe anchored: eq/starts_with/ends_with/contains
// say the same, faster, and the prefilter and the equality index can use them.
void warn_rule_logic(const engine::ruleset& rs, dsl::diagnostics& diags);

// V106: a field or raw path a rule's conditions or exclusions read that none of the rule's test logs
// of that log type holds a value for (evaluated as the rule reads it, data model included): the
// tests never show the rule with a value there. Log types without test logs are left out.
void warn_untested_fields(const engine::ruleset& rs, dsl::diagnostics& diags);

}  // namespace vigil::tools

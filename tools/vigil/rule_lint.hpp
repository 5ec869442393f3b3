// Lint of a rule's own tests, reported by `vigil check`: rules that prove nothing, tests that cannot run.
#pragma once

#include "dsl/diagnostics.hpp"
#include "engine/ruleset.hpp"

namespace vigil::tools {

// Warns, at the rule's RuleID, for a rule without tests (`ruletest --minimum-tests N` also asks for
// both a true and a false one); and, at the test, for a test log whose p_log_type is not one of the
// rule's LogTypes (ruletest would fail it without judging it). Disabled rules are linted too.
void warn_rule_tests(const engine::ruleset& rs, dsl::diagnostics& diags);

}  // namespace vigil::tools

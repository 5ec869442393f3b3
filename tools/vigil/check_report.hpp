// `vigil check --format json|sarif`: the diagnostics as one JSON document for tools and CI.
#pragma once

#include "dsl/diagnostics.hpp"

#include <iosfwd>
#include <vector>

namespace vigil::tools {

struct check_totals {
    size_t files = 0, rules = 0, models = 0, packs = 0, errors = 0, warnings = 0, suppressed = 0;
};

// {"diagnostics": [{"level", "code", "file", "line", "column", "message"}], "summary": {...}};
// `code` is null for load errors and notes.
void print_check_json(std::ostream& out, const dsl::diagnostics& diags, const check_totals& totals);

// SARIF 2.1.0 (OASIS "Static Analysis Results Interchange Format", the format GitHub code scanning
// and other CI annotation UIs read): one run of tool "vigil" whose driver lists every lint code
// as a reportingDescriptor, and one result per diagnostic with its level and physical location
// (region startLine/startColumn, 1-based as in the text output). Load errors have ruleId "load".
void print_check_sarif(std::ostream& out, const dsl::diagnostics& diags);

// The lint codes and their one-line descriptions (README "Lint codes").
struct lint_code {
    const char* code;
    const char* summary;
};
const std::vector<lint_code>& lint_codes();

}  // namespace vigil::tools

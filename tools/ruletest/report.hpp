// The results of one ruletest run, and the three ways to print them.
#pragma once

#include "dsl/diagnostics.hpp"
#include "engine/test_coverage.hpp"
#include "engine/test_runner.hpp"

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace vigil::ruletest {

struct suite {
    std::string id;
    std::string kind;  // "rule" or "datamodel"
    std::string file;
    std::vector<engine::test_outcome> tests;
    std::vector<nlohmann::ordered_json> normalised;  // data models: per test, the normalised fields
    std::vector<std::string> problems;               // e.g. --minimum-tests not met (each counts as a failure)
    std::optional<engine::rule_coverage> coverage;   // rules, with --coverage
};

struct run_report {
    std::vector<suite> suites;
    size_t passed = 0;
    size_t failed = 0;
    size_t errors = 0;  // load errors
};

void count(run_report& r);
void print_text(std::ostream& out, const run_report& r, bool failures_only);
void print_json(std::ostream& out, const run_report& r, bool failures_only);
void print_junit(std::ostream& out, const run_report& r, bool failures_only);

// Coverage (--coverage): outcomes covered and in all over the rules measured; percent is 100 when
// there is nothing to cover.
struct coverage_totals {
    size_t covered = 0, total = 0, rules = 0;
    double percent() const { return total ? 100.0 * static_cast<double>(covered) / static_cast<double>(total) : 100.0; }
};
coverage_totals total_coverage(const run_report& r);
// Per rule its figure and every outcome its tests never produced, with file:line:col; then the total.
void print_coverage_text(std::ostream& out, const run_report& r);
// {"covered", "total", "percent", "points": [{"kind", "file", "line", "column", "text", "seen_true", "seen_false"}]}
nlohmann::ordered_json coverage_json(const engine::rule_coverage& c);

}  // namespace vigil::ruletest

// The results of one ruletest run, and the three ways to print them.
#pragma once

#include "dsl/diagnostics.hpp"
#include "engine/test_runner.hpp"

#include <iosfwd>
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

}  // namespace vigil::ruletest

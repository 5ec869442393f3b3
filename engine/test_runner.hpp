// Runs the tests embedded in rule and data-model files, and explains every failure.
#pragma once

#include "engine/ruleset.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace vigil::engine {

struct test_outcome {
    std::string name;
    dsl::file_position where;
    bool passed = false;
    bool expected = false;
    bool actual = false;
    bool has_outputs = false;   // title/dedup/severity/context were produced (the rule matched)
    rule_outputs outputs;
    std::string reason;         // why it failed (which condition, what it read, output diffs)
};

struct rule_test_report {
    const dsl::rule_spec* spec = nullptr;
    std::vector<test_outcome> tests;
};

struct model_test_report {
    const dsl::datamodel_spec* spec = nullptr;
    std::vector<test_outcome> tests;
    std::vector<nlohmann::ordered_json> normalised;  // per test: every mapping's value
};

// The events of a test: its `Log`, or each of its `Logs`, in order (pointers into `t`).
std::vector<const nlohmann::ordered_json*> test_logs(const dsl::rule_test& t);
// The log type a test log is judged as: its p_log_type when a string, else the rule's first LogType.
std::string test_log_type(const dsl::rule_spec& spec, const nlohmann::ordered_json& log);

// `only_test`: run just the test of that name (empty: all).
rule_test_report run_rule_tests(const ruleset& rs, const compiled_rule& rule, const std::string& only_test = "");
model_test_report run_model_tests(const compiled_model& model, const std::string& only_test = "");

// What a condition read while deciding, as `path = value` lines (used in reasons and `vigil explain`).
std::vector<std::string> trace_reads(const compiled_node& n, const dsl::expression_text& source, event_context& ctx);

}  // namespace vigil::engine

// Hostile rule files: every kind of bad number, string, alias, nesting and node kind is a diagnostic
// at file:line:col, never an abort, a crash, a hang or a runaway allocation (issue 14, point 1).
#include "dsl/document_loader.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace {

using namespace vigil::dsl;

struct hostile_row {
    std::string name;
    std::string text;
    std::string message_part;  // of some error
    uint32_t line, column;     // of that error
};

std::string repeat(std::string_view s, size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (size_t i = 0; i < n; ++i) out += s;
    return out;
}

// A rule whose one test has the given Log (line 9, the Log value at column 10).
std::string rule_with_log(const std::string& log) {
    return "AnalysisType: rule\nRuleID: Hostile.Log\nLogTypes: [Amazon.EKS.Audit]\nSeverity: Low\n"
           "Condition: verb eq \"create\"\nTests:\n  - Name: t\n    ExpectedResult: false\n    Log: " + log + "\n";
}

// A rule with the given condition text (line 5, the condition at column 12).
std::string rule_with_condition(const std::string& condition) {
    return "AnalysisType: rule\nRuleID: Hostile.Condition\nLogTypes: [Amazon.EKS.Audit]\nSeverity: Low\nCondition: " + condition + "\n";
}

std::vector<hostile_row> hostile_rows() {
    return {
        // Numbers out of range, wherever a number can appear.
        {"condition float overflow", rule_with_condition("code ge 1e999"), "number out of range", 5, 20},
        {"condition float underflow", rule_with_condition("code ge 1e-999"), "number out of range", 5, 20},
        {"condition 400-digit float", rule_with_condition("code ge " + repeat("9", 400) + ".5"), "number out of range", 5, 20},
        {"condition integer beyond 64 bits", rule_with_condition("code ge " + repeat("9", 30)), "integer out of range", 5, 20},
        {"Log scalar overflow", rule_with_log("{verb: create, n: 1e999}"), "number out of range", 9, 28},
        {"Log scalar underflow", rule_with_log("{verb: create, n: -1e-999}"), "number out of range", 9, 28},
        {"Log scalar of 310 digits", rule_with_log("{verb: create, n: " + repeat("1", 310) + "}"), "number out of range", 9, 28},
        {"Log scalar of 30,000 digits", rule_with_log("{verb: create, n: " + repeat("1", 30000) + "}"), "number out of range", 9, 28},
        {"Reports scalar overflow",
         "AnalysisType: rule\nRuleID: Hostile.Reports\nLogTypes: [t]\nSeverity: Low\nCondition: a\nReports:\n  x: [1e999]\n",
         "number out of range", 7, 7},
        {"ExpectedAlertContext overflow",
         "AnalysisType: rule\nRuleID: Hostile.Context\nLogTypes: [t]\nSeverity: Low\nCondition: a\nAlertContext: {n: a}\nTests:\n"
         "  - Name: t\n    ExpectedResult: true\n    Log: {a: 1}\n    ExpectedAlertContext: {n: 9e99999}\n",
         "number out of range", 11, 31},
        {"data-model Expected overflow",
         "AnalysisType: datamodel\nDataModelID: Hostile.Model\nLogTypes: [t]\nMappings: {v: a}\nTests:\n"
         "  - Name: t\n    Log: {a: 1}\n    Expected: {v: 1e400}\n",
         "number out of range", 8, 19},
    };
}

TEST_CASE("hostile rule files are diagnostics at their position", "[dsl][hostile]") {
    for (const auto& row : hostile_rows()) {
        SECTION(row.name) {
            document_set docs;
            diagnostics diags;
            load_document_text("rules/hostile.yml", row.text, docs, diags);
            std::string all;
            bool found = false;
            for (const auto& d : diags.items()) {
                all += format_diagnostic(d);
                if (d.level == severity_level::error && d.message.find(row.message_part) != std::string::npos) {
                    found = true;
                    CHECK(d.where.file == "rules/hostile.yml");
                    CHECK(d.where.line == row.line);
                    CHECK(d.where.column == row.column);
                }
            }
            INFO(all.substr(0, 2000));
            CHECK(found);
            // Whatever has an error is left out whole.
            CHECK(docs.rules.empty());
            CHECK(docs.datamodels.empty());
        }
    }
}

}  // namespace

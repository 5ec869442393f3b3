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

// Ten anchors, each a list of ten aliases of the one before: 10^9 values once expanded (line 8: a1).
std::string alias_bomb() {
    std::string t = "AnalysisType: rule\nRuleID: Hostile.Bomb\nLogTypes: [t]\nSeverity: Low\nCondition: a\nReports:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i < 10; ++i) {
        std::string prev = "*a" + std::to_string(i - 1);
        t += "  a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + prev;
        for (int k = 1; k < 10; ++k) t += ", " + prev;
        t += "]\n";
    }
    return t;
}

// A 100 kB string, then 300 tests whose Log holds it through an alias: 30 MB of copies from 100 kB.
std::string long_string_aliases() {
    std::string t = "AnalysisType: rule\nRuleID: Hostile.LongAliases\nLogTypes: [t]\nSeverity: Low\nCondition: a\nTests:\n";
    t += "  - {Name: t0, ExpectedResult: false, Log: {a: &s " + repeat("x", 100000) + "}}\n";
    for (int i = 1; i < 300; ++i) t += "  - {Name: t" + std::to_string(i) + ", ExpectedResult: false, Log: {a: *s}}\n";
    return t;
}

// Anchor k is a list holding anchor k-1: each alias one level deeper, with a file of `n` short lines.
std::string alias_chain(int n) {
    std::string t = "AnalysisType: rule\nRuleID: Hostile.Chain\nLogTypes: [t]\nSeverity: Low\nCondition: a\nReports:\n  c0: &c0 [x]\n";
    for (int i = 1; i < n; ++i) t += "  c" + std::to_string(i) + ": &c" + std::to_string(i) + " [*c" + std::to_string(i - 1) + "]\n";
    return t;
}

// Block sequences nested `n` deep under Reports (a line each, two more spaces each).
std::string block_nesting(int n) {
    std::string t = "AnalysisType: rule\nRuleID: Hostile.Block\nLogTypes: [t]\nSeverity: Low\nCondition: a\nReports:\n  x:\n";
    for (int i = 0; i < n; ++i) t += std::string(2 * i + 4, ' ') + "-\n";
    return t;
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

        // Wrong node kinds: iterating a mapping as a list threw YAML::InvalidNode.
        {"data-model Tests as a mapping",
         "AnalysisType: datamodel\nDataModelID: Hostile.Model\nLogTypes: [t]\nMappings: {v: a}\nTests: {Name: x}\n",
         "wrong type: Tests must be a list, not a mapping", 5, 8},
        {"data-model Tests as a mapping with an empty key", "AnalysisType: datamodel\nTests:\n:", "wrong type: Tests must be a list", 3, 1},
        {"data-model Tests as a scalar",
         "AnalysisType: datamodel\nDataModelID: Hostile.Model\nLogTypes: [t]\nMappings: {v: a}\nTests: all\n",
         "wrong type: Tests must be a list, not a scalar", 5, 8},
        {"rule Tests as a mapping", rule_with_condition("a") + "Tests: {Name: x}\n", "wrong type: Tests must be a list", 6, 8},
        {"Log as a list", rule_with_log("[1, 2]"), "wrong type: Log must be a mapping", 9, 10},
        {"Log key that is a list", rule_with_log("{? [a, b] : 1}"), "wrong type: keys in Log must be strings, not a list", 9, 13},
        {"Reports key that is a mapping",
         "AnalysisType: rule\nRuleID: Hostile.Reports\nLogTypes: [t]\nSeverity: Low\nCondition: a\nReports:\n  ? {a: 1}\n  : [x]\n",
         "wrong type: keys in Reports must be strings, not a mapping", 7, 5},
        {"Exclusions as a scalar", rule_with_condition("a") + "Exclusions: none\n", "wrong type: Exclusions must be a list", 6, 13},
        {"ExpectedAlertContext as a list", rule_with_log("{a: 1}") + "    ExpectedAlertContext: [1]\n",
         "wrong type: ExpectedAlertContext must be a mapping", 10, 27},

        // Invalid UTF-8 and NUL bytes, anywhere in the file or spelled by an escape.
        {"invalid UTF-8 in the RuleID", "AnalysisType: rule\nRuleID: Bad\xffId\nLogTypes: [t]\nSeverity: Low\nCondition: a\n",
         "invalid UTF-8 (byte 0xFF)", 2, 12},
        {"truncated UTF-8 in a test Log string", rule_with_log("{verb: \"\xc3\"}"), "invalid UTF-8 (byte 0xC3)", 9, 18},
        {"invalid UTF-8 inside a flow mapping", rule_with_log("{\x9a}"), "invalid UTF-8 (byte 0x9A)", 9, 11},
        {"overlong UTF-8 in a comment", rule_with_condition("a  # \xc0\xaf"), "invalid UTF-8 (byte 0xC0)", 5, 17},
        {"UTF-8 surrogate in a condition string", rule_with_condition("'a eq \"\xed\xa0\x80\"'"), "invalid UTF-8 (byte 0xED)", 5, 19},
        {"raw NUL byte in a condition", rule_with_condition(std::string("a eq \"x") + '\0' + "y\""), "NUL byte", 5, 19},
        {"NUL escape in a double-quoted RuleID", "AnalysisType: rule\nRuleID: \"a\\0b\"\nLogTypes: [t]\nSeverity: Low\nCondition: a\n",
         "NUL byte in a string", 2, 11},
        {"NUL escape in a test Log value", rule_with_log("{verb: \"x\\0\"}"), "NUL byte in a string", 9, 19},

        // Aliases: expansion is bounded, a cycle is named, a chain of them is nesting like any other.
        // The bomb is reported at the top-level key whose value it blows up; the chain where it first
        // passes the limit (c254 reaching c0, line 7).
        {"alias bomb in Reports", alias_bomb(), "YAML aliases expand 'Reports' past", 6, 1},
        {"one long string aliased many times", long_string_aliases(), "YAML aliases expand 'Tests' past", 6, 1},
        {"alias that contains itself (list)", rule_with_condition("a") + "Reports: &r {x: [*r]}\n", "refers to a node that contains it", 6, 10},
        {"alias that contains itself (mapping)", rule_with_log("&l {verb: create, again: *l}"), "refers to a node that contains it", 9, 10},
        {"alias chain 300 deep", alias_chain(300), "YAML nested too deeply (more than 256 levels)", 7, 7},

        // Nesting past the limit in YAML (flow and block), in a JSON-string Log and in an expression.
        // YAML levels count from the document's top (document, Tests, the test, Log: the 253rd '['
        // is level 257); past yaml-cpp's own guard only brackets can be counted (the 256th '[').
        {"YAML flow nesting 300", rule_with_log("{a: " + repeat("[", 300) + repeat("]", 300) + "}"), "YAML nested too deeply (more than 256 levels)", 9, 266},
        {"YAML flow nesting 600 (past yaml-cpp's own guard)", rule_with_log("{a: " + repeat("[", 600) + repeat("]", 600) + "}"),
         "YAML nested too deeply (more than 256 levels)", 9, 269},
        {"YAML block nesting 300", block_nesting(300), "YAML nested too deeply (more than 256 levels)", 262, 513},
        {"JSON-string Log nesting 300", rule_with_log("'{\"a\": " + repeat("[", 300) + repeat("]", 300) + "}'"),
         "JSON nested too deeply (more than 256 levels)", 9, 272},
        {"JSON-string Log nesting 100000", rule_with_log("'{\"a\": " + repeat("[", 100000) + repeat("]", 100000) + "}'"),
         "JSON nested too deeply (more than 256 levels)", 9, 272},
        {"expression nesting 300", rule_with_condition(repeat("(", 300) + "a" + repeat(")", 300)), "nested too deeply", 5, 12 + 257},

        // Duplicate keys in a test's Log: an error, not "last wins".
        {"duplicate key in a Log mapping", rule_with_log("{verb: create, verb: get}"), "duplicate key 'verb' in Log", 9, 25},
        {"duplicate key nested in a Log mapping", rule_with_log("{a: {b: 1, c: 2, b: 3}}"), "duplicate key 'b' in Log", 9, 27},
        {"duplicate key in a JSON-string Log", rule_with_log("'{\"verb\": \"create\", \"verb\": \"get\"}'"), "duplicate key \"verb\"", 9, 30},
        {"duplicate key spelled with an escape in a JSON-string Log", rule_with_log("'{\"a\": {\"ab\": 1, \"a\\u0062\": 2}}'"),
         "duplicate key \"a\\u0062\"", 9, 27},
        {"JSON-string Log number out of range", rule_with_log("'{\"n\": 1e999}'"), "number out of range", 9, 17},
        {"JSON-string Log of 30,000 digits", rule_with_log("'{\"n\": " + repeat("7", 30000) + "}'"), "number out of range", 9, 17},
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

namespace {

// The JSON-string Log is built member by member (appending, since ordered_json's insert by key is a
// linear search: quadratic over a large Log); it must read exactly as nlohmann's own parser reads it.
TEST_CASE("a JSON-string Log reads as nlohmann's parser reads it, in order", "[dsl][hostile]") {
    std::string many = "{";
    for (int i = 0; i < 20000; ++i) many += (i ? ",\"k" : "\"k") + std::to_string(19999 - i) + "\":" + std::to_string(i);
    many += "}";
    const std::string texts[] = {
        R"({"p_log_type":"Amazon.EKS.Audit","verb":"create","n":-1,"u":18446744073709551615,"f":1.5e300,"t":true,"z":null})",
        R"({"b":{"y":[1,[2,{"q":[]}],{}],"x":{"c":{"d":"\u00e9\n"}}},"a":[[],[[]]]})",
        many,
    };
    for (const auto& text : texts) {
        document_set docs;
        diagnostics diags;
        load_document_text("rules/log.yml", rule_with_log("'" + text + "'"), docs, diags);
        REQUIRE(diags.error_count() == 0);
        REQUIRE(docs.rules.size() == 1);
        REQUIRE(docs.rules[0].tests.size() == 1);
        const auto& log = docs.rules[0].tests[0].log;
        const auto reference = nlohmann::ordered_json::parse(text);  // slow on `many`, but the reference
        CHECK(log == reference);
        CHECK(log.dump() == reference.dump());  // the same key order
    }
}

}  // namespace

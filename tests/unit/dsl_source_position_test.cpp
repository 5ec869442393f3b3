// Errors inside YAML scalars (every quoting and block style) point at the right file line and column.
#include "dsl/document_loader.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

namespace {

using namespace vigil::dsl;

// Four header lines, so the body under test starts on line 5.
std::string rule_with(std::string_view body) {
    return "AnalysisType: rule\nRuleID: Test.Position\nLogTypes: [Test.Log]\nSeverity: Info\n" + std::string(body);
}

diagnostics load(const std::string& text) {
    document_set docs;
    diagnostics diags;
    load_document_text("rules/test.yml", text, docs, diags);
    return diags;
}

// The one error of `text`, with its caret checked against the word it must sit under.
diagnostic only_error(const std::string& text, std::string_view word_at_caret) {
    auto diags = load(text);
    for (const auto& d : diags.items()) INFO(format_diagnostic(d));
    REQUIRE(diags.items().size() == 1);
    const diagnostic& d = diags.items()[0];
    INFO(format_diagnostic(d));
    CHECK(d.where.file == "rules/test.yml");
    REQUIRE(d.where.column >= 1);
    CHECK(d.source_line.substr(d.where.column - 1, word_at_caret.size()) == word_at_caret);
    return d;
}

}  // namespace

TEST_CASE("dsl positions: (a) error in a plain scalar", "[dsl][positions]") {
    auto d = only_error(rule_with("Condition: username containz \"x\"\n"), "containz");
    CHECK(d.where.line == 5);
    CHECK(d.where.column == 21);
    CHECK_THAT(d.message, Catch::Contains("did you mean 'contains'"));
}

TEST_CASE("dsl positions: (b) error in a double-quoted scalar", "[dsl][positions]") {
    auto d = only_error(rule_with(R"~(Condition: "verb eq \"create\" and username containz \"x\"")~"
                                  "\n"),
                        "containz");
    CHECK(d.where.line == 5);
    CHECK(d.where.column == 45);
}

TEST_CASE("dsl positions: (c) error in a single-quoted scalar", "[dsl][positions]") {
    auto d = only_error(rule_with("Condition: 'verb eq \"create\" and username containz ''x'''\n"), "containz");
    CHECK(d.where.line == 5);
    CHECK(d.where.column == 43);
}

TEST_CASE("dsl positions: (d) error in a list item", "[dsl][positions]") {
    auto d = only_error(rule_with("Condition:\n"
                                  "  - verb eq \"create\"\n"
                                  "  - username ne \"bootstrap\" and username containz \"x\"\n"),
                        "containz");
    CHECK(d.where.line == 7);
    CHECK(d.where.column == 42);
}

TEST_CASE("dsl positions: (e) error on the second line of a literal block scalar", "[dsl][positions]") {
    auto d = only_error(rule_with("Condition: |\n"
                                  "  verb eq \"create\"\n"
                                  "    and username containz \"x\"\n"),
                        "containz");
    CHECK(d.where.line == 7);
    CHECK(d.where.column == 18);
}

TEST_CASE("dsl positions: (f) error on the second line of a folded block scalar", "[dsl][positions]") {
    auto d = only_error(rule_with("Condition: >-\n"
                                  "  verb eq \"create\"\n"
                                  "    and username containz \"x\"\n"),
                        "containz");
    CHECK(d.where.line == 7);
    CHECK(d.where.column == 18);
    // Same indentation: the line break folds into a space, and the position still follows the file.
    auto e = only_error(rule_with("Condition: >-\n"
                                  "  verb eq \"create\"\n"
                                  "  and username containz \"x\"\n"),
                        "containz");
    CHECK(e.where.line == 7);
    CHECK(e.where.column == 16);
}

TEST_CASE("dsl positions: (g) error in a template hole of AlertTitle", "[dsl][positions]") {
    auto d = only_error(rule_with("Condition: verb eq \"create\"\n"
                                  "AlertTitle: '[{coalesce(username, \"<none>\")}] made {name containz \"x\"}'\n"),
                        "containz");
    CHECK(d.where.line == 6);
    CHECK(d.where.column == 58);
    CHECK_THAT(d.message, Catch::StartsWith("in template hole: unknown operator 'containz'"));
}

TEST_CASE("dsl positions: multi-line plain scalar", "[dsl][positions]") {
    auto d = only_error(rule_with("Condition: verb eq \"create\"\n"
                                  "  and username containz \"x\"   # a comment\n"),
                        "containz");
    CHECK(d.where.line == 6);
    CHECK(d.where.column == 16);
}

TEST_CASE("dsl positions: double-quoted scalar with YAML escapes before the error", "[dsl][positions]") {
    // \t and \n stand for bytes that are not in the file; the column must still be right after them.
    auto d = only_error(rule_with(R"~(Condition: "a eq \"x\ty\" and b ne \"\n\" and username containz \"x\"")~"
                                  "\n"),
                        "containz");
    CHECK(d.where.line == 5);
    CHECK(d.where.column == 56);
    auto e = only_error(rule_with(R"~(Condition: "a eq \"\u00e9\x41\" and username containz 1")~"
                                  "\n"),
                        "containz");
    CHECK(e.where.line == 5);
    CHECK(e.where.column == 46);
}

TEST_CASE("dsl positions: unterminated string points at its opening quote", "[dsl][positions]") {
    auto d = only_error(rule_with("Condition: |\n"
                                  "  verb eq \"create\"\n"
                                  "    and username eq \"x\n"),
                        "\"x");
    CHECK(d.where.line == 7);
    CHECK(d.where.column == 21);
    CHECK_THAT(d.message, Catch::Contains("unterminated string literal"));
}

TEST_CASE("dsl positions: exclusions, dynamic severities, alert context and Dedup", "[dsl][positions]") {
    auto d = only_error(rule_with("Condition: verb eq \"create\"\n"
                                  "Exclusions:\n"
                                  "  - Name: system\n"
                                  "    Condition: username starts_wth \"system:\"\n"),
                        "starts_wth");
    CHECK(d.where.line == 8);
    CHECK(d.where.column == 25);

    auto s = only_error(rule_with("Condition: verb eq \"create\"\n"
                                  "DynamicSeverities:\n"
                                  "  - Condition: username contains \"sa\" and\n"
                                  "    Severity: High\n"),
                        "");
    CHECK(s.where.line == 7);
    CHECK(s.where.column == 42);
    CHECK_THAT(s.message, Catch::Contains("expected an expression after 'and'"));

    auto c = only_error(rule_with("Condition: verb eq \"create\"\n"
                                  "AlertContext:\n"
                                  "  user: username\n"
                                  "  cluster: coalesce(p_source_label, )\n"),
                        ")");
    CHECK(c.where.line == 8);
    CHECK(c.where.column == 37);

    auto t = only_error(rule_with("Condition: verb eq \"create\"\n"
                                  "Dedup: \"csr-{name}-{username eq}\"\n"),
                        "}");
    CHECK(t.where.line == 6);
    CHECK(t.where.column == 32);
}

TEST_CASE("dsl positions: data-model mappings", "[dsl][positions]") {
    auto d = only_error("AnalysisType: datamodel\n"
                        "DataModelID: Test.Model\n"
                        "LogTypes: [Test.Log]\n"
                        "Mappings:\n"
                        "  verb: audit.verb\n"
                        "  username: audit.user.[0]\n",
                        "[");
    CHECK(d.where.line == 6);
    CHECK(d.where.column == 24);
    CHECK_THAT(d.message, Catch::Contains("expected a field name after '.'"));
}

TEST_CASE("dsl positions: CRLF line endings", "[dsl][positions]") {
    auto d = only_error("AnalysisType: rule\r\nRuleID: Test.Position\r\nLogTypes: [Test.Log]\r\nSeverity: Info\r\n"
                        "Condition: |\r\n"
                        "  verb eq \"create\"\r\n"
                        "    and username containz \"x\"\r\n",
                        "containz");
    CHECK(d.where.line == 7);
    CHECK(d.where.column == 18);
    CHECK(d.source_line == "    and username containz \"x\"");
}

TEST_CASE("dsl positions: an empty value points just past its key, not at the next line", "[dsl][positions]") {
    auto d = only_error(rule_with("Condition:   # to do\n"
                                  "\n"
                                  "AlertTitle: CSR created\n"),
                        "");
    CHECK(d.where.line == 5);
    CHECK(d.where.column == 11);
    CHECK(d.message == "empty Condition: expected an expression");

    auto item = only_error(rule_with("Condition:\n"
                                     "  - verb eq \"create\"\n"
                                     "  -\n"
                                     "  - username ne \"x\"\n"),
                           "");
    CHECK(item.where.line == 7);
    CHECK(item.where.column == 4);

    // An explicit null is text of its own and keeps its place.
    auto tilde = only_error(rule_with("Condition: ~\n"), "~");
    CHECK(tilde.where.line == 5);
    CHECK(tilde.where.column == 12);
}

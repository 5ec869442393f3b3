// Title and dedup templates: how each value type renders, literal braces, and the default title/dedup.
#include "engine_test_support.hpp"

#include <catch2/catch.hpp>

using vigil::engine_test::load_ruleset;
using vigil::engine_test::run_rule;

namespace {

// A rule that always matches, with the given extra YAML lines (AlertTitle, Dedup, DisplayName ...).
std::string rule_yaml(const std::string& id, const std::string& extra) {
    return "AnalysisType: rule\n"
           "RuleID: " + id + "\n"
           "LogTypes: [Test.Log]\n"
           "Severity: Low\n"
           "Condition: 'true'\n" + extra;
}

const char* const event = R"({"user": "bob", "code": 403, "neg": -7, "f": 1.5, "big": 1e20, "ok": true, "no": false,
                              "z": null, "l": ["a", 1, null], "o": {"k": 1, "n": {"x": [true]}}, "el": [], "eo": {},
                              "s": "", "path": "/apis/v1/pods", "utf8": "caf\u00e9", "quote": "say \"hi\""})";

}  // namespace

TEST_CASE("template holes render each type: null empty, numbers, lists and objects as compact JSON", "[engine][template]") {
    struct row {
        const char* templ;
        const char* expected;
    };
    const row rows[] = {
        {"user {user}", "user bob"},
        {"code {code} neg {neg}", "code 403 neg -7"},
        {"f {f} big {big}", "f 1.5 big 1e+20"},
        {"ok {ok} no {no}", "ok true no false"},
        {"missing [{missing}] null [{z}] deep [{o.n.y}]", "missing [] null [] deep []"},
        {"list {l}", R"(list ["a",1,null])"},
        {"obj {o}", R"(obj {"k":1,"n":{"x":[true]}})"},
        {"empty {el}{eo}[{s}]", "empty []{}[]"},
        {"{utf8}", "caf\xc3\xa9"},
        {"{quote}", R"(say "hi")"},                     // a string renders raw, not JSON-quoted
        {"{[quote]}", R"(["say \"hi\""])"},             // inside a list it is JSON
        {"{{literal}} {{{user}}}", "{literal} {bob}"},
        {R"({coalesce(missing, "}")})", "}"},           // a brace inside a string literal in a hole
        {R"({coalesce(missing, "<UNKNOWN>")})", "<UNKNOWN>"},
        {R"({lower(upper(user))}-{split(path, "/")[2]}-{len(l)})", "bob-v1-3"},
        {R"({user + "@" + string(code)})", "bob@403"},
        {R"({user + missing})", ""},                    // a null concatenation renders empty
        {"{code ge 400}", "true"},
        {"{type_of(f)}", "float"},
        {"{l[0]}{l[1]}{l[2]}{l[3]}", "a1"},
        {"no holes at all", "no holes at all"},
    };
    std::vector<std::string> docs;
    for (size_t i = 0; i < std::size(rows); ++i) {
        // Single-quoted YAML: only ' needs doubling, and the rows have none.
        docs.push_back(rule_yaml("Title." + std::to_string(i), std::string("AlertTitle: '") + rows[i].templ + "'\n" +
                                                                 "Dedup: 'd:" + rows[i].templ + "'\n"));
    }
    auto rs = load_ruleset(docs);
    for (size_t i = 0; i < std::size(rows); ++i) {
        INFO("template: " << rows[i].templ);
        auto r = run_rule(*rs, "Title." + std::to_string(i), "Test.Log", event);
        REQUIRE(r.decided.matched);
        CHECK(r.outputs.title == rows[i].expected);
        CHECK(r.outputs.dedup == std::string("d:") + rows[i].expected);
    }
}

TEST_CASE("default title is the DisplayName, else the RuleID; default dedup is the title", "[engine][template]") {
    auto rs = load_ruleset({
        rule_yaml("With.Display", "DisplayName: A Friendly Name\n"),
        rule_yaml("Without.Display", ""),
        rule_yaml("Title.Only", "DisplayName: Unused\nAlertTitle: 'user {user}'\n"),
        rule_yaml("Dedup.Only", "DisplayName: Shown\nDedup: 'key-{code}'\n"),
        rule_yaml("Null.Title", "AlertTitle: '{missing}'\n"),
    });
    auto r = run_rule(*rs, "With.Display", "Test.Log", event);
    CHECK(r.outputs.title == "A Friendly Name");
    CHECK(r.outputs.dedup == "A Friendly Name");
    r = run_rule(*rs, "Without.Display", "Test.Log", event);
    CHECK(r.outputs.title == "Without.Display");
    CHECK(r.outputs.dedup == "Without.Display");
    r = run_rule(*rs, "Title.Only", "Test.Log", event);
    CHECK(r.outputs.title == "user bob");
    CHECK(r.outputs.dedup == "user bob");  // the rendered title, not the template text
    r = run_rule(*rs, "Dedup.Only", "Test.Log", event);
    CHECK(r.outputs.title == "Shown");
    CHECK(r.outputs.dedup == "key-403");
    r = run_rule(*rs, "Null.Title", "Test.Log", event);
    CHECK(r.outputs.title.empty());
    CHECK(r.outputs.dedup.empty());
}

TEST_CASE("template holes resolve names through the data model", "[engine][template]") {
    auto rs = load_ruleset({
        "AnalysisType: datamodel\n"
        "DataModelID: Test.Model\n"
        "LogTypes: [Test.Modelled]\n"
        "Mappings:\n"
        "  username: actor.email\n"
        "  name: target.id\n",
        "AnalysisType: rule\n"
        "RuleID: Test.Title.Model\n"
        "LogTypes: [Test.Modelled, Test.Log]\n"
        "Severity: Info\n"
        "Condition: 'true'\n"
        "AlertTitle: '[{coalesce(username, \"<UNKNOWN_USER>\")}] made [{coalesce(name, \"<UNKNOWN_CSR>\")}] on {p_source_label}'\n"
        "Dedup: 'k_{coalesce(username, \"<UNKNOWN_USER>\")}_{coalesce(name, \"<UNKNOWN_CSR>\")}'\n",
    });
    const char* ev = R"({"actor": {"email": "a@example.com"}, "target": {"id": "csr-1"}, "username": "raw-user", "p_source_label": "prod"})";
    auto r = run_rule(*rs, "Test.Title.Model", "Test.Modelled", ev);
    CHECK(r.outputs.title == "[a@example.com] made [csr-1] on prod");
    CHECK(r.outputs.dedup == "k_a@example.com_csr-1");
    // The same rule on a log type without a model reads raw paths.
    r = run_rule(*rs, "Test.Title.Model", "Test.Log", ev);
    CHECK(r.outputs.title == "[raw-user] made [<UNKNOWN_CSR>] on prod");
    CHECK(r.outputs.dedup == "k_raw-user_<UNKNOWN_CSR>");
    r = run_rule(*rs, "Test.Title.Model", "Test.Modelled", R"({"p_source_label": "prod"})");
    CHECK(r.outputs.title == "[<UNKNOWN_USER>] made [<UNKNOWN_CSR>] on prod");
}

// Lists, macros and rule Let: expansion results, evaluation, use-site errors, and that the prefilter
// sees through a macro.
#include "engine_test_support.hpp"

#include "dsl/document_loader.hpp"
#include "engine/literal_prefilter.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using vigil::engine_test::load_ruleset;
using vigil::engine_test::run_rule;

namespace {

const char* library = R"(
AnalysisType: list
ListID: system_principals
Description: accounts of the control plane
Items: ["system:kube-controller-manager", "system:kube-scheduler", "admin"]
---
AnalysisType: list
ListID: codes
Items: [401, 403]
---
AnalysisType: macro
MacroID: failed_request
Expression: responseStatus.code in list(codes)
---
AnalysisType: macro
MacroID: is_system
Parameters: [who]
Expression: who in list(system_principals) or who starts_with "system:node:"
---
AnalysisType: macro
MacroID: failed_system
Parameters: [who]
Expression: macro(failed_request) and macro(is_system(who))
---
AnalysisType: macro
MacroID: any_named
Parameters: [xs, wanted]
Expression: any(xs, x, x.name eq wanted)
)";

std::string rule_with(const std::string& condition, const std::string& extra = "") {
    return "AnalysisType: rule\nRuleID: Test.Reuse\nLogTypes: [Test.Log]\nSeverity: Low\n" + extra + "Condition: '" + condition + "'\n";
}

// Every diagnostic a set of YAML texts gives when loaded and built, formatted as a user sees them.
std::string diagnostics_of(const std::vector<std::string>& texts) {
    vigil::dsl::diagnostics diags;
    vigil::dsl::document_set docs;
    for (size_t i = 0; i < texts.size(); ++i) vigil::dsl::load_document_text("t" + std::to_string(i) + ".yml", texts[i], docs, diags);
    vigil::engine::ruleset::build(std::move(docs), {}, diags);
    std::ostringstream out;
    for (const auto& d : diags.items()) out << vigil::dsl::format_diagnostic(d) << "\n";
    return out.str();
}

}  // namespace

TEST_CASE("lists and macros expand and evaluate as if written in place", "[engine][reuse]") {
    struct row {
        const char* condition;
        const char* event;
        bool matched;
    };
    const row rows[] = {
        {"user in list(system_principals)", R"({"user": "admin"})", true},
        {"user in list(system_principals)", R"({"user": "alice"})", false},
        {"user not in list(system_principals)", R"({"user": "alice"})", true},
        {"user in list(system_principals)", R"({})", false},  // null is in nothing
        {"len(list(codes)) eq 2", R"({})", true},
        {"macro(failed_request)", R"({"responseStatus": {"code": 403}})", true},
        {"macro(failed_request)", R"({"responseStatus": {"code": 200}})", false},
        {"macro(failed_request)", R"({})", false},
        {"macro(is_system(user))", R"({"user": "system:kube-scheduler"})", true},
        {"macro(is_system(user))", R"({"user": "system:node:n1"})", true},
        {"macro(is_system(user))", R"({"user": "bob"})", false},
        {"macro(is_system(user))", R"({"user": 7})", false},  // a wrong kind is simply not a member
        {"not macro(is_system(user))", R"({"user": "bob"})", true},
        {"macro(is_system(actor.name))", R"({"actor": {"name": "admin"}})", true},
        {"macro(failed_system(user))", R"({"user": "admin", "responseStatus": {"code": 401}})", true},
        {"macro(failed_system(user))", R"({"user": "bob", "responseStatus": {"code": 401}})", false},
        // A quantifier's variable inside the macro is its own, whatever the argument is called.
        {"macro(any_named(items, \"a\"))", R"({"items": [{"name": "b"}, {"name": "a"}]})", true},
        {"macro(any_named(items, \"c\"))", R"({"items": [{"name": "b"}]})", false},
        {"any(groups, x, macro(is_system(x)))", R"({"groups": ["dev", "admin"]})", true},
        // Only the call syntax is reserved: fields named list and macro are still fields.
        {"list.x eq 1 and macro eq 2", R"({"list": {"x": 1}, "macro": 2})", true},
    };
    for (const auto& r : rows) {
        INFO(r.condition << " over " << r.event);
        auto rs = load_ruleset({library, rule_with(r.condition)});
        CHECK(run_rule(*rs, "Test.Reuse", "Test.Log", r.event).decided.matched == r.matched);
    }
}

TEST_CASE("a rule's Let names values used in conditions, exclusions, titles and context", "[engine][reuse]") {
    auto rs = load_ruleset({library, R"(
AnalysisType: rule
RuleID: Test.Let
LogTypes: [Test.Log]
Severity: Low
Let:
  who: user.name
  privileged: macro(is_system(who))
Condition: verb eq "delete" and privileged
Exclusions:
  - Name: the break-glass account
    Condition: who eq "admin"
AlertTitle: "{who} deleted {resource}"
AlertContext:
  actor: who
)"});
    auto r = run_rule(*rs, "Test.Let", "Test.Log", R"({"verb": "delete", "resource": "pods", "user": {"name": "system:kube-scheduler"}})");
    CHECK(r.decided.matched);
    CHECK(r.outputs.title == "system:kube-scheduler deleted pods");
    CHECK(r.outputs.alert_context["actor"] == "system:kube-scheduler");
    r = run_rule(*rs, "Test.Let", "Test.Log", R"({"verb": "delete", "user": {"name": "admin"}})");
    CHECK(r.decided.exclusion == 0);
    r = run_rule(*rs, "Test.Let", "Test.Log", R"({"verb": "delete", "user": {"name": "bob"}})");
    CHECK_FALSE(r.decided.matched);
}

TEST_CASE("a quantifier variable hides a Let name of the same spelling", "[engine][reuse]") {
    auto rs = load_ruleset({R"(
AnalysisType: rule
RuleID: Test.Hide
LogTypes: [Test.Log]
Severity: Low
Let:
  x: '"not the element"'
Condition: any(items, x, x eq "a")
)"});
    CHECK(run_rule(*rs, "Test.Hide", "Test.Log", R"({"items": ["a"]})").decided.matched);
}

TEST_CASE("the prefilter's required literals see through a macro and a Let", "[engine][reuse][prefilter]") {
    struct row {
        const char* condition;
        const char* extra;
        const char* literal;
    };
    const row rows[] = {
        {"macro(is_system(user))", "", "system:node:"},
        {"macro(failed_system(user))", "", "system:node:"},
        {"verb eq suspicious", "Let:\n  suspicious: '\"escalate\"'\n", "escalate"},
    };
    for (const auto& r : rows) {
        INFO(r.condition);
        auto rs = load_ruleset({library, rule_with(r.condition, r.extra)});
        REQUIRE(rs->rules().size() == 1);
        const auto clauses = vigil::engine::required_literals(rs->rules()[0].variants[0]);
        bool found = false;
        for (const auto& clause : clauses)
            for (const auto& lit : clause) found = found || lit == r.literal;
        CHECK(found);
    }
}

TEST_CASE("misuse is reported at the use site", "[engine][reuse]") {
    struct row {
        const char* condition;
        const char* message;
    };
    const row rows[] = {
        {"user in list(system_principal)", "t1.yml:5:26: error: unknown list 'system_principal' (did you mean 'system_principals'?)"},
        {"macro(failed_requests)", "t1.yml:5:19: error: unknown macro 'failed_requests' (did you mean 'failed_request'?)"},
        {"macro(is_system)", "t1.yml:5:19: error: macro 'is_system' takes 1 argument (who), got 0"},
        {"macro(failed_request(user))", "t1.yml:5:19: error: macro 'failed_request' takes no arguments, got 1"},
        {"list(\"codes\")", "t1.yml:5:18: error: the argument of 'list' is the name of a list, not a value: list(name)"},
        {"macro(a, b)", "t1.yml:5:13: error: 'macro' takes one name: macro(name) or macro(name(arguments))"},
    };
    for (const auto& r : rows) {
        INFO(r.condition);
        CHECK(diagnostics_of({library, rule_with(r.condition)}).find(r.message) != std::string::npos);
    }
}

TEST_CASE("macro cycles and runaway depth are errors, not hangs", "[engine][reuse]") {
    const std::string cycle = R"(
AnalysisType: macro
MacroID: a
Expression: macro(b) or x eq 1
---
AnalysisType: macro
MacroID: b
Expression: macro(a)
)";
    auto out = diagnostics_of({cycle, rule_with("macro(a)")});
    CHECK(out.find("t1.yml:5:13: error: in macro 'b': macro 'a' uses itself: a -> b -> a") != std::string::npos);
    std::string chain;
    for (int i = 0; i < 20; ++i)
        chain += "---\nAnalysisType: macro\nMacroID: m" + std::to_string(i) + "\nExpression: macro(m" + std::to_string(i + 1) + ")\n";
    chain += "---\nAnalysisType: macro\nMacroID: m20\nExpression: x eq 1\n";
    out = diagnostics_of({chain, rule_with("macro(m0)")});
    CHECK(out.find("macros nested more than 16 deep") != std::string::npos);
}

TEST_CASE("list and macro documents: unknown keys, wrong types, duplicate IDs", "[dsl][reuse]") {
    auto out = diagnostics_of({R"(AnalysisType: list
ListID: l
Itemz: [a]
---
AnalysisType: list
ListID: l2
Items: {a: 1}
---
AnalysisType: macro
MacroID: m
Expression: x eq 1
---
AnalysisType: macro
MacroID: m
Expression: y eq 1
Parameters: z
)"});
    CHECK(out.find("t0.yml:3:1: error: unknown key 'Itemz'") != std::string::npos);
    CHECK(out.find("t0.yml:7:8: error: wrong type: Items must be a list") != std::string::npos);
    CHECK(out.find("t0.yml:16:13: error: wrong type: Parameters must be a list of strings") != std::string::npos);
    INFO(out);
    CHECK(out.find("duplicate MacroID 'm'") == std::string::npos);  // the second is invalid, so left out
}

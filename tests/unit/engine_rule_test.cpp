// Rules end to end inside the engine: conditions, exclusions, dynamic severities, alert context, and
// data-model resolution (mapped names, raw paths, Let bindings computed once, the When guard).
#include "engine_test_support.hpp"

#include "engine/evaluator.hpp"

#include <catch2/catch.hpp>

using vigil::engine_test::load_ruleset;
using vigil::engine_test::run_rule;
using vigil::dsl::severity;

TEST_CASE("conditions must all hold; any exclusion suppresses; the decision says which", "[engine][rule]") {
    auto rs = load_ruleset({R"(
AnalysisType: rule
RuleID: Test.Decide
LogTypes: [Test.Log]
Severity: Low
Condition:
  - verb eq "create"
  - resource eq "pods"
Exclusions:
  - Name: system users
    Condition: user starts_with "system:"
  - Name: bots
    Condition: user ends_with "-bot" or user starts_with "system:kube"
)"});
    auto r = run_rule(*rs, "Test.Decide", "Test.Log", R"({"verb": "create", "resource": "pods", "user": "alice"})");
    CHECK(r.decided.matched);
    CHECK(r.decided.failed_condition == -1);
    CHECK(r.decided.exclusion == -1);
    r = run_rule(*rs, "Test.Decide", "Test.Log", R"({"verb": "get", "resource": "pods", "user": "alice"})");
    CHECK_FALSE(r.decided.matched);
    CHECK(r.decided.failed_condition == 0);
    r = run_rule(*rs, "Test.Decide", "Test.Log", R"({"verb": "create", "user": "alice"})");
    CHECK(r.decided.failed_condition == 1);
    r = run_rule(*rs, "Test.Decide", "Test.Log", R"({"verb": "create", "resource": "pods", "user": "system:node"})");
    CHECK_FALSE(r.decided.matched);
    CHECK(r.decided.exclusion == 0);
    r = run_rule(*rs, "Test.Decide", "Test.Log", R"({"verb": "create", "resource": "pods", "user": "system:kube-proxy"})");
    CHECK(r.decided.exclusion == 0);  // the first exclusion that holds is the one reported
    r = run_rule(*rs, "Test.Decide", "Test.Log", R"({"verb": "create", "resource": "pods", "user": "ci-bot"})");
    CHECK(r.decided.exclusion == 1);
    r = run_rule(*rs, "Test.Decide", "Test.Log", R"({"verb": "create", "resource": "pods"})");
    CHECK(r.decided.matched);  // exclusions on a missing user are false
}

TEST_CASE("DynamicSeverities: the first that holds wins, else Severity", "[engine][rule]") {
    auto rs = load_ruleset({R"(
AnalysisType: rule
RuleID: Test.Severity
LogTypes: [Test.Log]
Severity: Low
Condition: n is_not_null
DynamicSeverities:
  - Condition: n gt 10
    Severity: High
  - Condition: n gt 5
    Severity: Medium
  - Condition: n gt 0
    Severity: Critical
  - Condition: n gt 10
    Severity: Info
)"});
    struct row {
        const char* event;
        severity expected;
    };
    const row rows[] = {
        {R"({"n": 20})", severity::high},  // also > 5, > 0 and (again) > 10: the first wins
        {R"({"n": 7})", severity::medium},
        {R"({"n": 1})", severity::critical},
        {R"({"n": 0})", severity::low},
        {R"({"n": "x"})", severity::low},
    };
    for (const auto& r : rows) {
        INFO(r.event);
        auto got = run_rule(*rs, "Test.Severity", "Test.Log", r.event);
        REQUIRE(got.decided.matched);
        CHECK(got.outputs.level == r.expected);
    }
}

TEST_CASE("AlertContext keeps the key order of the file; missing values are null", "[engine][rule]") {
    auto rs = load_ruleset({R"(
AnalysisType: rule
RuleID: Test.Context
LogTypes: [Test.Log]
Severity: Info
Condition: 'true'
AlertContext:
  zeta: user
  alpha: missing.field
  middle: ips
  beta: status
  aardvark: code ge 400
  omega: lower(user) + "!"
  cluster: p_source_label
)"});
    auto r = run_rule(*rs, "Test.Context", "Test.Log",
                      R"({"user": "Bob", "ips": ["1.2.3.4"], "status": {"code": 403, "message": "no"}, "code": 403})");
    REQUIRE(r.decided.matched);
    std::vector<std::string> keys;
    for (const auto& [k, v] : r.outputs.alert_context.items()) keys.push_back(k);
    CHECK(keys == std::vector<std::string>{"zeta", "alpha", "middle", "beta", "aardvark", "omega", "cluster"});
    CHECK(r.outputs.alert_context.dump() ==
          R"({"zeta":"Bob","alpha":null,"middle":["1.2.3.4"],"beta":{"code":403,"message":"no"},"aardvark":true,"omega":"bob!","cluster":null})");
}

namespace {

const char* const model_yaml = R"(
AnalysisType: datamodel
DataModelID: Test.Model
LogTypes: [Test.Modelled]
When: category eq "audit"
Let:
  audit: parse_json(payload)
  first_user: audit.users[0]
Mappings:
  verb: audit.verb
  resource: audit.objectRef.resource
  username: first_user.name
  responseStatus: status
  requestObject: audit.requestObject
)";

const char* const rule_yaml = R"(
AnalysisType: rule
RuleID: Test.Modelled.Rule
LogTypes: [Test.Modelled, Test.Raw]
Severity: Info
Condition: verb is_not_null or verb is_null
AlertContext:
  verb: verb
  resource: resource
  username: username
  code: responseStatus.code
  usages: requestObject.spec.usages
  raw_user: user.name
  label: p_source_label
  category: category
)";

}  // namespace

TEST_CASE("data model: defined names resolve through it, others are raw paths, paths continue into mapped values", "[engine][rule]") {
    auto rs = load_ruleset({model_yaml, rule_yaml});
    const char* ev = R"({"category": "audit", "p_source_label": "prod", "verb": "raw-verb", "user": {"name": "raw-user"},
        "status": {"code": 403},
        "payload": "{\"verb\":\"create\",\"objectRef\":{\"resource\":\"csr\"},\"users\":[{\"name\":\"alice\"}],\"requestObject\":{\"spec\":{\"usages\":[\"client auth\"]}}}"})";
    auto r = run_rule(*rs, "Test.Modelled.Rule", "Test.Modelled", ev);
    REQUIRE(r.decided.matched);
    CHECK(r.read_errors.empty());
    CHECK(r.outputs.alert_context.dump() ==
          R"({"verb":"create","resource":"csr","username":"alice","code":403,"usages":["client auth"],"raw_user":"raw-user","label":"prod","category":"audit"})");
    // Without a model for the log type, every name is a raw path.
    r = run_rule(*rs, "Test.Modelled.Rule", "Test.Raw", ev);
    CHECK(r.outputs.alert_context.dump() ==
          R"({"verb":"raw-verb","resource":null,"username":null,"code":null,"usages":null,"raw_user":"raw-user","label":"prod","category":"audit"})");
}

TEST_CASE("data model: the When guard false makes every mapping null, raw paths stay readable", "[engine][rule]") {
    auto rs = load_ruleset({model_yaml, rule_yaml});
    const char* ev = R"({"category": "other", "p_source_label": "prod", "verb": "raw-verb", "user": {"name": "raw-user"},
        "status": {"code": 403}, "payload": "{\"verb\":\"create\"}"})";
    auto r = run_rule(*rs, "Test.Modelled.Rule", "Test.Modelled", ev);
    REQUIRE(r.decided.matched);
    CHECK(r.outputs.alert_context.dump() ==
          R"({"verb":null,"resource":null,"username":null,"code":null,"usages":null,"raw_user":"raw-user","label":"prod","category":"other"})");
    // A guard that fails never runs the bindings: no read error even for an invalid payload.
    r = run_rule(*rs, "Test.Modelled.Rule", "Test.Modelled", R"({"category": "other", "payload": "{bad"})");
    CHECK(r.read_errors.empty());
}

TEST_CASE("data model: Let bindings are computed once per event", "[engine][rule]") {
    auto rs = load_ruleset({model_yaml, rule_yaml});
    // verb, resource and username (through first_user) all read `audit`: one parse, one read error.
    auto r = run_rule(*rs, "Test.Modelled.Rule", "Test.Modelled", R"({"category": "audit", "payload": "{\"verb\":\"cre"})");
    REQUIRE(r.decided.matched);
    CHECK(r.read_errors.size() == 1);
    CHECK(r.outputs.alert_context["verb"].is_null());
    CHECK(r.outputs.alert_context["resource"].is_null());
    CHECK(r.outputs.alert_context["username"].is_null());
    // And per event: the next event parses its own payload.
    const auto* entry = rs->find("Test.Modelled");
    REQUIRE(entry);
    REQUIRE(entry->model);
    vigil::engine::event_document first, second;
    REQUIRE(first.parse(R"({"category": "audit", "payload": "{\"verb\":\"create\"}"})"));
    REQUIRE(second.parse(R"({"category": "audit", "payload": "{\"verb\":\"delete\"}"})"));
    vigil::engine::event_context ctx;
    int verb = entry->model->field_slot("verb");
    REQUIRE(verb >= 0);
    ctx.reset(first.root(), entry->model);
    CHECK(vigil::engine::to_json(ctx.field(static_cast<uint32_t>(verb))) == "create");
    CHECK(vigil::engine::to_json(ctx.field(static_cast<uint32_t>(verb))) == "create");
    ctx.reset(second.root(), entry->model);
    CHECK(vigil::engine::to_json(ctx.field(static_cast<uint32_t>(verb))) == "delete");
    CHECK(ctx.read_errors().empty());
}

TEST_CASE("a rule's conditions read the data model lazily and short-circuit", "[engine][rule]") {
    auto rs = load_ruleset({model_yaml, R"(
AnalysisType: rule
RuleID: Test.Lazy
LogTypes: [Test.Modelled]
Severity: Info
Condition:
  - p_source_label eq "prod"
  - verb eq "create"
)"});
    // The first condition fails on a raw path, so the payload is never parsed.
    auto r = run_rule(*rs, "Test.Lazy", "Test.Modelled", R"({"category": "audit", "p_source_label": "dev", "payload": "{bad"})");
    CHECK(r.decided.failed_condition == 0);
    CHECK(r.read_errors.empty());
    r = run_rule(*rs, "Test.Lazy", "Test.Modelled", R"({"category": "audit", "p_source_label": "prod", "payload": "{bad"})");
    CHECK(r.decided.failed_condition == 1);
    CHECK(r.read_errors.size() == 1);
}

TEST_CASE("a disabled rule is left out unless asked for; log types index the rules", "[engine][rule]") {
    const char* text = R"(
AnalysisType: rule
RuleID: Test.Off
Enabled: false
LogTypes: [Test.Log]
Severity: Info
Condition: 'true'
---
AnalysisType: rule
RuleID: Test.On
LogTypes: [Test.Log, Test.Other]
Severity: Info
Condition: 'true'
)";
    auto build = [&](bool include_disabled) {
        vigil::dsl::diagnostics diags;
        vigil::dsl::document_set docs;
        vigil::dsl::load_document_text("t.yml", text, docs, diags);
        vigil::engine::ruleset_options options;
        options.include_disabled = include_disabled;
        auto rs = vigil::engine::ruleset::build(std::move(docs), options, diags);
        REQUIRE_FALSE(diags.has_errors());
        return rs;
    };
    auto rs = build(false);
    REQUIRE(rs->rules().size() == 1);
    CHECK(rs->rules()[0].spec->rule_id == "Test.On");
    REQUIRE(rs->find("Test.Other"));
    CHECK(rs->find("Test.Other")->rules.size() == 1);
    CHECK(rs->find("Test.Missing") == nullptr);
    auto rs_all = build(true);
    CHECK(rs_all->rules().size() == 2);
    REQUIRE(rs_all->find("Test.Log"));
    CHECK(rs_all->find("Test.Log")->rules.size() == 1);  // compiled for ruletest, but never run
}

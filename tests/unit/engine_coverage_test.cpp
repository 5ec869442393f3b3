// ruletest --coverage's measure: what a rule's own tests made true and false, point by point.
#include "engine_test_support.hpp"

#include "engine/test_coverage.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>

using vigil::engine::coverage_point;
using vigil::engine_test::load_ruleset;

namespace {

// No data model is loaded: names are raw paths of the EKS audit event.
const std::string rule_head = R"(AnalysisType: rule
RuleID: Coverage.Probe
LogTypes: [Amazon.EKS.Audit]
Severity: Low
Condition:
  - verb eq "create" and (objectRef.resource eq "pods" or objectRef.resource eq "deployments")
  - user.username ne "admin"
Exclusions:
  - Name: health
    Condition: stage eq "RequestReceived"
DynamicSeverities:
  - Condition: objectRef.resource eq "deployments"
    Severity: High
  - Condition: verb eq "never-taken"
    Severity: Critical
)";

std::string test_case(const std::string& name, bool expected, const std::string& log) {
    return "  - Name: " + name + "\n    ExpectedResult: " + (expected ? "true" : "false") + "\n    Log: " + log + "\n";
}

// text -> "TF" flags ('-' where not seen), for the points of the rule under the given tests.
std::map<std::string, std::string> measure(const std::string& tests) {
    auto rs = load_ruleset({rule_head + (tests.empty() ? "" : "Tests:\n" + tests)});
    REQUIRE(rs->rules().size() == 1);
    const auto c = vigil::engine::measure_coverage(rs->rules().front());
    std::map<std::string, std::string> out;
    size_t covered = 0, total = 0;
    for (const auto& p : c.points) {
        const std::string key = std::string(vigil::engine::kind_name(p.what)) + " " + p.text;
        CHECK(out.count(key) == 0);  // each point once, whatever the log types
        out[key] = std::string(p.seen_true ? "T" : "-") + (p.seen_false ? "F" : "-");
        covered += p.covered();
        total += p.outcomes();
        CHECK(p.where.line > 0);
    }
    CHECK(c.covered == covered);
    CHECK(c.total == total);
    return out;
}

}  // namespace

TEST_CASE("coverage: every point is listed, in file order, and what the tests did is recorded", "[engine][coverage]") {
    const std::string create_pod = R"({"verb":"create","objectRef":{"resource":"pods"},"user":{"username":"bob"},"stage":"ResponseComplete"})";
    const std::string get_pod = R"({"verb":"get","objectRef":{"resource":"pods"},"user":{"username":"bob"}})";
    const std::string health = R"({"verb":"create","objectRef":{"resource":"pods"},"user":{"username":"bob"},"stage":"RequestReceived"})";
    const std::string deploy = R"({"verb":"create","objectRef":{"resource":"deployments"},"user":{"username":"admin"}})";

    SECTION("no tests: nothing seen") {
        auto m = measure("");
        for (const auto& [key, flags] : m) CHECK(flags == "--");
        CHECK(m.size() == 8);  // 2 conditions, 3 leaves of the first (the second is its own only leaf), 1 exclusion, 2 severities
        CHECK(m.count("condition verb eq \"create\" and (objectRef.resource eq \"pods\" or objectRef.resource eq \"deployments\")") == 1);
        CHECK(m.count("comparison verb eq \"create\"") == 1);
        CHECK(m.count("comparison objectRef.resource eq \"pods\"") == 1);
        CHECK(m.count("comparison objectRef.resource eq \"deployments\"") == 1);
        CHECK(m.count("condition user.username ne \"admin\"") == 1);
        CHECK(m.count("exclusion stage eq \"RequestReceived\"") == 1);
        CHECK(m.count("severity objectRef.resource eq \"deployments\"") == 1);
        CHECK(m.count("severity verb eq \"never-taken\"") == 1);
    }
    SECTION("leaves are judged on their own, exclusions only where the conditions held") {
        auto m = measure(test_case("a pod", true, create_pod) + test_case("a get", false, get_pod) + test_case("health", false, health) +
                         test_case("admin deploys", false, deploy));
        CHECK(m["condition verb eq \"create\" and (objectRef.resource eq \"pods\" or objectRef.resource eq \"deployments\")"] == "TF");
        CHECK(m["comparison verb eq \"create\""] == "TF");
        CHECK(m["comparison objectRef.resource eq \"pods\""] == "TF");         // false on the deployment
        CHECK(m["comparison objectRef.resource eq \"deployments\""] == "TF");  // seen though `or` stops at pods
        CHECK(m["condition user.username ne \"admin\""] == "TF");
        CHECK(m["exclusion stage eq \"RequestReceived\""] == "TF");  // fired on health, let "a pod" through
        // The deployment test was cut by the second condition: no severity was taken.
        CHECK(m["severity objectRef.resource eq \"deployments\""] == "--");
        CHECK(m["severity verb eq \"never-taken\""] == "--");
    }
    SECTION("a severity is taken by the first entry that holds on a match; Logs events count one by one") {
        const std::string bob_deploys = R"({"verb":"create","objectRef":{"resource":"deployments"},"user":{"username":"bob"}})";
        auto m = measure("  - Name: two events\n    ExpectedResult: true\n    Logs:\n      - " + get_pod + "\n      - " + bob_deploys + "\n");
        CHECK(m["severity objectRef.resource eq \"deployments\""] == "T-");
        CHECK(m["severity verb eq \"never-taken\""] == "--");
        CHECK(m["condition verb eq \"create\" and (objectRef.resource eq \"pods\" or objectRef.resource eq \"deployments\")"] == "TF");
        CHECK(m["exclusion stage eq \"RequestReceived\""] == "-F");
    }
}

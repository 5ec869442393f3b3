// Thresholds over dedup windows: plain counts and DistinctOn counts, in the tracker (table-driven and
// against a naive reference) and in rule tests with a list of logs (`Logs:`).
#include "engine_test_support.hpp"

#include "engine/dedup_tracker.hpp"
#include "engine/test_runner.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <stdexcept>

using vigil::engine::dedup_tracker;
using vigil::engine::distinct_value;
using vigil::engine_test::load_ruleset;
using verdict = dedup_tracker::verdict;

namespace {

const vigil::engine::compiled_rule& rule_named(const vigil::engine::ruleset& rs, const std::string& id) {
    for (const auto& r : rs.rules())
        if (r.spec->rule_id == id) return r;
    throw std::runtime_error("no rule " + id);
}

struct step {
    const char* dedup;
    std::optional<std::string> value;  // nullopt: the DistinctOn value was null
    int64_t minute;
    verdict expected;
};

void run_steps(int threshold, bool distinct, const std::vector<step>& steps) {
    dedup_tracker t;
    for (size_t i = 0; i < steps.size(); ++i) {
        const auto& s = steps[i];
        distinct_value d{s.value.has_value(), s.value ? std::string_view(*s.value) : std::string_view{}};
        INFO("step " << i << ": dedup " << s.dedup << ", value " << (s.value ? *s.value : "null") << ", minute " << s.minute);
        CHECK(t.record("R", s.dedup, 10, threshold, s.minute * 60000, distinct ? &d : nullptr) == s.expected);
    }
}

}  // namespace

TEST_CASE("DistinctOn: the alert opens at the Count-th different value, per dedup string and window", "[engine][threshold]") {
    SECTION("repeats of one value do not count; the third different value opens") {
        run_steps(3, true,
                  {{"alice", "ns1", 0, verdict::below_threshold},
                   {"alice", "ns1", 1, verdict::below_threshold},
                   {"alice", "ns2", 2, verdict::below_threshold},
                   {"alice", "ns2", 3, verdict::below_threshold},
                   {"alice", "ns3", 4, verdict::opened},
                   {"alice", "ns1", 5, verdict::counted},
                   {"alice", "ns4", 6, verdict::counted}});
    }
    SECTION("each dedup string counts its own values") {
        run_steps(2, true,
                  {{"alice", "ns1", 0, verdict::below_threshold},
                   {"bob", "ns2", 0, verdict::below_threshold},
                   {"bob", "ns2", 1, verdict::below_threshold},
                   {"alice", "ns2", 2, verdict::opened},
                   {"bob", "ns1", 3, verdict::opened}});
    }
    SECTION("a new window forgets the values of the last one") {
        run_steps(2, true,
                  {{"alice", "ns1", 0, verdict::below_threshold},
                   {"alice", "ns2", 10, verdict::below_threshold},  // minute 10: a new 10-minute window
                   {"alice", "ns2", 11, verdict::below_threshold},
                   {"alice", "ns1", 12, verdict::opened}});
    }
    SECTION("a null value is a match that adds no value") {
        run_steps(2, true,
                  {{"alice", std::nullopt, 0, verdict::below_threshold},
                   {"alice", std::nullopt, 1, verdict::below_threshold},
                   {"alice", "ns1", 2, verdict::below_threshold},
                   {"alice", "", 3, verdict::opened}});  // the empty string is a value
    }
    SECTION("Count 1 opens at the first value, not at a null") {
        run_steps(1, true, {{"alice", std::nullopt, 0, verdict::below_threshold}, {"alice", "x", 1, verdict::opened}});
    }
    SECTION("long values are told apart by their whole text") {
        std::string a(1000, 'a'), b = a;
        b.back() = 'b';
        run_steps(2, true, {{"k", a, 0, verdict::below_threshold}, {"k", a, 1, verdict::below_threshold}, {"k", b, 2, verdict::opened}});
    }
    SECTION("without DistinctOn, the Count-th match opens whatever the values") {
        run_steps(3, false,
                  {{"alice", "ns1", 0, verdict::below_threshold},
                   {"alice", "ns1", 1, verdict::below_threshold},
                   {"alice", "ns1", 2, verdict::opened}});
    }
}

// A naive model of the same rules: every window keeps its full list of values, searched linearly.
TEST_CASE("DistinctOn: the tracker agrees with a naive reference on random streams", "[engine][threshold][differential]") {
    struct naive_window {
        int64_t start = 0;
        std::vector<std::string> values;
        bool open = false;
    };
    std::mt19937 rng(1234);
    for (int round = 0; round < 200; ++round) {
        const int threshold = 1 + static_cast<int>(rng() % 5);
        const int period = 1 + static_cast<int>(rng() % 5);
        dedup_tracker t;
        std::map<std::string, naive_window> naive;
        int64_t minute = 0;
        for (int i = 0; i < 60; ++i) {
            minute += rng() % 3;
            std::string key = "k" + std::to_string(rng() % 3);
            bool present = rng() % 6 != 0;
            std::string value = std::to_string(rng() % 7);
            if (rng() % 4 == 0) value = std::string(300, 'x') + value;  // over max_kept_value_bytes: hashed
            distinct_value d{present, value};
            auto got = t.record("R", key, period, threshold, minute * 60000, &d);

            auto it = naive.find(key);
            if (it == naive.end() || minute >= it->second.start + period) it = naive.insert_or_assign(key, naive_window{minute, {}, false}).first;
            auto& w = it->second;
            verdict want = verdict::counted;
            if (!w.open) {
                if (present && std::find(w.values.begin(), w.values.end(), value) == w.values.end()) w.values.push_back(value);
                w.open = w.values.size() >= static_cast<size_t>(threshold);
                want = w.open ? verdict::opened : verdict::below_threshold;
            }
            INFO("round " << round << " event " << i);
            REQUIRE(got == want);
        }
    }
}

namespace {

const char* distinct_rule = R"(
AnalysisType: rule
RuleID: Test.SecretSweep
LogTypes: [Test.Audit]
Severity: High
DedupPeriodMinutes: 5
Threshold: {Count: 3, DistinctOn: namespace}
Condition: verb eq "get" and resource eq "secrets"
Dedup: "{user}"
AlertTitle: "{user} read secrets in many namespaces"
Tests:
  - Name: three namespaces in five minutes
    ExpectedResult: true
    ExpectedTitle: alice read secrets in many namespaces
    Logs:
      - {p_log_type: Test.Audit, p_event_time: "2026-01-01T10:00:00Z", verb: get, resource: secrets, user: alice, namespace: a}
      - {p_log_type: Test.Audit, p_event_time: "2026-01-01T10:01:00Z", verb: get, resource: secrets, user: alice, namespace: a}
      - {p_log_type: Test.Audit, p_event_time: "2026-01-01T10:02:00Z", verb: list, resource: pods, user: alice, namespace: z}
      - {p_log_type: Test.Audit, p_event_time: "2026-01-01T10:03:00Z", verb: get, resource: secrets, user: alice, namespace: b}
      - {p_log_type: Test.Audit, p_event_time: "2026-01-01T10:04:00Z", verb: get, resource: secrets, user: alice, namespace: c}
  - Name: three namespaces but two users
    ExpectedResult: false
    Logs:
      - {p_log_type: Test.Audit, p_event_time: "2026-01-01T10:00:00Z", verb: get, resource: secrets, user: alice, namespace: a}
      - {p_log_type: Test.Audit, p_event_time: "2026-01-01T10:01:00Z", verb: get, resource: secrets, user: bob, namespace: b}
      - {p_log_type: Test.Audit, p_event_time: "2026-01-01T10:02:00Z", verb: get, resource: secrets, user: alice, namespace: c}
  - Name: three namespaces over more than one window
    ExpectedResult: false
    Logs:
      - {p_log_type: Test.Audit, p_event_time: "2026-01-01T10:00:00Z", verb: get, resource: secrets, user: alice, namespace: a}
      - {p_log_type: Test.Audit, p_event_time: "2026-01-01T10:04:00Z", verb: get, resource: secrets, user: alice, namespace: b}
      - {p_log_type: Test.Audit, p_event_time: "2026-01-01T10:06:00Z", verb: get, resource: secrets, user: alice, namespace: c}
  - Name: one event judged alone ignores the Threshold
    ExpectedResult: true
    Log: {p_log_type: Test.Audit, verb: get, resource: secrets, user: alice, namespace: a}
)";

}  // namespace

TEST_CASE("rule tests with Logs run the events through Threshold, DistinctOn and dedup windows", "[engine][threshold]") {
    auto rs = load_ruleset({distinct_rule});
    auto report = vigil::engine::run_rule_tests(*rs, rule_named(*rs, "Test.SecretSweep"));
    REQUIRE(report.tests.size() == 4);
    for (const auto& o : report.tests) {
        INFO(o.name << ": " << o.reason);
        CHECK(o.passed);
    }
    CHECK(report.tests[0].outputs.title == "alice read secrets in many namespaces");
}

TEST_CASE("a failing Logs test says how far the stream got", "[engine][threshold]") {
    std::string text = distinct_rule;
    // Expect the opposite of every Logs test: each must now fail, with a reason.
    auto flip = [&](const std::string& from, const std::string& to) {
        auto at = text.find(from);
        REQUIRE(at != std::string::npos);
        text.replace(at, from.size(), to);
    };
    flip("ExpectedResult: true\n    ExpectedTitle", "ExpectedResult: false\n    ExpectedTitle");
    flip("two users\n    ExpectedResult: false", "two users\n    ExpectedResult: true");
    auto rs = load_ruleset({text});
    auto report = vigil::engine::run_rule_tests(*rs, rule_named(*rs, "Test.SecretSweep"));
    REQUIRE(report.tests.size() == 4);
    CHECK_FALSE(report.tests[0].passed);
    CHECK_THAT(report.tests[0].reason, Catch::Contains("expected no alert, got one: Logs[4] opened the alert"));
    CHECK_FALSE(report.tests[1].passed);
    CHECK_THAT(report.tests[1].reason, Catch::Contains("3 of 3 logs matched, Threshold 3 different values of namespace (at most 2 seen for one dedup string)"));
}

TEST_CASE("a plain Threshold in a Logs test counts matches", "[engine][threshold]") {
    auto rs = load_ruleset({R"(
AnalysisType: rule
RuleID: Test.Count
LogTypes: [Test.Audit]
Severity: Low
Threshold: 2
Condition: verb eq "delete"
Tests:
  - Name: two deletes
    ExpectedResult: true
    Logs:
      - {verb: delete}
      - {verb: get}
      - {verb: delete}
  - Name: one delete
    ExpectedResult: false
    Logs:
      - {verb: delete}
      - {verb: get}
)"});
    auto report = vigil::engine::run_rule_tests(*rs, rule_named(*rs, "Test.Count"));
    REQUIRE(report.tests.size() == 2);
    for (const auto& o : report.tests) {
        INFO(o.name << ": " << o.reason);
        CHECK(o.passed);
    }
}

// Reading rule, data-model and pack documents: every key lands typed in its spec; cross-file checks.
#include "dsl/ast_dump.hpp"
#include "dsl/document_loader.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

namespace {

using namespace vigil::dsl;
using json = nlohmann::ordered_json;
namespace fs = std::filesystem;

struct loaded {
    document_set docs;
    diagnostics diags;
    std::string messages() const {
        std::string out;
        for (const auto& d : diags.items()) out += format_diagnostic(d);
        return out;
    }
};

loaded load_text(const std::string& text, const std::string& path = "rules/test.yml") {
    loaded l;
    load_document_text(path, text, l.docs, l.diags);
    return l;
}

// A scratch folder under the system temp dir, removed again when the test ends.
struct temp_folder {
    fs::path path;
    temp_folder() {
        static std::atomic<int> counter{0};
        path = fs::temp_directory_path() / ("vigil_dsl_documents_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        fs::create_directories(path);
    }
    ~temp_folder() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name, std::ios::binary) << text;
        return (path / name).string();
    }
};

const char* const full_rule = R"~(AnalysisType: rule
RuleID: Test.Full
DisplayName: A rule with every key
Enabled: false
LogTypes: [Amazon.EKS.Audit, GCP.AuditLog]
Severity: High
Description: what it finds
Runbook: what to do
Reference: https://example.com/ref
Reports: {MITRE ATT&CK: ["TA0003:T1098"], Other: [1, 2]}
Tags: [Kubernetes, Persistence]
DedupPeriodMinutes: 15
Threshold: 3
SummaryAttributes: [username, name]
Filename: ignored.py
Condition:
  - verb eq "create"
  - username ne "kubelet"
Exclusions:
  - Name: system principals
    Condition: username starts_with "system:"
AlertTitle: '[{username}] did {verb}'
Dedup: 'dedup-{name}'
DynamicSeverities:
  - Condition: username contains "serviceaccount"
    Severity: Critical
  - Condition: username eq "root"
    Severity: Low
AlertContext:
  user: username
  cluster: p_source_label
  first_ip: sourceIPs[0]
Tests:
  - Name: typed values
    ExpectedResult: true
    ExpectedTitle: "[alice] did create"
    ExpectedDedup: dedup-x
    ExpectedSeverity: Medium
    ExpectedAlertContext: {user: alice, code: 403}
    Log:
      quoted: "403"
      single: '403'
      plain: 403
      negative: -12
      float: 1.5
      exp: 1e3
      tilde: ~
      null_word: null
      empty:
      yes_bool: true
      no_bool: False
      text: create
      date: 2024-01-01
      version: "1.0"
      list: [1, "2", three, ~]
      nested: {a: {b: [x]}}
  - Name: log as a JSON string
    ExpectedResult: false
    Log: '{"verb": "get", "code": 403, "ratio": 0.5, "nothing": null, "items": [1, "2"]}'
)~";

}  // namespace

TEST_CASE("dsl documents: every rule key lands in the spec with the right type", "[dsl][documents]") {
    auto l = load_text(full_rule);
    INFO(l.messages());
    REQUIRE(l.diags.items().empty());
    REQUIRE(l.docs.rules.size() == 1);
    const rule_spec& r = l.docs.rules[0];
    CHECK(r.file == "rules/test.yml");
    CHECK(r.where.line == 1);
    CHECK(r.rule_id == "Test.Full");
    CHECK(r.display_name == "A rule with every key");
    CHECK_FALSE(r.enabled);
    CHECK(r.log_types == std::vector<std::string>{"Amazon.EKS.Audit", "GCP.AuditLog"});
    CHECK(r.level == severity::high);
    CHECK(r.description == "what it finds");
    CHECK(r.runbook == "what to do");
    CHECK(r.reference == "https://example.com/ref");
    CHECK(r.reports == json::parse(R"({"MITRE ATT&CK": ["TA0003:T1098"], "Other": [1, 2]})"));
    CHECK(r.tags == std::vector<std::string>{"Kubernetes", "Persistence"});
    CHECK(r.dedup_period_minutes == 15);
    CHECK(r.threshold == 3);
    CHECK(r.summary_attributes == std::vector<std::string>{"username", "name"});

    REQUIRE(r.conditions.size() == 2);
    CHECK(r.conditions[0].text == R"(verb eq "create")");
    REQUIRE(r.conditions[0].ast);
    CHECK(dump(*r.conditions[0].ast) == R"((eq verb "create"))");
    CHECK(r.conditions[0].position().line == 17);
    CHECK(r.conditions[0].position().column == 5);
    CHECK(dump(*r.conditions[1].ast) == R"((ne username "kubelet"))");

    REQUIRE(r.exclusions.size() == 1);
    CHECK(r.exclusions[0].name == "system principals");
    CHECK(dump(*r.exclusions[0].condition.ast) == R"((starts_with username "system:"))");

    REQUIRE(r.title);
    REQUIRE(r.title->parts.size() == 4);
    CHECK(r.title->parts[0].literal == "[");
    CHECK(dump(*r.title->parts[1].hole) == "username");
    CHECK(r.title->parts[2].literal == "] did ");
    CHECK(dump(*r.title->parts[3].hole) == "verb");
    REQUIRE(r.dedup);
    CHECK(r.dedup->text == "dedup-{name}");

    REQUIRE(r.dynamic_severities.size() == 2);
    CHECK(r.dynamic_severities[0].level == severity::critical);
    CHECK(dump(*r.dynamic_severities[0].condition.ast) == R"((contains username "serviceaccount"))");
    CHECK(r.dynamic_severities[1].level == severity::low);

    REQUIRE(r.alert_context.size() == 3);  // in file order
    CHECK(r.alert_context[0].first == "user");
    CHECK(r.alert_context[1].first == "cluster");
    CHECK(r.alert_context[2].first == "first_ip");
    CHECK(dump(*r.alert_context[2].second.ast) == "sourceIPs[0]");

    REQUIRE(r.tests.size() == 2);
    const rule_test& t = r.tests[0];
    CHECK(t.name == "typed values");
    CHECK(t.where.line == 34);
    CHECK(t.expected_result);
    CHECK(t.expected_title == std::optional<std::string>("[alice] did create"));
    CHECK(t.expected_dedup == std::optional<std::string>("dedup-x"));
    CHECK(t.expected_severity == std::optional<severity>(severity::medium));
    REQUIRE(t.expected_alert_context);
    CHECK(*t.expected_alert_context == json::parse(R"({"user": "alice", "code": 403})"));
    CHECK_FALSE(r.tests[1].expected_result);
    CHECK_FALSE(r.tests[1].expected_title);
    CHECK_FALSE(r.tests[1].expected_severity);
}

TEST_CASE("dsl documents: test logs are typed like YAML, quoted scalars stay strings", "[dsl][documents]") {
    auto l = load_text(full_rule);
    REQUIRE(l.docs.rules.size() == 1);
    const json& log = l.docs.rules[0].tests[0].log;
    CHECK(log["quoted"] == json("403"));
    CHECK(log["quoted"].is_string());
    CHECK(log["single"].is_string());
    CHECK(log["plain"].is_number_integer());
    CHECK(log["plain"] == 403);
    CHECK(log["negative"] == -12);
    CHECK(log["float"].is_number_float());
    CHECK(log["float"] == 1.5);
    CHECK(log["exp"].is_number_float());
    CHECK(log["exp"] == 1000.0);
    CHECK(log["tilde"].is_null());
    CHECK(log["null_word"].is_null());
    CHECK(log["empty"].is_null());
    CHECK(log["yes_bool"] == true);
    CHECK(log["no_bool"] == false);
    CHECK(log["text"] == "create");
    CHECK(log["date"] == "2024-01-01");
    CHECK(log["version"] == "1.0");
    CHECK(log["list"] == json::parse(R"([1, "2", "three", null])"));
    CHECK(log["nested"] == json::parse(R"({"a": {"b": ["x"]}})"));
    // Key order is kept as written.
    CHECK(log.begin().key() == "quoted");
}

TEST_CASE("dsl documents: a Log given as a JSON string is parsed as JSON", "[dsl][documents]") {
    auto l = load_text(full_rule);
    REQUIRE(l.docs.rules.size() == 1);
    const json& log = l.docs.rules[0].tests[1].log;
    CHECK(log == json::parse(R"({"verb": "get", "code": 403, "ratio": 0.5, "nothing": null, "items": [1, "2"]})"));
    CHECK(log["code"].is_number_integer());

    auto bad = load_text(R"~(AnalysisType: rule
RuleID: Test.BadLog
LogTypes: [X]
Severity: Info
Condition: a eq 1
Tests:
  - Name: broken json
    ExpectedResult: true
    Log: '{"verb": '
  - Name: json but not an object
    ExpectedResult: true
    Log: '[1, 2]'
)~");
    REQUIRE(bad.diags.error_count() == 2);
    CHECK(bad.diags.items()[0].where.line == 9);
    CHECK_THAT(bad.diags.items()[0].message, Catch::StartsWith("Log is not valid JSON"));
    CHECK(bad.diags.items()[1].where.line == 12);
    CHECK_THAT(bad.diags.items()[1].message, Catch::Contains("must be a mapping (or a string holding a JSON object)"));
}

TEST_CASE("dsl documents: defaults when optional keys are absent", "[dsl][documents]") {
    auto l = load_text("AnalysisType: rule\nRuleID: Test.Min\nLogTypes: [X]\nSeverity: Info\nCondition: a\n");
    INFO(l.messages());
    REQUIRE(l.docs.rules.size() == 1);
    const rule_spec& r = l.docs.rules[0];
    CHECK(r.enabled);
    CHECK(r.level == severity::info);
    CHECK(r.dedup_period_minutes == 60);
    CHECK(r.threshold == 1);
    CHECK_FALSE(r.title);
    CHECK_FALSE(r.dedup);
    CHECK(r.tests.empty());
    CHECK(r.reports == json::object());
}

TEST_CASE("dsl documents: a data model's keys land in its spec", "[dsl][documents]") {
    auto l = load_text(R"~(AnalysisType: datamodel
DataModelID: Test.Model
DisplayName: test model
LogTypes: [Azure.MonitorActivity]
Enabled: true
Description: ignored text
When: category in ["kube-audit", "kube-audit-admin"]
Let:
  audit: parse_json(properties.log)
Mappings:
  verb: audit.verb
  username: audit.user.username
EventTime: coalesce(audit.stageTimestamp, time)
Tests:
  - Name: normalised
    Log: {category: kube-audit, properties: {log: "{\"verb\":\"create\"}"}}
    Expected: {verb: create, username: null}
  - Name: other categories
    Log: {category: kube-apiserver}
    ExpectedApplies: false
)~",
                       "schemas/test.yml");
    INFO(l.messages());
    REQUIRE(l.diags.items().empty());
    REQUIRE(l.docs.datamodels.size() == 1);
    const datamodel_spec& m = l.docs.datamodels[0];
    CHECK(m.file == "schemas/test.yml");
    CHECK(m.id == "Test.Model");
    CHECK(m.display_name == "test model");
    CHECK(m.enabled);
    CHECK(m.log_types == std::vector<std::string>{"Azure.MonitorActivity"});
    REQUIRE(m.when);
    CHECK(dump(*m.when->ast) == R"((in category (list "kube-audit" "kube-audit-admin")))");
    REQUIRE(m.lets.size() == 1);
    CHECK(m.lets[0].first == "audit");
    CHECK(dump(*m.lets[0].second.ast) == "(parse_json() properties.log)");
    REQUIRE(m.mappings.size() == 2);
    CHECK(m.mappings[0].first == "verb");
    CHECK(m.mappings[1].first == "username");
    CHECK(dump(*m.mappings[1].second.ast) == "audit.user.username");
    REQUIRE(m.event_time);
    CHECK(dump(*m.event_time->ast) == "(coalesce() audit.stageTimestamp time)");
    REQUIRE(m.tests.size() == 2);
    CHECK(m.tests[0].log == json::parse(R"({"category": "kube-audit", "properties": {"log": "{\"verb\":\"create\"}"}})"));
    REQUIRE(m.tests[0].expected);
    CHECK(*m.tests[0].expected == json::parse(R"({"verb": "create", "username": null})"));
    CHECK(m.tests[0].expected_applies);
    CHECK_FALSE(m.tests[1].expected);
    CHECK_FALSE(m.tests[1].expected_applies);
}

TEST_CASE("dsl documents: a pack's keys land in its spec", "[dsl][documents]") {
    auto l = load_text("AnalysisType: pack\nPackID: Test.Pack\nDisplayName: a pack\nDescription: words\n"
                       "PackDefinition:\n  IDs:\n    - Test.A\n    - Test.B\n");
    INFO(l.messages());
    REQUIRE(l.diags.items().empty());
    REQUIRE(l.docs.packs.size() == 1);
    const pack_spec& p = l.docs.packs[0];
    CHECK(p.id == "Test.Pack");
    CHECK(p.display_name == "a pack");
    CHECK(p.description == "words");
    REQUIRE(p.ids.size() == 2);
    CHECK(p.ids[0].first == "Test.A");
    CHECK(p.ids[0].second.line == 7);
    CHECK(p.ids[0].second.column == 7);
    CHECK(p.ids[1].first == "Test.B");
}

TEST_CASE("dsl documents: several documents in one file", "[dsl][documents]") {
    auto l = load_text("AnalysisType: rule\nRuleID: Test.One\nLogTypes: [X]\nSeverity: Info\nCondition: a\n"
                       "---\n"
                       "AnalysisType: pack\nPackID: Test.P\nPackDefinition: {IDs: [Test.One]}\n");
    INFO(l.messages());
    CHECK(l.diags.items().empty());
    CHECK(l.docs.rules.size() == 1);
    CHECK(l.docs.packs.size() == 1);
    CHECK(l.docs.packs[0].where.line == 7);
}

TEST_CASE("dsl documents: a document with an error is left out and recorded as invalid", "[dsl][documents]") {
    auto l = load_text("AnalysisType: rule\nRuleID: Test.Good\nLogTypes: [X]\nSeverity: Info\nCondition: a\n"
                       "---\n"
                       "AnalysisType: rule\nRuleID: Test.Bad\nLogTypes: [X]\nSeverity: Info\nCondition: a containz 1\n"
                       "---\n"
                       "AnalysisType: datamodel\nDataModelID: Test.BadModel\nLogTypes: [X]\nMappings: {v: a}\nWhen: b.\n");
    CHECK(l.diags.error_count() == 2);
    REQUIRE(l.docs.rules.size() == 1);
    CHECK(l.docs.rules[0].rule_id == "Test.Good");
    CHECK(l.docs.datamodels.empty());
    REQUIRE(l.docs.invalid.size() == 2);
    CHECK(l.docs.invalid[0].file == "rules/test.yml");
    CHECK(l.docs.invalid[0].line == 7);
    CHECK(l.docs.invalid[0].what == "rule Test.Bad");
    CHECK(l.docs.invalid[1].line == 13);
    CHECK(l.docs.invalid[1].what == "data model Test.BadModel");
}

TEST_CASE("dsl documents: duplicate RuleIDs across two files", "[dsl][documents]") {
    temp_folder dir;
    const std::string rule = "AnalysisType: rule\nRuleID: Test.Dup\nLogTypes: [X]\nSeverity: Info\nCondition: a\n";
    const auto first = dir.write("a.yml", rule);
    const auto second = dir.write("b.yaml", "# another file\n" + rule);
    dir.write("ignored.txt", "not yaml at all: [");
    diagnostics diags;
    auto docs = load_documents({dir.path.string()}, diags);
    CHECK(docs.files == std::vector<std::string>{first, second});
    REQUIRE(diags.items().size() == 2);
    const auto& dup = diags.items()[0];
    CHECK(dup.level == severity_level::error);
    CHECK(dup.message == "duplicate RuleID 'Test.Dup'");
    CHECK(dup.where.file == second);
    CHECK(dup.where.line == 3);  // the RuleID line, at its value
    CHECK(dup.where.column == 9);
    const auto& note = diags.items()[1];
    CHECK(note.level == severity_level::note);
    CHECK(note.message == "first defined here");
    CHECK(note.where.file == first);
    CHECK(note.where.line == 2);
}

TEST_CASE("dsl documents: a pack naming a missing ID", "[dsl][documents]") {
    temp_folder dir;
    dir.write("rule.yml", "AnalysisType: rule\nRuleID: Test.Present\nLogTypes: [X]\nSeverity: Info\nCondition: a\n");
    const auto pack = dir.write("pack.yml", "AnalysisType: pack\nPackID: Test.Pack\nPackDefinition:\n  IDs:\n    - Test.Present\n    - Test.Presnt\n    - Totally.Else\n");
    diagnostics diags;
    auto docs = load_documents({dir.path.string()}, diags);
    REQUIRE(diags.items().size() == 2);
    CHECK(diags.items()[0].message == "pack 'Test.Pack' names 'Test.Presnt', which is no loaded rule, data model, list or macro (did you mean 'Test.Present'?)");
    CHECK(diags.items()[0].where.file == pack);
    CHECK(diags.items()[0].where.line == 6);
    CHECK(diags.items()[0].where.column == 7);
    CHECK(diags.items()[1].message == "pack 'Test.Pack' names 'Totally.Else', which is no loaded rule, data model, list or macro");
    CHECK(diags.items()[1].where.line == 7);
    CHECK(docs.packs.size() == 1);
}

TEST_CASE("dsl documents: a missing path is reported, not thrown", "[dsl][documents]") {
    diagnostics diags;
    auto docs = load_documents({"/nonexistent/vigil/rules"}, diags);
    REQUIRE(diags.items().size() == 1);
    CHECK(diags.items()[0].message == "no such file or directory");
    CHECK(docs.rules.empty());
}

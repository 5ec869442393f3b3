// Reads an `AnalysisType: rule` document: metadata, conditions, outputs and embedded tests.
#include "dsl/document_readers.hpp"

#include <set>

namespace vigil::dsl {

namespace {

const std::vector<std::string> rule_keys = {
    "AnalysisType", "RuleID", "DisplayName", "Enabled", "LogTypes", "Severity", "Description", "Runbook", "Reference",
    "Reports", "Tags", "DedupPeriodMinutes", "Threshold", "SummaryAttributes", "Tests", "Condition", "Exclusions",
    "AlertTitle", "Dedup", "DynamicSeverities", "AlertContext", "Filename", "OutputIds", "CreateAlert", "Let"};
const std::vector<std::string> test_keys = {"Name", "ExpectedResult", "Log", "Logs", "ExpectedTitle", "ExpectedDedup",
                                            "ExpectedSeverity", "ExpectedAlertContext"};

std::optional<severity> read_severity(yaml_reader& r, const YAML::Node& n, std::string_view key) {
    auto s = r.string(n, key);
    if (!s) return std::nullopt;
    auto level = parse_severity(*s);
    if (!level) r.error(n, "bad " + std::string(key) + " '" + *s + "': expected one of Info, Low, Medium, High, Critical");
    return level;
}

void read_conditions(yaml_reader& r, const YAML::Node& n, rule_spec& rule) {
    if (n.IsSequence()) {
        if (n.size() == 0) r.error(n, "empty Condition: expected at least one expression");
        for (const auto& item : n)
            if (auto e = r.expression(item, "Condition")) rule.conditions.push_back(std::move(*e));
    } else if (auto e = r.expression(n, "Condition")) {
        rule.conditions.push_back(std::move(*e));
    }
}

void read_exclusions(yaml_reader& r, const YAML::Node& n, rule_spec& rule) {
    if (!n.IsSequence()) return r.wrong_type(n, "Exclusions", "a list of {Name, Condition}");
    for (const auto& item : n) {
        if (!item.IsMap()) {
            r.error(item, "each exclusion must be a mapping with Name and Condition");
            continue;
        }
        r.check_keys(item, {"Name", "Condition"}, "an exclusion");
        named_condition ex;
        if (item["Name"]) ex.name = r.string(item["Name"], "Name").value_or("");
        else r.error(item, "exclusion without a Name");
        if (!item["Condition"]) {
            r.error(item, "exclusion without a Condition");
            continue;
        }
        if (auto e = r.expression(item["Condition"], "exclusion Condition")) {
            ex.condition = std::move(*e);
            rule.exclusions.push_back(std::move(ex));
        }
    }
}

void read_dynamic_severities(yaml_reader& r, const YAML::Node& n, rule_spec& rule) {
    if (!n.IsSequence()) return r.wrong_type(n, "DynamicSeverities", "a list of {Condition, Severity}");
    for (const auto& item : n) {
        if (!item.IsMap() || !item["Condition"] || !item["Severity"]) {
            r.error(item, "each dynamic severity needs Condition and Severity");
            continue;
        }
        r.check_keys(item, {"Condition", "Severity"}, "a dynamic severity");
        auto e = r.expression(item["Condition"], "DynamicSeverities Condition");
        auto s = read_severity(r, item["Severity"], "Severity");
        if (e && s) rule.dynamic_severities.push_back({std::move(*e), *s});
    }
}

// `Logs:` a non-empty list of events, judged in order through the rule's Threshold and dedup windows.
bool read_test_logs(yaml_reader& r, const YAML::Node& n, rule_test& t) {
    if (!n.IsSequence()) {
        r.wrong_type(n, "Logs", "a list of events");
        return false;
    }
    if (n.size() == 0) {
        r.error(n, "Logs is empty: give at least one event");
        return false;
    }
    bool ok = true;
    for (const auto& item : n) {
        if (auto log = r.log(item, "Logs item")) t.logs.push_back(std::move(*log));
        else ok = false;
    }
    return ok;
}

// `Threshold: N`, or `Threshold: {Count: N, DistinctOn: EXPR}`: the alert opens when N different
// values of EXPR were seen in one dedup window. Count is capped so that an open window holds at most
// max_distinct_count - 1 values (see dedup_tracker).
void read_threshold(yaml_reader& r, const YAML::Node& n, rule_spec& rule) {
    if (!n.IsMap()) {
        rule.threshold = r.integer(n, "Threshold", 1).value_or(1);
        return;
    }
    r.check_keys(n, {"Count", "DistinctOn"}, "a Threshold");
    if (!n["Count"]) r.error(n, "Threshold needs Count (the number of matches, or of different DistinctOn values, that opens an alert)");
    else rule.threshold = r.integer(n["Count"], "Threshold Count", 1).value_or(1);
    if (n["DistinctOn"]) {
        rule.distinct_on = r.expression(n["DistinctOn"], "Threshold DistinctOn");
        if (rule.threshold > max_distinct_count)
            r.error(n["Count"], "Threshold Count with DistinctOn must be at most " + std::to_string(max_distinct_count) +
                                    " (an open window keeps the values seen so far)");
    }
}

void read_tests(yaml_reader& r, const YAML::Node& n, rule_spec& rule) {
    if (!n.IsSequence()) return r.wrong_type(n, "Tests", "a list");
    std::set<std::string> names;
    for (const auto& item : n) {
        if (!item.IsMap()) {
            r.error(item, "each test must be a mapping with Name, ExpectedResult and Log");
            continue;
        }
        r.check_keys(item, test_keys, "a test");
        rule_test t;
        t.where = r.position(item);
        bool ok = true;
        if (!item["Name"]) r.error(item, "test without a Name"), ok = false;
        else if (auto s = r.string(item["Name"], "Name")) {
            t.name = *s;
            if (!names.insert(t.name).second) r.error(item["Name"], "duplicate test name '" + t.name + "'"), ok = false;
        }
        if (!item["ExpectedResult"]) r.error(item, "test '" + t.name + "' has no ExpectedResult"), ok = false;
        else if (auto b = r.boolean(item["ExpectedResult"], "ExpectedResult")) t.expected_result = *b;
        else ok = false;
        if (item["Log"] && item["Logs"]) r.error(item["Logs"], "test '" + t.name + "' has both Log and Logs: give one"), ok = false;
        else if (item["Logs"]) ok = read_test_logs(r, item["Logs"], t) && ok;
        else if (!item["Log"]) r.error(item, "test '" + t.name + "' has no Log (one event) or Logs (a list of events)"), ok = false;
        else if (auto log = r.log(item["Log"], "Log")) t.log = std::move(*log);
        else ok = false;
        if (item["ExpectedTitle"]) t.expected_title = r.string(item["ExpectedTitle"], "ExpectedTitle");
        if (item["ExpectedDedup"]) t.expected_dedup = r.string(item["ExpectedDedup"], "ExpectedDedup");
        if (item["ExpectedSeverity"]) t.expected_severity = read_severity(r, item["ExpectedSeverity"], "ExpectedSeverity");
        if (item["ExpectedAlertContext"]) {
            if (item["ExpectedAlertContext"].IsMap()) t.expected_alert_context = r.json(item["ExpectedAlertContext"], "ExpectedAlertContext");
            else r.wrong_type(item["ExpectedAlertContext"], "ExpectedAlertContext", "a mapping");
        }
        if (ok) rule.tests.push_back(std::move(t));
    }
}

}  // namespace

std::optional<rule_spec> read_rule(yaml_reader& r, const YAML::Node& doc) {
    r.check_keys(doc, rule_keys, "a rule");
    rule_spec rule;
    rule.file = r.file()->path();
    rule.where = r.position(doc);
    if (!doc["RuleID"]) r.error(rule.where, "missing RuleID: every rule needs a unique RuleID");
    else rule.rule_id = r.string(doc["RuleID"], "RuleID").value_or("");
    rule.id_where = doc["RuleID"] ? r.position(doc["RuleID"]) : rule.where;
    if (doc["DisplayName"]) rule.display_name = r.string(doc["DisplayName"], "DisplayName").value_or("");
    if (doc["Enabled"]) rule.enabled = r.boolean(doc["Enabled"], "Enabled").value_or(true);
    if (!doc["LogTypes"]) r.error(rule.where, "missing LogTypes: a rule must name the log types it reads");
    else {
        rule.log_types = r.string_list(doc["LogTypes"], "LogTypes");
        if (doc["LogTypes"].IsSequence() && rule.log_types.empty()) r.error(doc["LogTypes"], "LogTypes is empty");
    }
    if (!doc["Severity"]) r.error(rule.where, "missing Severity (Info, Low, Medium, High or Critical)");
    else if (auto s = read_severity(r, doc["Severity"], "Severity")) rule.level = *s;
    if (doc["Description"]) rule.description = r.string(doc["Description"], "Description").value_or("");
    if (doc["Runbook"]) rule.runbook = r.string(doc["Runbook"], "Runbook").value_or("");
    if (doc["Reference"]) rule.reference = r.string(doc["Reference"], "Reference").value_or("");
    if (doc["Reports"]) {
        if (!doc["Reports"].IsMap()) r.wrong_type(doc["Reports"], "Reports", "a mapping of framework: [ids]");
        else rule.reports = r.json(doc["Reports"], "Reports");
    }
    if (doc["Tags"]) rule.tags = r.string_list(doc["Tags"], "Tags");
    if (doc["DedupPeriodMinutes"]) rule.dedup_period_minutes = r.integer(doc["DedupPeriodMinutes"], "DedupPeriodMinutes", 0).value_or(60);
    if (doc["Threshold"]) read_threshold(r, doc["Threshold"], rule);
    if (doc["SummaryAttributes"]) rule.summary_attributes = r.string_list(doc["SummaryAttributes"], "SummaryAttributes");
    if (doc["Let"]) rule.lets = r.expression_map(doc["Let"], "Let");
    if (!doc["Condition"]) r.error(rule.where, "missing Condition: a rule needs at least one expression");
    else read_conditions(r, doc["Condition"], rule);
    if (doc["Exclusions"]) read_exclusions(r, doc["Exclusions"], rule);
    if (doc["AlertTitle"]) rule.title = r.template_string(doc["AlertTitle"], "AlertTitle");
    if (doc["Dedup"]) rule.dedup = r.template_string(doc["Dedup"], "Dedup");
    if (doc["DynamicSeverities"]) read_dynamic_severities(r, doc["DynamicSeverities"], rule);
    if (doc["AlertContext"]) rule.alert_context = r.expression_map(doc["AlertContext"], "AlertContext");
    if (doc["Tests"]) read_tests(r, doc["Tests"], rule);
    return rule;
}

}  // namespace vigil::dsl

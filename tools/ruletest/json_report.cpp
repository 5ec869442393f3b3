// Machine-readable ruletest output: one JSON document with every rule, test and the summary.
#include "report.hpp"

#include <ostream>

namespace vigil::ruletest {

namespace {
nlohmann::ordered_json test_json(const engine::test_outcome& t) {
    nlohmann::ordered_json j;
    j["name"] = t.name;
    j["passed"] = t.passed;
    j["expected"] = t.expected;
    j["actual"] = t.actual;
    j["title"] = t.has_outputs ? nlohmann::ordered_json(t.outputs.title) : nullptr;
    j["dedup"] = t.has_outputs ? nlohmann::ordered_json(t.outputs.dedup) : nullptr;
    j["severity"] = t.has_outputs ? nlohmann::ordered_json(std::string(dsl::severity_name(t.outputs.level))) : nullptr;
    j["alert_context"] = t.has_outputs ? t.outputs.alert_context : nlohmann::ordered_json(nullptr);
    j["reason"] = t.reason.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(t.reason);
    j["file"] = t.where.file;
    j["line"] = t.where.line;
    return j;
}
}  // namespace

void print_json(std::ostream& out, const run_report& r, bool failures_only) {
    nlohmann::ordered_json doc;
    doc["rules"] = nlohmann::ordered_json::array();
    doc["datamodels"] = nlohmann::ordered_json::array();
    for (const auto& s : r.suites) {
        nlohmann::ordered_json j;
        j[s.kind == "rule" ? "rule_id" : "datamodel_id"] = s.id;
        j["file"] = s.file;
        j["problems"] = s.problems;
        j["tests"] = nlohmann::ordered_json::array();
        for (size_t i = 0; i < s.tests.size(); ++i) {
            if (failures_only && s.tests[i].passed) continue;
            auto t = test_json(s.tests[i]);
            if (s.kind == "datamodel" && i < s.normalised.size()) t["normalised"] = s.normalised[i];
            j["tests"].push_back(std::move(t));
        }
        if (s.coverage) j["coverage"] = coverage_json(*s.coverage);
        doc[s.kind == "rule" ? "rules" : "datamodels"].push_back(std::move(j));
    }
    doc["summary"] = {{"passed", r.passed}, {"failed", r.failed}, {"errors", r.errors}};
    if (const auto t = total_coverage(r); t.rules > 0) doc["summary"]["coverage"] = {{"covered", t.covered}, {"total", t.total}, {"percent", t.percent()}};
    out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace vigil::ruletest

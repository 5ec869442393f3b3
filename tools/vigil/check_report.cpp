// JSON and SARIF renderings of `vigil check`'s diagnostics.
#include "check_report.hpp"

#include <nlohmann/json.hpp>

#include <ostream>

namespace vigil::tools {

namespace {

const char* level_name(dsl::severity_level l) {
    switch (l) {
        case dsl::severity_level::error: return "error";
        case dsl::severity_level::warning: return "warning";
        case dsl::severity_level::note: return "note";
    }
    return "note";
}

}  // namespace

const std::vector<lint_code>& lint_codes() {
    static const std::vector<lint_code> codes = {
        {"V100", "a suppression comment without a lint code or without a reason"},
        {"V101", "a rule without tests"},
        {"V102", "a test log whose p_log_type is not one of the rule's LogTypes"},
        {"V103", "a name no data model of the rule's log types defines and no test log contains (a typo?)"},
        {"V104", "a name that is a data-model field on some log types of the rule and a raw path on others"},
        {"V105", "a condition or exclusion that constant folding proves always true or always false"},
        {"V106", "a field the rule reads that none of its test logs of that log type holds"},
        {"V107", "an exclusion that repeats another exclusion's condition"},
        {"V108", "a `matches` regex that is plain text: eq, starts_with, ends_with or contains says the same"},
    };
    return codes;
}

void print_check_json(std::ostream& out, const dsl::diagnostics& diags, const check_totals& t) {
    nlohmann::ordered_json doc;
    doc["diagnostics"] = nlohmann::ordered_json::array();
    for (const auto& d : diags.items())
        doc["diagnostics"].push_back({{"level", level_name(d.level)},
                                      {"code", d.code.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(d.code)},
                                      {"file", d.where.file},
                                      {"line", d.where.line},
                                      {"column", d.where.column},
                                      {"message", d.message}});
    doc["summary"] = {{"files", t.files},   {"rules", t.rules},       {"data_models", t.models},         {"packs", t.packs},
                      {"errors", t.errors}, {"warnings", t.warnings}, {"suppressed", t.suppressed}};
    out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void print_check_sarif(std::ostream& out, const dsl::diagnostics& diags) {
    nlohmann::ordered_json rules = nlohmann::ordered_json::array();
    rules.push_back({{"id", "load"}, {"shortDescription", {{"text", "a rule, data model or pack that does not load"}}}});
    for (const auto& c : lint_codes())
        rules.push_back({{"id", c.code},
                         {"shortDescription", {{"text", c.summary}}},
                         {"defaultConfiguration", {{"level", "warning"}}}});
    nlohmann::ordered_json results = nlohmann::ordered_json::array();
    for (const auto& d : diags.items()) {
        nlohmann::ordered_json region;
        if (d.where.line) {
            region["startLine"] = d.where.line;
            if (d.where.column) region["startColumn"] = d.where.column;
        }
        nlohmann::ordered_json location = {{"physicalLocation", {{"artifactLocation", {{"uri", d.where.file}}}}}};
        if (!region.empty()) location["physicalLocation"]["region"] = region;
        results.push_back({{"ruleId", d.code.empty() ? "load" : d.code},
                           {"level", level_name(d.level)},
                           {"message", {{"text", d.message}}},
                           {"locations", nlohmann::ordered_json::array({location})}});
    }
    nlohmann::ordered_json doc = {
        {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
        {"version", "2.1.0"},
        {"runs", nlohmann::ordered_json::array({{{"tool", {{"driver", {{"name", "vigil"}, {"rules", rules}}}}},
                                                 {"results", results}}})}};
    out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace vigil::tools

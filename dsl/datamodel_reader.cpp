// Reads an `AnalysisType: datamodel` document: guard, bindings, mappings, event time and tests.
#include "dsl/document_readers.hpp"

#include <set>

namespace vigil::dsl {

namespace {
const std::vector<std::string> model_keys = {"AnalysisType", "DataModelID", "DisplayName", "Enabled", "LogTypes", "When",
                                             "Let", "Mappings", "EventTime", "Tests", "Description", "Filename"};
const std::vector<std::string> test_keys = {"Name", "Log", "Expected", "ExpectedApplies"};
}  // namespace

std::optional<datamodel_spec> read_datamodel(yaml_reader& r, const YAML::Node& doc) {
    r.check_keys(doc, model_keys, "a data model");
    datamodel_spec m;
    m.file = r.file()->path();
    m.where = r.position(doc);
    if (!doc["DataModelID"]) r.error(m.where, "missing DataModelID: every data model needs a unique DataModelID");
    else m.id = r.string(doc["DataModelID"], "DataModelID").value_or("");
    m.id_where = doc["DataModelID"] ? r.position(doc["DataModelID"]) : m.where;
    if (doc["DisplayName"]) m.display_name = r.string(doc["DisplayName"], "DisplayName").value_or("");
    if (doc["Enabled"]) m.enabled = r.boolean(doc["Enabled"], "Enabled").value_or(true);
    if (!doc["LogTypes"]) r.error(m.where, "missing LogTypes: a data model names the log type it normalises");
    else m.log_types = r.string_list(doc["LogTypes"], "LogTypes");
    if (doc["When"]) m.when = r.expression(doc["When"], "When");
    if (doc["Let"]) m.lets = r.expression_map(doc["Let"], "Let");
    if (!doc["Mappings"]) r.error(m.where, "missing Mappings: a data model maps normalised names to expressions");
    else m.mappings = r.expression_map(doc["Mappings"], "Mappings");
    for (const auto& [name, e] : m.lets)
        for (const auto& [mapped, e2] : m.mappings)
            if (name == mapped) r.error(e2.position(), "'" + name + "' is both a Let name and a mapping");
    if (doc["EventTime"]) m.event_time = r.expression(doc["EventTime"], "EventTime");
    if (doc["Tests"]) {
        // Iterating a mapping as a list yields invalid nodes that throw when touched.
        if (!doc["Tests"].IsSequence()) r.wrong_type(doc["Tests"], "Tests", "a list");
        std::set<std::string> names;
        for (const auto& item : doc["Tests"].IsSequence() ? doc["Tests"] : YAML::Node(YAML::NodeType::Sequence)) {
            if (!item.IsMap()) {
                r.error(item, "each test must be a mapping with Name, Log and Expected");
                continue;
            }
            r.check_keys(item, test_keys, "a data-model test");
            datamodel_test t;
            t.where = r.position(item);
            bool ok = true;
            if (!item["Name"]) r.error(item, "test without a Name"), ok = false;
            else {
                t.name = r.string(item["Name"], "Name").value_or("");
                if (!names.insert(t.name).second) r.error(item["Name"], "duplicate test name '" + t.name + "'"), ok = false;
            }
            if (!item["Log"]) r.error(item, "test '" + t.name + "' has no Log"), ok = false;
            else if (auto log = r.log(item["Log"], "Log")) t.log = std::move(*log);
            else ok = false;
            if (item["Expected"]) {
                if (item["Expected"].IsMap()) t.expected = r.json(item["Expected"], "Expected");
                else r.wrong_type(item["Expected"], "Expected", "a mapping of normalised name: value"), ok = false;
            }
            if (item["ExpectedApplies"]) t.expected_applies = r.boolean(item["ExpectedApplies"], "ExpectedApplies").value_or(true);
            if (!item["Expected"] && !item["ExpectedApplies"]) r.error(item, "test '" + t.name + "' needs Expected or ExpectedApplies"), ok = false;
            if (ok) m.tests.push_back(std::move(t));
        }
    }
    return m;
}

}  // namespace vigil::dsl

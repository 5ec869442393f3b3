// Reads an `AnalysisType: pack` document: a named list of rule and data-model IDs.
#include "dsl/document_readers.hpp"

namespace vigil::dsl {

std::optional<pack_spec> read_pack(yaml_reader& r, const YAML::Node& doc) {
    r.check_keys(doc, {"AnalysisType", "PackID", "DisplayName", "Description", "PackDefinition"}, "a pack");
    pack_spec p;
    p.file = r.file()->path();
    p.where = r.position(doc);
    if (!doc["PackID"]) r.error(p.where, "missing PackID");
    else p.id = r.string(doc["PackID"], "PackID").value_or("");
    p.id_where = doc["PackID"] ? r.position(doc["PackID"]) : p.where;
    if (doc["DisplayName"]) p.display_name = r.string(doc["DisplayName"], "DisplayName").value_or("");
    if (doc["Description"]) p.description = r.string(doc["Description"], "Description").value_or("");
    const auto def = doc["PackDefinition"];
    if (!def || !def.IsMap() || !def["IDs"] || !def["IDs"].IsSequence()) {
        r.error(def ? def : doc, "PackDefinition must be a mapping with IDs: [rule and data-model IDs]");
        return p;
    }
    r.check_keys(def, {"IDs"}, "PackDefinition");
    for (const auto& id : def["IDs"])
        if (auto s = r.string(id, "PackDefinition ID")) p.ids.emplace_back(*s, r.position(id));
    return p;
}

}  // namespace vigil::dsl

// Reads an `AnalysisType: macro` document: a named expression, with optional parameter names.
#include "dsl/document_readers.hpp"

#include <set>

namespace vigil::dsl {

std::optional<macro_spec> read_macro(yaml_reader& r, const YAML::Node& doc) {
    r.check_keys(doc, {"AnalysisType", "MacroID", "Expression", "Parameters", "Description"}, "a macro");
    macro_spec m;
    m.file = r.file()->path();
    m.where = r.position(doc);
    if (!doc["MacroID"]) r.error(m.where, "missing MacroID: every macro needs a unique MacroID");
    else m.id = r.string(doc["MacroID"], "MacroID").value_or("");
    m.id_where = doc["MacroID"] ? r.position(doc["MacroID"]) : m.where;
    if (doc["Description"]) m.description = r.string(doc["Description"], "Description").value_or("");
    if (doc["Parameters"]) {
        m.parameters = r.string_list(doc["Parameters"], "Parameters");
        std::set<std::string> seen;
        for (const auto& p : m.parameters)
            if (!seen.insert(p).second) r.error(doc["Parameters"], "duplicate parameter '" + p + "'");
    }
    if (!doc["Expression"]) {
        r.error(m.where, "missing Expression: a macro names one expression");
        return m;
    }
    if (auto e = r.expression(doc["Expression"], "Expression")) m.expression = std::move(*e);
    return m;
}

}  // namespace vigil::dsl

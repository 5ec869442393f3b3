// Reads an `AnalysisType: list` document: a named list of scalars that `list(name)` uses as a constant.
#include "dsl/document_readers.hpp"

namespace vigil::dsl {

namespace {
// A scalar as the expression language writes it, so a list item equals the literal it stands for.
std::optional<literal_value> item_value(yaml_reader& r, const YAML::Node& item) {
    if (!item.IsScalar() && !item.IsNull()) {
        r.wrong_type(item, "Items", "a list of strings, numbers or booleans (not nested lists or mappings)");
        return std::nullopt;
    }
    const auto j = r.json(item, "Items");
    if (j.is_string()) return literal_value{j.get<std::string>()};
    if (j.is_boolean()) return literal_value{j.get<bool>()};
    if (j.is_number_integer()) return literal_value{j.get<int64_t>()};
    if (j.is_number()) return literal_value{j.get<double>()};
    return literal_value{null_literal{}};
}
}  // namespace

std::optional<list_spec> read_list(yaml_reader& r, const YAML::Node& doc) {
    r.check_keys(doc, {"AnalysisType", "ListID", "Items", "Description"}, "a list");
    list_spec l;
    l.file = r.file()->path();
    l.where = r.position(doc);
    if (!doc["ListID"]) r.error(l.where, "missing ListID: every list needs a unique ListID");
    else l.id = r.string(doc["ListID"], "ListID").value_or("");
    l.id_where = doc["ListID"] ? r.position(doc["ListID"]) : l.where;
    if (doc["Description"]) l.description = r.string(doc["Description"], "Description").value_or("");
    if (!doc["Items"]) {
        r.error(l.where, "missing Items: a list holds its values under Items");
    } else if (!doc["Items"].IsSequence()) {
        r.wrong_type(doc["Items"], "Items", "a list");
    } else {
        for (const auto& item : doc["Items"])
            if (auto v = item_value(r, item)) l.items.push_back(std::move(*v));
    }
    return l;
}

}  // namespace vigil::dsl

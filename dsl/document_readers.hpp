// The per-kind readers behind load_document_text: one YAML document in, one spec (or diagnostics) out.
#pragma once

#include "dsl/documents.hpp"
#include "dsl/yaml_reader.hpp"

#include <optional>

namespace vigil::dsl {

std::optional<rule_spec> read_rule(yaml_reader& r, const YAML::Node& doc);
std::optional<datamodel_spec> read_datamodel(yaml_reader& r, const YAML::Node& doc);
std::optional<list_spec> read_list(yaml_reader& r, const YAML::Node& doc);
std::optional<macro_spec> read_macro(yaml_reader& r, const YAML::Node& doc);
std::optional<pack_spec> read_pack(yaml_reader& r, const YAML::Node& doc);

}  // namespace vigil::dsl

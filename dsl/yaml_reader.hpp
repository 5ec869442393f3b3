// Typed, position-aware reading of yaml-cpp nodes: every type mistake becomes a diagnostic, not a throw.
#pragma once

#include "dsl/diagnostics.hpp"
#include "dsl/documents.hpp"

#include <yaml-cpp/yaml.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace vigil::dsl {

class yaml_reader {
public:
    yaml_reader(source_file_ptr file, diagnostics& diags) : file_(std::move(file)), diags_(diags) {}

    file_position position(const YAML::Node& n) const;
    void error(const YAML::Node& at, std::string message);
    void error(const file_position& at, std::string message);
    // "wrong type: KEY must be EXPECTED, not a mapping": every node of the wrong kind says so alike.
    void wrong_type(const YAML::Node& n, std::string_view key, std::string_view expected);

    // Reports keys of `map` not in `known` (with a suggestion) and duplicated keys.
    void check_keys(const YAML::Node& map, const std::vector<std::string>& known, std::string_view what);

    std::optional<std::string> string(const YAML::Node& n, std::string_view key);
    std::optional<bool> boolean(const YAML::Node& n, std::string_view key);
    std::optional<int> integer(const YAML::Node& n, std::string_view key, int min_value);
    std::vector<std::string> string_list(const YAML::Node& n, std::string_view key);
    // An expression scalar, parsed; problems are reported at their file positions.
    std::optional<expression_text> expression(const YAML::Node& n, std::string_view key);
    std::optional<template_text> template_string(const YAML::Node& n, std::string_view key);
    // Ordered `name: expression` pairs (Mappings, Let, AlertContext).
    std::vector<std::pair<std::string, expression_text>> expression_map(const YAML::Node& n, std::string_view key);
    // Any YAML value as JSON (plain scalars typed by the YAML core schema, quoted ones stay strings).
    // `what` names it in messages (non-string or duplicate keys, numbers out of range).
    nlohmann::ordered_json json(const YAML::Node& n, std::string_view what);
    // A test log: a mapping, or a string holding a JSON object.
    std::optional<nlohmann::ordered_json> log(const YAML::Node& n, std::string_view key);

    const source_file_ptr& file() const { return file_; }

private:
    source_file_ptr file_;
    diagnostics& diags_;
};

}  // namespace vigil::dsl

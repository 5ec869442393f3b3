// The loaded forms of rule, data-model, list, macro and pack files: plain data with parsed expressions and positions.
#pragma once

#include "dsl/ast.hpp"
#include "dsl/source_file.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vigil::dsl {

// An expression as written in a file: its text, where each byte came from, and its AST.
struct expression_text {
    std::string text;
    text_origin origin;
    node_ptr ast;
    file_position position(uint32_t offset = 0) const { return origin.at(offset); }
};

// `literal {hole} literal ...`; holes are expressions.
struct template_part {
    std::string literal;
    node_ptr hole;      // null for a literal part
    uint32_t offset = 0; // where the hole's expression starts within the template text
};
struct template_text {
    std::string text;
    text_origin origin;
    std::vector<template_part> parts;
};

enum class severity { info, low, medium, high, critical };
std::string_view severity_name(severity s);
std::optional<severity> parse_severity(std::string_view s);

struct named_condition {
    std::string name;
    expression_text condition;
};

struct dynamic_severity {
    expression_text condition;
    severity level = severity::info;
};

struct rule_test {
    std::string name;
    file_position where;
    bool expected_result = false;
    std::optional<std::string> expected_title;
    std::optional<std::string> expected_dedup;
    std::optional<severity> expected_severity;
    std::optional<nlohmann::ordered_json> expected_alert_context;
    nlohmann::ordered_json log;                // `Log:` one event, judged by the rule alone
    std::vector<nlohmann::ordered_json> logs;  // `Logs:` events judged in order through Threshold and dedup windows
    bool is_sequence() const { return !logs.empty(); }
};

// The largest Threshold Count a DistinctOn rule may have: each open window keeps up to Count - 1
// values (at most 256 bytes each, see dedup_tracker), so this bounds a window to ~2.5 MB.
inline constexpr int max_distinct_count = 10000;

struct rule_spec {
    std::string file;
    file_position where;
    file_position id_where;  // of the ID's value (duplicate IDs point there)
    std::string rule_id;
    std::string display_name;
    bool enabled = true;
    std::vector<std::string> log_types;
    severity level = severity::info;
    std::string description;
    std::string runbook;
    std::string reference;
    nlohmann::ordered_json reports = nlohmann::ordered_json::object();
    std::vector<std::string> tags;
    int dedup_period_minutes = 60;
    int threshold = 1;                          // `Threshold: N` or `Threshold: {Count: N, ...}`
    std::optional<expression_text> distinct_on;  // `Threshold: {DistinctOn: EXPR}`: count different values
    std::vector<std::string> summary_attributes;
    std::vector<expression_text> conditions;  // all must hold
    std::vector<named_condition> exclusions;  // any one suppresses
    std::optional<template_text> title;
    std::optional<template_text> dedup;
    std::vector<dynamic_severity> dynamic_severities;
    std::vector<std::pair<std::string, expression_text>> alert_context;
    std::vector<std::pair<std::string, expression_text>> lets;  // named values, each seeing those before it
    std::vector<rule_test> tests;
};

struct datamodel_test {
    std::string name;
    file_position where;
    nlohmann::ordered_json log;
    std::optional<nlohmann::ordered_json> expected;  // normalised name -> value (null: missing)
    bool expected_applies = true;
};

struct datamodel_spec {
    std::string file;
    file_position where;
    file_position id_where;  // of the ID's value (duplicate IDs point there)
    std::string id;
    std::string display_name;
    bool enabled = true;
    std::vector<std::string> log_types;
    std::optional<expression_text> when;
    std::vector<std::pair<std::string, expression_text>> lets;
    std::vector<std::pair<std::string, expression_text>> mappings;
    std::optional<expression_text> event_time;
    std::vector<datamodel_test> tests;
};

// `AnalysisType: list`: named constants that `list(name)` turns into a literal list.
struct list_spec {
    std::string file;
    file_position where;
    file_position id_where;
    std::string id;
    std::string description;
    std::vector<literal_value> items;
};

// `AnalysisType: macro`: an expression that `macro(name)` / `macro(name(args))` expands in place.
struct macro_spec {
    std::string file;
    file_position where;
    file_position id_where;
    std::string id;
    std::string description;
    std::vector<std::string> parameters;
    expression_text expression;
};

struct pack_spec {
    std::string file;
    file_position where;
    file_position id_where;  // of the ID's value (duplicate IDs point there)
    std::string id;
    std::string display_name;
    std::string description;
    std::vector<std::pair<std::string, file_position>> ids;
};

}  // namespace vigil::dsl

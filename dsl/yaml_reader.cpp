// Typed reading of YAML nodes with diagnostics that point at the offending node.
#include "dsl/yaml_reader.hpp"

#include "dsl/expression_parser.hpp"
#include "dsl/json_text.hpp"
#include "dsl/number_text.hpp"
#include "dsl/template_parser.hpp"

#include <algorithm>
#include <charconv>
#include <string_view>

namespace vigil::dsl {

namespace {
const char* type_name(const YAML::Node& n) {
    switch (n.Type()) {
        case YAML::NodeType::Null: return "null";
        case YAML::NodeType::Scalar: return "a scalar";
        case YAML::NodeType::Sequence: return "a list";
        case YAML::NodeType::Map: return "a mapping";
        default: return "nothing";
    }
}

bool is_plain(const YAML::Node& n) { return n.Tag() == "?" || n.Tag().empty(); }

// An empty value (`Condition:` with nothing after it) has no text of its own: yaml-cpp marks the
// token after it, often the next key. The useful place is just past the `key:` or `-` it belongs
// to, so walk back over blanks and comments to the end of the previous text.
uint32_t end_of_text_before(const std::string& t, uint32_t pos) {
    uint32_t end = std::min<uint32_t>(pos, static_cast<uint32_t>(t.size()));
    while (end > 0) {
        uint32_t line_start = end;
        while (line_start > 0 && t[line_start - 1] != '\n') --line_start;
        std::string_view seg(t.data() + line_start, end - line_start);
        for (size_t i = 0; i < seg.size(); ++i)
            if (seg[i] == '#' && (i == 0 || seg[i - 1] == ' ' || seg[i - 1] == '\t')) seg = seg.substr(0, i);
        while (!seg.empty() && (seg.back() == ' ' || seg.back() == '\t' || seg.back() == '\r')) seg.remove_suffix(1);
        if (!seg.empty()) return line_start + static_cast<uint32_t>(seg.size());
        if (line_start == 0) break;
        end = line_start - 1;  // the previous line, without its newline
    }
    return pos;
}

bool is_explicit_null(const std::string& t, uint32_t pos) {
    std::string_view rest(t.data() + std::min<size_t>(pos, t.size()), t.size() - std::min<size_t>(pos, t.size()));
    for (std::string_view word : {"~", "null", "Null", "NULL"})
        if (rest.substr(0, word.size()) == word) return true;
    return false;
}
}  // namespace

file_position yaml_reader::position(const YAML::Node& n) const {
    auto m = n.Mark();
    if (m.is_null()) return {file_->path(), 0, 0};
    auto pos = static_cast<uint32_t>(m.pos);
    if (n.IsNull() && !is_explicit_null(file_->text(), pos)) pos = end_of_text_before(file_->text(), pos);
    return file_->position_of(pos);
}

void yaml_reader::error(const file_position& at, std::string message) {
    diags_.error(at, std::move(message), at.line ? file_->line_text(at.line) : std::string_view{});
}
void yaml_reader::error(const YAML::Node& at, std::string message) { error(position(at), std::move(message)); }

void yaml_reader::wrong_type(const YAML::Node& n, std::string_view key, std::string_view expected) {
    error(n, "wrong type: " + std::string(key) + " must be " + std::string(expected) + ", not " + type_name(n));
}

void yaml_reader::check_keys(const YAML::Node& map, const std::vector<std::string>& known, std::string_view what) {
    std::set<std::string> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (!it->first.IsScalar()) {
            error(it->first, "keys of " + std::string(what) + " must be strings");
            continue;
        }
        std::string key = it->first.Scalar();
        if (!seen.insert(key).second) error(it->first, "duplicate key '" + key + "' in " + std::string(what));
        if (std::find(known.begin(), known.end(), key) == known.end()) {
            std::string msg = "unknown key '" + key + "' in " + std::string(what);
            std::string hint = closest_match(key, known);
            if (!hint.empty()) msg += " (did you mean '" + hint + "'?)";
            error(it->first, msg);
        }
    }
}

std::optional<std::string> yaml_reader::string(const YAML::Node& n, std::string_view key) {
    if (!n.IsScalar()) {
        wrong_type(n, key, "a string");
        return std::nullopt;
    }
    return n.Scalar();
}

std::optional<bool> yaml_reader::boolean(const YAML::Node& n, std::string_view key) {
    if (n.IsScalar() && is_plain(n)) {
        const auto& s = n.Scalar();
        if (s == "true" || s == "True" || s == "TRUE") return true;
        if (s == "false" || s == "False" || s == "FALSE") return false;
    }
    error(n, std::string(key) + " must be true or false");
    return std::nullopt;
}

std::optional<int> yaml_reader::integer(const YAML::Node& n, std::string_view key, int min_value) {
    if (n.IsScalar()) {
        const auto& s = n.Scalar();
        int v = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec == std::errc() && p == s.data() + s.size() && v >= min_value) return v;
    }
    error(n, std::string(key) + " must be an integer >= " + std::to_string(min_value));
    return std::nullopt;
}

std::vector<std::string> yaml_reader::string_list(const YAML::Node& n, std::string_view key) {
    std::vector<std::string> out;
    if (!n.IsSequence()) {
        wrong_type(n, key, "a list of strings");
        return out;
    }
    for (const auto& item : n) {
        if (auto s = string(item, std::string(key) + " item")) out.push_back(*s);
    }
    return out;
}

std::optional<expression_text> yaml_reader::expression(const YAML::Node& n, std::string_view key) {
    if (n.IsNull()) {
        error(n, "empty " + std::string(key) + ": expected an expression");
        return std::nullopt;
    }
    if (!n.IsScalar()) {
        wrong_type(n, key, "an expression string");
        return std::nullopt;
    }
    expression_text e;
    e.text = n.Scalar();
    e.origin = text_origin(file_, static_cast<uint32_t>(n.Mark().pos), e.text);
    if (e.text.find_first_not_of(" \t\r\n") == std::string::npos) {
        error(n, "empty " + std::string(key) + ": expected an expression");
        return std::nullopt;
    }
    auto r = parse_expression(e.text);
    for (const auto& p : r.problems) error(e.origin.at(p.offset), p.message);
    if (!r.ast) return std::nullopt;
    e.ast = std::move(r.ast);
    return e;
}

std::optional<template_text> yaml_reader::template_string(const YAML::Node& n, std::string_view key) {
    if (!n.IsScalar()) {
        wrong_type(n, key, "a template string");
        return std::nullopt;
    }
    template_text t;
    t.text = n.Scalar();
    t.origin = text_origin(file_, static_cast<uint32_t>(n.Mark().pos), t.text);
    auto problems = parse_template(t);
    for (const auto& p : problems) error(t.origin.at(p.offset), p.message);
    if (!problems.empty()) return std::nullopt;
    return t;
}

std::vector<std::pair<std::string, expression_text>> yaml_reader::expression_map(const YAML::Node& n, std::string_view key) {
    std::vector<std::pair<std::string, expression_text>> out;
    if (!n.IsMap()) {
        wrong_type(n, key, "a mapping of name: expression");
        return out;
    }
    std::set<std::string> seen;
    for (auto it = n.begin(); it != n.end(); ++it) {
        if (!it->first.IsScalar()) {
            error(it->first, "names in " + std::string(key) + " must be strings");
            continue;
        }
        std::string name = it->first.Scalar();
        if (!seen.insert(name).second) {
            error(it->first, "duplicate name '" + name + "' in " + std::string(key));
            continue;
        }
        if (auto e = expression(it->second, std::string(key) + " '" + name + "'")) out.emplace_back(name, std::move(*e));
    }
    return out;
}

nlohmann::ordered_json yaml_reader::json(const YAML::Node& n, std::string_view what) {
    // Depth and alias expansion were bounded for the whole document (check_yaml_bounds) before
    // any reader got here, so this recursion and its copies are bounded too.
    switch (n.Type()) {
        case YAML::NodeType::Sequence: {
            auto arr = nlohmann::ordered_json::array();
            for (const auto& item : n) arr.push_back(json(item, what));
            return arr;
        }
        case YAML::NodeType::Map: {
            auto obj = nlohmann::ordered_json::object();
            // Appended, not assigned by key: ordered_json finds a key by a linear search, quadratic
            // over a large mapping, and the set already says each key is new.
            auto& members = static_cast<nlohmann::ordered_json::object_t::Container&>(obj.get_ref<nlohmann::ordered_json::object_t&>());
            std::set<std::string> keys;
            for (auto it = n.begin(); it != n.end(); ++it) {
                if (!it->first.IsScalar()) {
                    wrong_type(it->first, "keys in " + std::string(what), "strings");
                    continue;
                }
                const std::string& key = it->first.Scalar();
                if (!keys.insert(key).second) {
                    error(it->first, "duplicate key '" + key + "' in " + std::string(what) + " (only one of them would be used)");
                    continue;
                }
                members.emplace_back(key, json(it->second, what));
            }
            return obj;
        }
        case YAML::NodeType::Scalar: {
            const std::string& s = n.Scalar();
            if (!is_plain(n)) return s;
            if (s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
            if (s == "true" || s == "True" || s == "TRUE") return true;
            if (s == "false" || s == "False" || s == "FALSE") return false;
            switch (auto num = read_number(s); num.what) {
                case number_text::kind::integer: return num.integer;
                case number_text::kind::floating: return num.floating;
                case number_text::kind::out_of_range:
                    error(n, "number out of range (beyond a 64-bit float): quote it to keep it as text");
                    return nullptr;
                case number_text::kind::not_a_number: break;
            }
            return s;
        }
        default: return nullptr;
    }
}

std::optional<nlohmann::ordered_json> yaml_reader::log(const YAML::Node& n, std::string_view key) {
    if (n.IsMap()) return json(n, key);
    if (n.IsScalar()) {
        auto r = read_json_text(n.Scalar());
        if (r.value && r.value->is_object()) return std::move(r.value);
        if (!r.value) {
            text_origin origin(file_, static_cast<uint32_t>(n.Mark().pos), n.Scalar());
            error(origin.at(r.offset), std::string(key) + (r.syntax_error ? " is not valid JSON: " : ": ") + r.message);
            return std::nullopt;
        }
    }
    wrong_type(n, key, "a mapping (or a string holding a JSON object)");
    return std::nullopt;
}

}  // namespace vigil::dsl

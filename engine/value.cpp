// Value view over simdjson DOM elements and computed lists; conversions to JSON and text.
#include "engine/value.hpp"

#include <charconv>
#include <cstdio>

namespace vigil::engine {

std::string_view type_name(value_type t) {
    static constexpr std::string_view names[] = {"null", "bool", "int", "float", "string", "list", "object"};
    return names[static_cast<int>(t)];
}

value value::of_element(simdjson::dom::element e) {
    using simdjson::dom::element_type;
    value v;
    switch (e.type()) {
        case element_type::ARRAY: v.type_ = value_type::list; v.dom_ = true; v.elem_ = e; break;
        case element_type::OBJECT: v.type_ = value_type::object; v.dom_ = true; v.elem_ = e; break;
        case element_type::INT64: v.type_ = value_type::integer; v.i_ = e.get_int64().value_unsafe(); break;
        case element_type::UINT64:  // beyond int64: keep the magnitude as a float
            v.type_ = value_type::floating; v.d_ = static_cast<double>(e.get_uint64().value_unsafe()); break;
        case element_type::DOUBLE: v.type_ = value_type::floating; v.d_ = e.get_double().value_unsafe(); break;
        case element_type::STRING: v.type_ = value_type::string; v.s_ = e.get_string().value_unsafe(); break;
        case element_type::BOOL: v.type_ = value_type::boolean; v.b_ = e.get_bool().value_unsafe(); break;
        case element_type::NULL_VALUE: break;
    }
    return v;
}

size_t value::size() const {
    if (type_ == value_type::list) return dom_ ? simdjson::dom::array(elem_.get_array().value_unsafe()).size() : count_;
    if (type_ == value_type::object) return dom_ ? simdjson::dom::object(elem_.get_object().value_unsafe()).size() : count_;
    if (type_ == value_type::string) return s_.size();
    return 0;
}

value value::at(size_t index) const {
    if (type_ != value_type::list) return {};
    if (!dom_) return index < count_ ? items_[index] : value{};
    auto r = elem_.get_array().value_unsafe().at(index);
    return r.error() ? value{} : of_element(r.value_unsafe());
}

value value::get(std::string_view key) const {
    if (type_ != value_type::object) return {};
    if (!dom_) {
        // Computed objects are small (a data model's responseStatus): a scan beats a hash.
        for (size_t i = 0; i < count_; ++i)
            if (items_[2 * i].s_ == key) return items_[2 * i + 1];
        return {};
    }
    auto r = elem_.get_object().value_unsafe().at_key(key);
    return r.error() ? value{} : of_element(r.value_unsafe());
}

bool value::has_key(std::string_view key) const {
    if (type_ != value_type::object) return false;
    if (!dom_) {
        for (size_t i = 0; i < count_; ++i)
            if (items_[2 * i].s_ == key) return true;
        return false;
    }
    return !elem_.get_object().value_unsafe().at_key(key).error();
}

bool truthy(const value& v) {
    switch (v.type()) {
        case value_type::null: return false;
        case value_type::boolean: return v.as_bool();
        case value_type::integer: return v.as_int() != 0;
        case value_type::floating: return v.as_double() != 0.0;
        case value_type::string: return !v.as_string().empty();
        case value_type::list:
        case value_type::object: return v.size() != 0;
    }
    return false;
}

nlohmann::ordered_json to_json(const value& v) {
    switch (v.type()) {
        case value_type::null: return nullptr;
        case value_type::boolean: return v.as_bool();
        case value_type::integer: return v.as_int();
        case value_type::floating: return v.as_double();
        case value_type::string: return std::string(v.as_string());
        case value_type::list: {
            auto arr = nlohmann::ordered_json::array();
            for (size_t i = 0, n = v.size(); i < n; ++i) arr.push_back(to_json(v.at(i)));
            return arr;
        }
        case value_type::object: {
            auto obj = nlohmann::ordered_json::object();
            v.for_each_member([&](std::string_view k, const value& m) { obj[std::string(k)] = to_json(m); });
            return obj;
        }
    }
    return nullptr;
}

void append_text(std::string& out, const value& v) {
    switch (v.type()) {
        case value_type::null: return;
        case value_type::string: out += v.as_string(); return;
        case value_type::integer: {
            char buf[24];
            auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v.as_int());
            out.append(buf, p);
            return;
        }
        default: out += to_json(v).dump();
    }
}

}  // namespace vigil::engine

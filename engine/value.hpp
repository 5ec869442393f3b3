// The value view the evaluator sees: a JSON scalar, or a list/object backed by the event document or
// by per-event scratch storage. The evaluator never touches the parser's types directly.
#pragma once

#include <simdjson.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace vigil::engine {

enum class value_type : uint8_t { null, boolean, integer, floating, string, list, object };

std::string_view type_name(value_type t);

class value {
public:
    value() = default;
    static value of_bool(bool b) { value v; v.type_ = value_type::boolean; v.b_ = b; return v; }
    static value of_int(int64_t i) { value v; v.type_ = value_type::integer; v.i_ = i; return v; }
    static value of_double(double d) { value v; v.type_ = value_type::floating; v.d_ = d; return v; }
    // The characters must outlive the value (event document, rule constant or scratch arena).
    static value of_string(std::string_view s) { value v; v.type_ = value_type::string; v.s_ = s; return v; }
    // Lists built during evaluation (split(), [a, b]); `items` lives in the scratch arena.
    static value of_list(const value* items, size_t count) {
        value v; v.type_ = value_type::list; v.items_ = items; v.count_ = count; return v;
    }
    // Objects built during evaluation (object()); `items` holds key, value, key, value… with string
    // keys, lives in the scratch arena or a constant pool, and `count` is the number of members.
    static value of_object(const value* items, size_t count) {
        value v; v.type_ = value_type::object; v.items_ = items; v.count_ = count; return v;
    }
    static value of_element(simdjson::dom::element e);

    value_type type() const { return type_; }
    bool is_null() const { return type_ == value_type::null; }
    bool is_number() const { return type_ == value_type::integer || type_ == value_type::floating; }
    bool as_bool() const { return b_; }
    int64_t as_int() const { return i_; }
    double as_double() const { return type_ == value_type::integer ? static_cast<double>(i_) : d_; }
    std::string_view as_string() const { return s_; }

    // Lists and objects, from the document or computed.
    size_t size() const;
    value at(size_t index) const;          // null when out of range or not a list
    value get(std::string_view key) const; // null when missing or not an object
    bool has_key(std::string_view key) const;
    bool is_document_backed() const { return dom_; }
    simdjson::dom::element element() const { return elem_; }

    template <typename F>
    void for_each_member(F&& f) const {
        if (type_ != value_type::object) return;
        if (!dom_) {
            for (size_t i = 0; i < count_; ++i) f(items_[2 * i].s_, items_[2 * i + 1]);
            return;
        }
        for (auto field : simdjson::dom::object(elem_.get_object().value_unsafe())) f(field.key, of_element(field.value));
    }

private:
    value_type type_ = value_type::null;
    bool dom_ = false;
    union {
        bool b_;
        int64_t i_ = 0;
        double d_;
    };
    std::string_view s_;
    simdjson::dom::element elem_;
    const value* items_ = nullptr;
    size_t count_ = 0;
};

// Python-like truthiness: null, false, 0, "", [] and {} are false.
bool truthy(const value& v);

// JSON forms: for alert output and test comparison; and compact JSON text for templates.
nlohmann::ordered_json to_json(const value& v);
void append_text(std::string& out, const value& v);  // strings raw, others compact JSON, null empty

}  // namespace vigil::engine

// The value view the evaluator sees: a JSON scalar, or a list/object backed by the event document, by
// per-event scratch storage or (split) by the text it splits. The evaluator never touches the parser's
// types directly, and walks lists with a list_cursor: indexing a document array walks it from its start.
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
        value v; v.type_ = value_type::list; v.kind_ = backing::items; v.list_.items = {items, count}; return v;
    }
    // The parts of `text` between occurrences of `sep` (not empty), found as they are read: a split
    // costs no storage, however many parts the text has. Both must outlive the value.
    static value of_split(std::string_view text, std::string_view sep) {
        value v; v.type_ = value_type::list; v.kind_ = backing::split; v.s_ = text; v.list_.sep = {sep.data(), sep.size()}; return v;
    }
    // Objects built during evaluation (object()); `items` holds key, value, key, value… with string
    // keys, lives in the scratch arena or a constant pool, and `count` is the number of members.
    static value of_object(const value* items, size_t count) {
        value v; v.type_ = value_type::object; v.kind_ = backing::items; v.list_.items = {items, count}; return v;
    }
    static value of_element(simdjson::dom::element e);

    value_type type() const { return type_; }
    bool is_null() const { return type_ == value_type::null; }
    bool is_number() const { return type_ == value_type::integer || type_ == value_type::floating; }
    bool as_bool() const { return b_; }
    int64_t as_int() const { return i_; }
    double as_double() const { return type_ == value_type::integer ? static_cast<double>(i_) : d_; }
    std::string_view as_string() const { return s_; }

    // Lists and objects, from the document or computed. size() and at() may walk the list from its
    // start (document arrays, splits): to visit every item use a list_cursor.
    size_t size() const;
    value at(size_t index) const;          // null when out of range or not a list
    value get(std::string_view key) const; // null when missing or not an object
    bool has_key(std::string_view key) const;
    bool is_document_backed() const { return kind_ == backing::document; }
    bool is_split() const { return kind_ == backing::split; }
    // Parts [from, to) of a split list (from < to <= size()), as a split of the text they span: a
    // slice of a split costs no storage either.
    value split_parts(size_t from, size_t to) const;
    simdjson::dom::element element() const { return elem_; }

    template <typename F>
    void for_each_member(F&& f) const {
        if (type_ != value_type::object) return;
        if (kind_ == backing::items) {
            for (size_t i = 0; i < list_.items.count; ++i) f(list_.items.data[2 * i].s_, list_.items.data[2 * i + 1]);
            return;
        }
        for (auto field : simdjson::dom::object(elem_.get_object().value_unsafe())) f(field.key, of_element(field.value));
    }

private:
    friend class list_cursor;
    enum class backing : uint8_t { none, document, items, split };
    value_type type_ = value_type::null;
    backing kind_ = backing::none;
    union {
        bool b_;
        int64_t i_ = 0;
        double d_;
    };
    std::string_view s_;           // a string; for a split list, the text split
    simdjson::dom::element elem_;  // a document-backed list or object
    union list_storage {
        struct { const value* data; size_t count; } items;  // a computed list
        struct { const char* data; size_t size; } sep;      // a split list's separator
    } list_{{nullptr, 0}};
};

// Visits the items of a list once each, in order, in time linear in the list (any backing).
class list_cursor {
public:
    explicit list_cursor(const value& list);
    bool next(value& item);  // false at the end (at once for a non-list)

private:
    const value& list_;
    simdjson::dom::array::iterator it_, end_;
    size_t pos_ = 0;     // computed lists: the next index; splits: the next part's offset
    bool done_ = false;
};

// Python-like truthiness: null, false, 0, "", [] and {} are false.
bool truthy(const value& v);

// JSON forms: for alert output and test comparison; and compact JSON text for templates.
nlohmann::ordered_json to_json(const value& v);
void append_text(std::string& out, const value& v);  // strings raw, others compact JSON, null empty

}  // namespace vigil::engine

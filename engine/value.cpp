// Value view over simdjson DOM elements, computed lists and splits; list cursors; conversions to JSON and text.
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
        case element_type::ARRAY: v.type_ = value_type::list; v.kind_ = backing::document; v.elem_ = e; break;
        case element_type::OBJECT: v.type_ = value_type::object; v.kind_ = backing::document; v.elem_ = e; break;
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

namespace {
// The part of a split that starts at `pos` of `text`, and where the next one starts (npos: none).
std::string_view split_part(std::string_view text, std::string_view sep, size_t pos, size_t& next) {
    size_t p = text.find(sep, pos);
    next = p == std::string_view::npos ? std::string_view::npos : p + sep.size();
    return text.substr(pos, p == std::string_view::npos ? std::string_view::npos : p - pos);
}
}  // namespace

size_t value::size() const {
    if (type_ == value_type::list) {
        switch (kind_) {
            case backing::document: return simdjson::dom::array(elem_.get_array().value_unsafe()).size();
            case backing::items: return list_.items.count;
            case backing::split: {
                std::string_view sep(list_.sep.data, list_.sep.size);
                size_t n = 1;
                for (size_t p = s_.find(sep); p != std::string_view::npos; p = s_.find(sep, p + sep.size())) ++n;
                return n;
            }
            case backing::none: return 0;
        }
    }
    if (type_ == value_type::object)
        return kind_ == backing::items ? list_.items.count : simdjson::dom::object(elem_.get_object().value_unsafe()).size();
    if (type_ == value_type::string) return s_.size();
    return 0;
}

value value::at(size_t index) const {
    if (type_ != value_type::list) return {};
    switch (kind_) {
        case backing::items: return index < list_.items.count ? list_.items.data[index] : value{};
        case backing::document: {
            auto r = elem_.get_array().value_unsafe().at(index);
            return r.error() ? value{} : of_element(r.value_unsafe());
        }
        case backing::split: {
            list_cursor c(*this);
            value item;
            for (size_t i = 0; c.next(item); ++i)
                if (i == index) return item;
            return {};
        }
        case backing::none: return {};
    }
    return {};
}

value value::split_parts(size_t from, size_t to) const {
    std::string_view sep(list_.sep.data, list_.sep.size);
    size_t pos = 0;
    for (size_t i = 0; i < from; ++i) {
        size_t p = s_.find(sep, pos);
        if (p == std::string_view::npos) return of_list(nullptr, 0);
        pos = p + sep.size();
    }
    size_t start = pos, end = s_.size();
    for (size_t i = from; i + 1 < to; ++i) {
        size_t p = s_.find(sep, pos);
        if (p == std::string_view::npos) break;
        pos = p + sep.size();
    }
    if (size_t p = s_.find(sep, pos); p != std::string_view::npos) end = p;
    return of_split(s_.substr(start, end - start), sep);
}

list_cursor::list_cursor(const value& list) : list_(list) {
    done_ = list.type_ != value_type::list;
    if (!done_ && list.kind_ == value::backing::document) {
        auto arr = simdjson::dom::array(list.elem_.get_array().value_unsafe());
        it_ = arr.begin();
        end_ = arr.end();
    }
}

bool list_cursor::next(value& item) {
    if (done_) return false;
    switch (list_.kind_) {
        case value::backing::document:
            if (it_ == end_) break;
            item = value::of_element(*it_);
            ++it_;
            return true;
        case value::backing::items:
            if (pos_ >= list_.list_.items.count) break;
            item = list_.list_.items.data[pos_++];
            return true;
        case value::backing::split: {
            if (pos_ == std::string_view::npos) break;
            size_t next = 0;
            item = value::of_string(split_part(list_.s_, {list_.list_.sep.data, list_.list_.sep.size}, pos_, next));
            pos_ = next;
            return true;
        }
        case value::backing::none: break;
    }
    done_ = true;
    return false;
}

value value::get(std::string_view key) const {
    if (type_ != value_type::object) return {};
    if (kind_ == backing::items) {
        // Computed objects are small (a data model's responseStatus): a scan beats a hash.
        for (size_t i = 0; i < list_.items.count; ++i)
            if (list_.items.data[2 * i].s_ == key) return list_.items.data[2 * i + 1];
        return {};
    }
    auto r = elem_.get_object().value_unsafe().at_key(key);
    return r.error() ? value{} : of_element(r.value_unsafe());
}

bool value::has_key(std::string_view key) const {
    if (type_ != value_type::object) return false;
    if (kind_ == backing::items) {
        for (size_t i = 0; i < list_.items.count; ++i)
            if (list_.items.data[2 * i].s_ == key) return true;
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
            list_cursor items(v);
            for (value item; items.next(item);) arr.push_back(to_json(item));
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

// simdjson On Demand helpers shared by the scanners: key text, rule-shaped value reads, contains, failure codes.
#pragma once

#include <simdjson.h>

#include <string_view>

#include "k8s_view.hpp"

namespace vigil::reference {

namespace od = simdjson::ondemand;
using simdjson::error_code;

// A field's key. Keys almost never hold escapes, so the raw bytes are used in place (no copy); a key with
// a backslash is unescaped so that e.g. "\u0076erb" still means verb, as it does to json.loads.
inline error_code key_text(od::field& field, std::string_view& out) noexcept {
    const char* const begin = field.key().raw();
    const char* end = begin;
    while (*end != '"') {  // the closing quote exists: stage 1 indexed it
        if (*end == '\\') return field.unescaped_key().get(out);
        ++end;
    }
    out = std::string_view(begin, static_cast<std::size_t>(end - begin));
    return simdjson::SUCCESS;
}

// Reads a value as the rule sees it: its text when a string, otherwise only whether it is null or something else.
inline error_code read_text(od::value& value, json_text& out) noexcept {
    od::json_type type;
    if (const auto error = value.type().get(type)) return error;
    switch (type) {
        case od::json_type::string:
            out.k = json_text::kind::string;
            return value.get_string().get(out.text);
        case od::json_type::null: {
            bool is_null = false;
            if (const auto error = value.is_null().get(is_null)) return error;
            out.k = json_text::kind::null;
            return is_null ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
        }
        default:
            out.k = json_text::kind::other;
            out.text = {};
            return simdjson::SUCCESS;
    }
}

// Python's `needle in value`, which is also the DSL's contains: substring of a string, an element of a list
// (compared as strings), a key of an object; false for anything else.
error_code contains_text(od::value& value, std::string_view needle, bool& found) noexcept;

// True when token (trailing whitespace allowed) is a JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
bool is_json_number(std::string_view token) noexcept;

// Step 2's failure test on responseStatus.code: an integer (of any size, never a float, never a bool)
// that is >= 400 or within 1..16. Decided from the token text so huge integers behave as in Python.
error_code code_is_failure(od::value& value, bool& failed) noexcept;

}  // namespace vigil::reference

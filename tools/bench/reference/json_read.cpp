// Out-of-line On Demand helpers (used only on the rare fields the rule inspects).
#include "json_read.hpp"

#include <utility>

namespace vigil::reference {
namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// Validates a JSON number token; reports whether it is an integer, its sign and its digits.
bool parse_number_token(std::string_view token, bool& integer, bool& negative, std::string_view& digits) noexcept {
    std::size_t i = 0;
    negative = i < token.size() && token[i] == '-';
    i += negative;
    const std::size_t start = i;
    if (i >= token.size() || !is_digit(token[i])) return false;
    if (token[i] == '0') {
        ++i;
    } else {
        while (i < token.size() && is_digit(token[i])) ++i;
    }
    digits = token.substr(start, i - start);
    integer = i == token.size();
    if (integer) return true;
    if (token[i] == '.') {
        ++i;
        if (i >= token.size() || !is_digit(token[i])) return false;
        while (i < token.size() && is_digit(token[i])) ++i;
    }
    if (i < token.size() && (token[i] == 'e' || token[i] == 'E')) {
        ++i;
        if (i < token.size() && (token[i] == '+' || token[i] == '-')) ++i;
        if (i >= token.size() || !is_digit(token[i])) return false;
        while (i < token.size() && is_digit(token[i])) ++i;
    }
    return i == token.size();
}

std::string_view trim_trailing_space(std::string_view token) noexcept {
    while (!token.empty() && (token.back() == ' ' || token.back() == '\t' || token.back() == '\n' || token.back() == '\r')) {
        token.remove_suffix(1);
    }
    return token;
}

}  // namespace

bool is_json_number(std::string_view token) noexcept {
    bool integer = false, negative = false;
    std::string_view digits;
    return parse_number_token(trim_trailing_space(token), integer, negative, digits);
}

error_code contains_text(od::value& value, std::string_view needle, bool& found) noexcept {
    found = false;
    od::json_type type;
    if (const auto error = value.type().get(type)) return error;
    switch (type) {
        case od::json_type::string: {
            std::string_view text;
            if (const auto error = value.get_string().get(text)) return error;
            found = text.find(needle) != std::string_view::npos;
            return simdjson::SUCCESS;
        }
        case od::json_type::array: {
            od::array items;
            if (const auto error = value.get_array().get(items)) return error;
            for (auto element : items) {
                od::value item;
                if (const auto error = std::move(element).get(item)) return error;
                od::json_type item_type;
                if (const auto error = item.type().get(item_type)) return error;
                if (item_type != od::json_type::string) continue;
                std::string_view text;
                if (const auto error = item.get_string().get(text)) return error;
                if (text == needle) found = true;
            }
            return simdjson::SUCCESS;
        }
        case od::json_type::object: {
            od::object members;
            if (const auto error = value.get_object().get(members)) return error;
            for (auto member : members) {
                od::field field;
                if (const auto error = std::move(member).get(field)) return error;
                std::string_view key;
                if (const auto error = key_text(field, key)) return error;
                if (key == needle) found = true;
            }
            return simdjson::SUCCESS;
        }
        default:
            return simdjson::SUCCESS;
    }
}

error_code code_is_failure(od::value& value, bool& failed) noexcept {
    failed = false;
    od::json_type type;
    if (const auto error = value.type().get(type)) return error;
    if (type != od::json_type::number) return simdjson::SUCCESS;  // strings, bools, null: not an integer
    const std::string_view token = trim_trailing_space(value.raw_json_token());
    bool integer = false, negative = false;
    std::string_view digits;
    if (!parse_number_token(token, integer, negative, digits)) return simdjson::NUMBER_ERROR;
    if (!integer || negative) return simdjson::SUCCESS;  // floats never count; negatives are below 1
    if (digits.size() > 4) {
        failed = true;  // >= 10000
        return simdjson::SUCCESS;
    }
    unsigned code = 0;
    for (const char c : digits) code = code * 10 + static_cast<unsigned>(c - '0');
    failed = code >= 400 || (code >= 1 && code <= 16);
    return simdjson::SUCCESS;
}

}  // namespace vigil::reference

// Recursive validating walk; only run for events that matched, so its cost never shows in throughput.
#include "validate.hpp"

#include <utility>

namespace vigil::reference {
namespace {

error_code validate_value(od::value& value) noexcept;

error_code validate_members(od::object& members) noexcept {
    for (auto member : members) {
        od::field field;
        if (const auto error = std::move(member).get(field)) return error;
        std::string_view key;
        if (const auto error = field.unescaped_key().get(key)) return error;
        if (const auto error = validate_value(field.value())) return error;
    }
    return simdjson::SUCCESS;
}

error_code validate_value(od::value& value) noexcept {
    od::json_type type;
    if (const auto error = value.type().get(type)) return error;
    switch (type) {
        case od::json_type::object: {
            od::object members;
            if (const auto error = value.get_object().get(members)) return error;
            return validate_members(members);
        }
        case od::json_type::array: {
            od::array items;
            if (const auto error = value.get_array().get(items)) return error;
            for (auto element : items) {
                od::value item;
                if (const auto error = std::move(element).get(item)) return error;
                if (const auto error = validate_value(item)) return error;
            }
            return simdjson::SUCCESS;
        }
        case od::json_type::string: {
            std::string_view text;
            return value.get_string().get(text);
        }
        case od::json_type::number:
            return is_json_number(value.raw_json_token()) ? simdjson::SUCCESS : simdjson::NUMBER_ERROR;
        case od::json_type::boolean: {
            bool flag = false;
            return value.get_bool().get(flag);
        }
        case od::json_type::null: {
            bool is_null = false;
            if (const auto error = value.is_null().get(is_null)) return error;
            return is_null ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
        }
    }
    return simdjson::TAPE_ERROR;
}

}  // namespace

error_code validate_document(od::document& doc) noexcept {
    doc.rewind();
    od::object root;
    if (const auto error = doc.get_object().get(root)) return error;
    if (const auto error = validate_members(root)) return error;
    return doc.current_location().error() == simdjson::OUT_OF_BOUNDS ? simdjson::SUCCESS : simdjson::TRAILING_CONTENT;
}

}  // namespace vigil::reference

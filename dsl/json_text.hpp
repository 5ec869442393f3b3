// A JSON text written inside a rule file (a test Log given as a string), read defensively.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::dsl {

struct json_text_result {
    std::optional<nlohmann::ordered_json> value;  // set when the text is valid
    uint32_t offset = 0;                          // of the problem, into the text
    std::string message;
    bool syntax_error = false;  // the text is no JSON at all (else: valid JSON refused)
};

// Parses `text` as JSON. Beyond what the JSON grammar rejects, a duplicate key in an object (a test
// whose Log says a key twice tests only one of them, silently), a number out of double range and
// nesting past max_yaml_depth are problems, each with the offset where it is.
json_text_result read_json_text(std::string_view text);

}  // namespace vigil::dsl

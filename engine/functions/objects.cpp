// JSON and object functions: parsing JSON text, building objects, naming a value's type.
#include "engine/event_context.hpp"
#include "engine/evaluator.hpp"
#include "engine/function_registry.hpp"
#include "engine/program.hpp"

namespace vigil::engine {

namespace {

value parse_json(const call_args& a) {
    value s = a[0];
    // An object is taken as it is: collectors (Elastic's, for one) decode a JSON-string field such as
    // AKS's properties.log before the event reaches us. Anything else that is not a string cannot
    // hold the JSON the model expects, and saying nothing would drop the event silently.
    if (s.type() == value_type::object) return s;
    if (s.type() != value_type::string) {
        a.ctx.report_read_error(std::string("parse_json: expected a JSON string or an object, got ") +
                                (s.is_null() ? "null (a missing field)" : std::string(type_name(s.type()))));
        return {};
    }
    auto& parser = a.ctx.scratch_parser();
    auto text = s.as_string();
    auto doc = parser.parse(text.data(), text.size(), true);
    if (doc.error()) {
        a.ctx.report_read_error(std::string("parse_json: invalid JSON in string: ") + simdjson::error_message(doc.error()));
        return {};
    }
    return value::of_element(doc.value_unsafe());
}

// An object from key, value pairs. A member whose key is not a string or whose value is null is left
// out (as the apiserver omits empty fields), and so is a repeated key: the first one wins.
value make_object(const call_args& a) {
    auto& items = a.ctx.scratch_list();
    for (size_t i = 0; i + 1 < a.size(); i += 2) {
        value k = a[i];
        if (k.type() != value_type::string) continue;
        value v = a[i + 1];
        if (v.is_null()) continue;
        bool repeated = false;
        for (size_t j = 0; j < items.size() && !repeated; j += 2) repeated = items[j].as_string() == k.as_string();
        if (repeated) continue;
        items.push_back(k);
        items.push_back(v);
    }
    return value::of_object(items.data(), items.size() / 2);
}

const function_entry entries[] = {
    {.name = "parse_json", .family = "objects", .min_args = 1, .max_args = 1, .arg_kinds = {k_string | k_object, k_any, k_any},
     .signature = "parse_json(s)",
     .doc = "the JSON value in string `s`; an object is returned as it is (already decoded); null and a data-model read error "
            "for invalid JSON and for any other kind",
     .foldable = false,  // its failures are per-event read errors
     .keeps_raw_text = raw_text::first_arg, .impl = parse_json},
    {.name = "object", .family = "objects", .min_args = 2, .max_args = variadic, .arg_kinds = {k_string, k_any, k_any},
     .result = k_object, .signature = "object(k1, v1, k2, v2, …)",
     .doc = "an object of the key, value pairs; a member whose key is not a string or whose value is null is left out, and a "
            "repeated key keeps its first value",
     .even_args = true, .impl = make_object},
    {.name = "type_of", .family = "objects", .min_args = 1, .max_args = 1, .arg_kinds = {k_any, k_any, k_any}, .result = k_string,
     .signature = "type_of(x)", .doc = "`\"null\"`, `\"bool\"`, `\"int\"`, `\"float\"`, `\"string\"`, `\"list\"` or `\"object\"`",
     .impl = [](const call_args& a) { return value::of_string(type_name(a[0].type())); }},
};

}  // namespace

std::span<const function_entry> object_functions() { return entries; }

}  // namespace vigil::engine

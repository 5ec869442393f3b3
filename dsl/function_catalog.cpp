// Table of built-in functions; the engine implements each one listed here.
#include "dsl/function_catalog.hpp"

#include <cstdint>

namespace vigil::dsl {

const std::vector<function_signature>& builtin_functions() {
    static const std::vector<function_signature> table = {
        {"split", 2, 2, "split(s, sep): list of the parts of s"},
        {"first", 1, 1, "first(xs): first element or null"},
        {"last", 1, 1, "last(xs): last element or null"},
        {"at", 2, 2, "at(xs, i): element i (negative from the end) or null"},
        {"lower", 1, 1, "lower(s): ASCII lower case"},
        {"upper", 1, 1, "upper(s): ASCII upper case"},
        {"len", 1, 1, "len(x): length of a string, list or object"},
        {"parse_json", 1, 1, "parse_json(s): the JSON value in string s"},
        {"coalesce", 1, SIZE_MAX, "coalesce(a, b, ...): first non-null argument"},
        {"if", 3, 3, "if(c, a, b): a when c holds, else b"},
        {"type_of", 1, 1, "type_of(x): null, bool, int, float, string, list or object"},
        {"string", 1, 1, "string(x): x as text"},
        {"join", 2, 2, "join(xs, sep): elements as text joined by sep"},
        {"slice", 2, 3, "slice(xs, from, to): elements from..to-1 of a list (negative from the end)"},
        {"object", 2, SIZE_MAX, "object(k1, v1, k2, v2, ...): an object of the non-null members"},
    };
    return table;
}

const function_signature* find_function(std::string_view name) {
    for (const auto& f : builtin_functions())
        if (f.name == name) return &f;
    return nullptr;
}

}  // namespace vigil::dsl

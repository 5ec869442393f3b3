// The built-in functions of the expression language: one entry each (name, arity, argument and
// result kinds, one-line doc, flags, implementation), grouped by family in engine/functions/*.cpp.
// The check phase, the compiler, the prefilter, the README's table and did-you-mean all read it.
#pragma once

#include "engine/value.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace vigil::engine {

struct compiled_node;
class event_context;

// Value kinds as bits: what an argument accepts, what a function may return.
enum kind_bits : uint8_t {
    k_null = 1,
    k_bool = 2,
    k_int = 4,
    k_float = 8,
    k_string = 16,
    k_list = 32,
    k_object = 64,
    k_number = k_int | k_float,
    k_any = 127,
};
uint8_t kind_bit(value_type t);
// "string", "int or float", "list or object": for messages.
std::string kind_names(uint8_t bits);

// Which strings of the result are substrings of JSON strings of the raw line (the literal prefilter
// may then require a compared literal in the line): those of the first argument (split, first,
// parse_json…), of every argument (coalesce), or of the two branches (if).
enum class raw_text : uint8_t { none, first_arg, all_args, branches };

// A call's arguments, evaluated on demand: lazy functions (if, coalesce, the quantifiers) evaluate
// only what they need.
struct call_args {
    const compiled_node& call;
    event_context& ctx;
    value operator[](size_t i) const;
    size_t size() const;
};

inline constexpr uint8_t variadic = 255;

struct function_entry {
    std::string_view name;
    std::string_view family;           // strings, lists, quantifiers, objects, logic, conversion, net, time
    uint8_t min_args = 0, max_args = 0;  // max_args == variadic: no upper bound
    std::array<uint8_t, 3> arg_kinds{};  // kinds accepted by arguments 0, 1 and 2+ (checked on constants)
    uint8_t result = k_any;            // kinds the function can return
    std::string_view signature;        // as the README shows it: "split(s, sep)"
    std::string_view doc;              // one line, for the README and `vigil check`'s messages
    bool foldable = true;              // pure and needs no per-event resource: folded on constant arguments
    bool binds_variable = false;       // a quantifier: argument 1 names a variable bound inside argument 2
    int regex_arg = -1;                // this argument is a regex string literal, compiled once at load
    bool even_args = false;            // key, value pairs (object)
    raw_text keeps_raw_text = raw_text::none;
    value (*impl)(const call_args&) = nullptr;
};

// Every entry, family by family. Names are unique (a unit test checks it).
std::span<const function_entry> function_registry();
const function_entry* find_function(std::string_view name);

// The family tables (engine/functions/<family>.cpp).
std::span<const function_entry> string_functions();
std::span<const function_entry> list_functions();
std::span<const function_entry> quantifier_functions();
std::span<const function_entry> object_functions();
std::span<const function_entry> logic_functions();
std::span<const function_entry> conversion_functions();
std::span<const function_entry> net_functions();
std::span<const function_entry> time_functions();

}  // namespace vigil::engine

// The comparison semantics of the language (equality, ordering, membership, affixes), over values.
#pragma once

#include "engine/value.hpp"

#include <optional>

namespace vigil::engine {

// A string that is entirely a JSON-style number, as a number value; otherwise nullopt.
std::optional<value> numeric_string(std::string_view s);

bool values_equal(const value& a, const value& b, bool case_insensitive);
// -1, 0, 1 when the pair is ordered (numbers, number vs numeric string, two strings); else nullopt.
std::optional<int> order(const value& a, const value& b, bool case_insensitive);
bool contains(const value& haystack, const value& needle, bool case_insensitive);
bool starts_with(const value& s, const value& prefix, bool case_insensitive);
bool ends_with(const value& s, const value& suffix, bool case_insensitive);

}  // namespace vigil::engine

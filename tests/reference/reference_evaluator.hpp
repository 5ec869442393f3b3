// A deliberately plain evaluator of the expression language, written from the README alone, that the
// engine is checked against (differential tests). It walks the dsl AST over an nlohmann JSON event:
// no data model (every name is a raw path), no compilation, no folding, no code shared with engine/.
#pragma once

#include "dsl/ast.hpp"

#include <nlohmann/json.hpp>

namespace vigil::reference {

using json = nlohmann::ordered_json;

// The language's numbers are 64-bit ints and doubles: JSON integers beyond int64 become doubles.
// Apply to an event (and to anything parsed) before evaluating over it.
json normalise(const json& v);

// The value of an expression; comparisons and logic are booleans.
json evaluate(const dsl::node& n, const json& event);
// The condition form: the value's truthiness (null, false, 0, "", [] and {} are false).
bool holds(const dsl::node& n, const json& event);
bool truthy(const json& v);

}  // namespace vigil::reference

// The leaves of a condition: what `and`, `or` and `not` combine (coverage and explanations report
// each one with its own value).
#pragma once

#include "dsl/documents.hpp"
#include "engine/program.hpp"

#include <string>
#include <vector>

namespace vigil::engine {

// Appends the leaves of `n` in source order: comparisons, null and exists tests, other values
// (a quantifier is one leaf: its condition reads a variable that has no value outside it; so is a
// macro's use, whose expansion carries the use's span). A node that is no `and`/`or`/`not` is its
// own only leaf.
void condition_leaves(const compiled_node& n, std::vector<const compiled_node*>& out);

// Whether `n` is the top of a macro's expansion: its operands carry its own (the use's) span.
bool is_macro_expansion(const compiled_node& n);

// The text of `span` in `source`, or the whole text when the span is not in it (a node expanded
// from a macro or a Let name carries its use's span, or one from the macro's own file).
std::string span_text(const dsl::expression_text& source, dsl::span span);
dsl::file_position span_position(const dsl::expression_text& source, dsl::span span);

}  // namespace vigil::engine

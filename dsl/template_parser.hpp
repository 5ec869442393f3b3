// Splits an output template ("[{username}] did {verb}") into literal text and expression holes.
#pragma once

#include "dsl/documents.hpp"
#include "dsl/expression_parser.hpp"

namespace vigil::dsl {

// Fills `out.parts` from `out.text`; problems carry byte offsets into the template text.
std::vector<parse_problem> parse_template(template_text& out);

}  // namespace vigil::dsl

// A compact, deterministic text form of the AST, used by parse tests and `vigil explain`.
#pragma once

#include "dsl/ast.hpp"

#include <string>

namespace vigil::dsl {

// S-expression dump, e.g. (and (eq verb "create") (not (is_null username))).
std::string dump(const node& n);
std::string dump_literal(const literal_value& v);

}  // namespace vigil::dsl

// Parses one expression string into an AST, or reports the first error with its byte offset.
#pragma once

#include "dsl/ast.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::dsl {

struct parse_problem {
    uint32_t offset = 0;  // byte offset into the expression text
    std::string message;
};

struct parse_result {
    node_ptr ast;                       // null when there are problems
    std::vector<parse_problem> problems;
};

// Parentheses, lists, calls and `not` may nest this deep; beyond it is an error, never a stack overflow.
inline constexpr size_t max_nesting_depth = 256;

parse_result parse_expression(std::string_view text);

}  // namespace vigil::dsl

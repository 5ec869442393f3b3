// The check phase between parsing and compiling: named checks over an expression's AST (functions
// known, arity, argument kinds known at load, quantifier variables, regex and CIDR literals, `+` of
// a string and a number, `exists` on a path), every problem collected with its byte offset.
#pragma once

#include "dsl/ast.hpp"
#include "dsl/expression_parser.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace vigil::engine {

// Names an expression can see besides raw paths: data-model fields (rules) or Let bindings (models).
struct check_scope {
    const std::vector<std::string>* fields = nullptr;
    const std::vector<std::string>* bindings = nullptr;
};

// The checks in the order they run; each problem's message is the user's, the name is for docs
// and tests (every check has a golden diagnostic).
struct named_check {
    std::string_view name;
    std::string_view what;
};
const std::vector<named_check>& check_names();

// Every problem of `ast`, in source order within each check. An empty result means the compiler
// may rely on: every call names a registered function with a valid arity, a quantifier's second
// argument is a bare name, `matches`/`extract` patterns are valid RE2 string literals, `in_cidr`
// networks are valid CIDR string literals, `exists` has a path to look at.
std::vector<dsl::parse_problem> check_expression(const dsl::node& ast, const check_scope& scope);

}  // namespace vigil::engine

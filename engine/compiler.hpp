// Turns a dsl AST into a compiled_node: resolves root names against a scope, compiles regexes,
// folds constant sub-expressions. Problems come back with byte offsets into the expression text.
#pragma once

#include "dsl/expression_parser.hpp"
#include "engine/program.hpp"
#include "engine/reuse_expansion.hpp"

#include <string>
#include <vector>

namespace vigil::engine {

// How root names resolve: data-model fields for rules, Let bindings for data models; else raw paths.
struct name_scope {
    const std::vector<std::string>* fields = nullptr;
    const std::vector<std::string>* bindings = nullptr;
    reuse_scope reuse;  // lists, macros and a rule's Let names, expanded before the check phase
};

struct compile_result {
    compiled_node node;
    std::vector<dsl::parse_problem> problems;
};

compile_result compile_expression(const dsl::node& ast, const name_scope& scope, constant_pool& pool);

// Every root name an expression reads, as written (for `vigil check` and field-use analysis).
void collect_root_names(const dsl::node& ast, std::vector<std::string>& out);

}  // namespace vigil::engine

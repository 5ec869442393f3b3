// Expands `list(name)`, `macro(name)`, `macro(name(args))` and a rule's Let names in an AST, before the check phase.
#pragma once

#include "dsl/documents.hpp"
#include "dsl/expression_parser.hpp"

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vigil::engine {

// Macros using macros may nest this deep; a cycle is reported before it is reached, this bounds
// the size of what a chain of distinct macros can expand to.
inline constexpr size_t max_macro_depth = 16;

// The loaded lists and macros by ID, built once per ruleset and shared by every compile.
struct reuse_library {
    std::map<std::string, const dsl::list_spec*, std::less<>> lists;
    std::map<std::string, const dsl::macro_spec*, std::less<>> macros;
};
reuse_library make_reuse_library(const std::vector<dsl::list_spec>& lists, const std::vector<dsl::macro_spec>& macros);

// Named values a bare name stands for (a rule's Let), each already expanded.
using let_values = std::vector<std::pair<std::string, dsl::node_ptr>>;

struct reuse_scope {
    const reuse_library* library = nullptr;  // null: no lists or macros loaded
    const let_values* lets = nullptr;
};

// Why a `list(…)` or `macro(…)` call is malformed (they take one bare name, or for a macro one
// name(args) call), or nothing. Shared by the expansion and the check phase's reserved names.
std::optional<dsl::parse_problem> reuse_call_shape(const dsl::node& call);
bool is_reuse_call(const dsl::node& n);

// Whether `ast` uses anything to expand (most expressions do not, and are compiled uncopied).
bool needs_expansion(const dsl::node& ast, const reuse_scope& scope);

// A copy of `ast` with every use replaced by what it names: a list by a list literal, a macro by its
// expression with parameters replaced by the argument expressions, a Let name by its value. Nodes
// that come from elsewhere take the span of their use, so later problems point at the use site.
struct expansion_result {
    dsl::node_ptr ast;
    std::vector<dsl::parse_problem> problems;  // unknown names, macro arity, cycles, depth
};
expansion_result expand_reuse(const dsl::node& ast, const reuse_scope& scope);

}  // namespace vigil::engine

// Deep copy of an expression AST (the parser hands out copies of the trees it remembers).
#include "dsl/ast.hpp"

namespace vigil::dsl {

node_ptr clone(const node& n) {
    auto out = std::make_unique<node>();
    out->kind = n.kind;
    out->where = n.where;
    out->value = n.value;
    out->segments = n.segments;
    out->name = n.name;
    out->op = n.op;
    out->negated = n.negated;
    out->case_insensitive = n.case_insensitive;
    out->children.reserve(n.children.size());
    // Recursion is bounded: the parser rejects trees nested deeper than max_nesting_depth.
    for (const auto& c : n.children) out->children.push_back(clone(*c));
    return out;
}

}  // namespace vigil::dsl

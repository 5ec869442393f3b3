// Splitting conditions into leaves, and the source text and position of a node's span.
#include "engine/condition_leaves.hpp"

#include <algorithm>

namespace vigil::engine {

bool is_macro_expansion(const compiled_node& n) {
    return std::any_of(n.kids.begin(), n.kids.end(), [&](const compiled_node& k) { return k.where.begin == n.where.begin && k.where.end == n.where.end; });
}

namespace {
void collect(const compiled_node& n, std::vector<const compiled_node*>& out, int depth) {
    const bool logical = n.code == op_code::logical_and || n.code == op_code::logical_or || n.code == op_code::logical_not;
    // A macro's expansion carries the span of its use on every node: the use is one leaf, as written.
    if (logical && !is_macro_expansion(n) && depth < 256) {
        for (const auto& k : n.kids) collect(k, out, depth + 1);
        return;
    }
    out.push_back(&n);
}

bool inside(const dsl::expression_text& source, dsl::span s) { return s.end > s.begin && s.end <= source.text.size(); }
}  // namespace

void condition_leaves(const compiled_node& n, std::vector<const compiled_node*>& out) { collect(n, out, 0); }

std::string span_text(const dsl::expression_text& source, dsl::span s) {
    return inside(source, s) ? source.text.substr(s.begin, s.end - s.begin) : source.text;
}

dsl::file_position span_position(const dsl::expression_text& source, dsl::span s) { return source.position(inside(source, s) ? s.begin : 0); }

}  // namespace vigil::engine

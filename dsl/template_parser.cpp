// Template holes are found by a small scanner that respects string literals inside the hole, so
// `{coalesce(x, "}")}` works; each hole is parsed by the expression parser.
#include "dsl/template_parser.hpp"

namespace vigil::dsl {

namespace {
// Index of the '}' closing a hole that starts after `open`, or npos.
size_t find_hole_end(const std::string& s, size_t open) {
    bool in_string = false;
    int depth = 0;
    for (size_t i = open + 1; i < s.size(); ++i) {
        char c = s[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{') {
            ++depth;
        } else if (c == '}') {
            if (depth-- == 0) return i;
        }
    }
    return std::string::npos;
}
}  // namespace

std::vector<parse_problem> parse_template(template_text& out) {
    std::vector<parse_problem> problems;
    const std::string& s = out.text;
    std::string literal;
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '{' && i + 1 < s.size() && s[i + 1] == '{') {
            literal += '{';
            ++i;
        } else if (c == '}' && i + 1 < s.size() && s[i + 1] == '}') {
            literal += '}';
            ++i;
        } else if (c == '}') {
            problems.push_back({static_cast<uint32_t>(i), "unmatched '}' in template (write '}}' for a literal brace)"});
        } else if (c == '{') {
            size_t end = find_hole_end(s, i);
            if (end == std::string::npos) {
                problems.push_back({static_cast<uint32_t>(i), "template hole '{' is never closed (write '{{' for a literal brace)"});
                break;
            }
            if (!literal.empty()) out.parts.push_back({std::move(literal), nullptr, 0});
            literal.clear();
            auto inner = s.substr(i + 1, end - i - 1);
            auto r = parse_expression(inner);
            for (auto& p : r.problems) problems.push_back({static_cast<uint32_t>(i + 1 + p.offset), "in template hole: " + p.message});
            out.parts.push_back({"", std::move(r.ast), static_cast<uint32_t>(i + 1)});
            i = end;
        } else {
            literal += c;
        }
    }
    if (!literal.empty()) out.parts.push_back({std::move(literal), nullptr, 0});
    return problems;
}

}  // namespace vigil::dsl

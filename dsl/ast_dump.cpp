// S-expression rendering of expression trees: one canonical spelling per tree shape.
#include "dsl/ast_dump.hpp"

#include <cctype>
#include <cstdio>

namespace vigil::dsl {

namespace {

const char* op_name(compare_op op) {
    switch (op) {
        case compare_op::eq: return "eq";
        case compare_op::gt: return "gt";
        case compare_op::ge: return "ge";
        case compare_op::lt: return "lt";
        case compare_op::le: return "le";
        case compare_op::in: return "in";
        case compare_op::contains: return "contains";
        case compare_op::in_cidr: return "in_cidr";
        case compare_op::starts_with: return "starts_with";
        case compare_op::ends_with: return "ends_with";
        case compare_op::matches: return "matches";
    }
    return "?";
}

std::string quote(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                // Other control bytes are escaped too, so a dump is always one printable line.
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

std::string dump_segments(const std::vector<path_segment>& segs, bool leading_dot) {
    std::string out;
    bool first = !leading_dot;
    for (const auto& s : segs) {
        if (s.is_wildcard) {
            out += "[*]";
        } else if (s.is_index) {
            out += "[" + std::to_string(s.index) + "]";
        } else {
            if (!first) out += ".";
            bool plain = !s.key.empty();
            for (char c : s.key) plain = plain && (isalnum(static_cast<unsigned char>(c)) || c == '_');
            out += plain ? s.key : quote(s.key);
        }
        first = false;
    }
    return out;
}

std::string dump_children(const node& n) {
    std::string out;
    for (const auto& c : n.children) out += " " + dump(*c);
    return out;
}

}  // namespace

std::string operator_spelling(compare_op op, bool negated, bool case_insensitive) {
    std::string base = std::string(case_insensitive ? "i" : "") + op_name(op);
    if (op == compare_op::eq && negated) return case_insensitive ? "ine" : "ne";
    return negated ? "not " + base : base;
}

std::string dump_literal(const literal_value& v) {
    if (std::holds_alternative<null_literal>(v)) return "null";
    if (auto b = std::get_if<bool>(&v)) return *b ? "true" : "false";
    if (auto i = std::get_if<int64_t>(&v)) return std::to_string(*i);
    if (auto d = std::get_if<double>(&v)) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", *d);
        std::string s = buf;
        if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
        return s;
    }
    return quote(std::get<std::string>(v));
}

std::string dump(const node& n) {
    switch (n.kind) {
        case node_kind::literal: return dump_literal(n.value);
        case node_kind::list: return "(list" + dump_children(n) + ")";
        case node_kind::path: return dump_segments(n.segments, false);
        case node_kind::member: return "(member " + dump(*n.children[0]) + " " + dump_segments(n.segments, false) + ")";
        case node_kind::call: return "(" + n.name + "()" + dump_children(n) + ")";
        case node_kind::compare: {
            std::string name = operator_spelling(n.op, n.negated, n.case_insensitive);
            for (auto& c : name) if (c == ' ') c = '_';
            return "(" + name + dump_children(n) + ")";
        }
        case node_kind::is_null: return "(is_null" + dump_children(n) + ")";
        case node_kind::is_not_null: return "(is_not_null" + dump_children(n) + ")";
        case node_kind::logical_and: return "(and" + dump_children(n) + ")";
        case node_kind::logical_or: return "(or" + dump_children(n) + ")";
        case node_kind::logical_not: return "(not" + dump_children(n) + ")";
        case node_kind::exists: return "(exists" + dump_children(n) + ")";
        case node_kind::arithmetic: {
            // One operator throughout: "(+ a b c)"; mixed: the operators in order, "(+- a b c)".
            bool same = n.name.find_first_not_of(n.name[0]) == std::string::npos;
            return "(" + (same ? n.name.substr(0, 1) : n.name) + dump_children(n) + ")";
        }
    }
    return "?";
}

}  // namespace vigil::dsl

// The operator table; the semantics of each operator are the engine's (engine/compare.cpp).
#include "dsl/operator_table.hpp"

namespace vigil::dsl {

namespace {

constexpr operator_entry entries[] = {
    {"eq", compare_op::eq, false, false, "equal (a number and a numeric string compare as numbers)"},
    {"ne", compare_op::eq, true, false, "not equal: exactly `not eq`"},
    {"gt", compare_op::gt, false, false, "greater than (numbers, or two strings bytewise)"},
    {"ge", compare_op::ge, false, false, "greater than or equal"},
    {"lt", compare_op::lt, false, false, "less than"},
    {"le", compare_op::le, false, false, "less than or equal"},
    {"in", compare_op::in, false, false, "an element of the right-hand list, or a substring of the right-hand string"},
    {"contains", compare_op::contains, false, false, "string: has the substring; list: has the element; object: has the key"},
    {"starts_with", compare_op::starts_with, false, false, "a string that starts with the right-hand string"},
    {"ends_with", compare_op::ends_with, false, false, "a string that ends with the right-hand string"},
    {"matches", compare_op::matches, false, false, "an RE2 partial match of a pattern literal, compiled once at load"},
    {"in_cidr", compare_op::in_cidr, false, false, "an IPv4 or IPv6 address in a network literal or a list of them"},
    {"ieq", compare_op::eq, false, true, "`eq` with both sides ASCII-lowercased"},
    {"ine", compare_op::eq, true, true, "`ne` with both sides ASCII-lowercased"},
    {"iin", compare_op::in, false, true, "`in` with both sides ASCII-lowercased"},
    {"icontains", compare_op::contains, false, true, "`contains` with both sides ASCII-lowercased"},
    {"istarts_with", compare_op::starts_with, false, true, "`starts_with` with both sides ASCII-lowercased"},
    {"iends_with", compare_op::ends_with, false, true, "`ends_with` with both sides ASCII-lowercased"},
    {"==", compare_op::eq, false, false, "the same as `eq`"},
    {"!=", compare_op::eq, true, false, "the same as `ne`"},
    {">", compare_op::gt, false, false, "the same as `gt`"},
    {">=", compare_op::ge, false, false, "the same as `ge`"},
    {"<", compare_op::lt, false, false, "the same as `lt`"},
    {"<=", compare_op::le, false, false, "the same as `le`"},
};

}  // namespace

std::span<const operator_entry> operator_table() { return entries; }

const operator_entry* find_operator(std::string_view spelling) {
    for (const auto& e : entries)
        if (e.spelling == spelling) return &e;
    return nullptr;
}

}  // namespace vigil::dsl

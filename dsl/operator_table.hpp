// The comparison operators of the expression language: one entry per spelling (word or symbol),
// read by the parser, the did-you-mean suggestions and the README's operator table.
#pragma once

#include "dsl/ast.hpp"

#include <span>
#include <string_view>

namespace vigil::dsl {

struct operator_entry {
    std::string_view spelling;    // as written: "ne", "istarts_with", ">="
    compare_op op;
    bool negated = false;         // `ne` is `not eq`
    bool case_insensitive = false;
    std::string_view doc;         // one line, for the README
};

// Every spelling the grammar (dsl/grammar.hpp, word_operator and symbol_operator) accepts; a unit
// test parses each and checks the grammar has no other.
std::span<const operator_entry> operator_table();
const operator_entry* find_operator(std::string_view spelling);

}  // namespace vigil::dsl

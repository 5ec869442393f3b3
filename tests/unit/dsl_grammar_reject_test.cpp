// Expressions the grammar rejects, as a table of input -> (byte offset, part of the message).
#include "dsl/expression_parser.hpp"
#include "dsl/grammar.hpp"

#include <catch2/catch.hpp>

#include <tao/pegtl/contrib/analyze.hpp>

#include <string>
#include <string_view>

namespace {

using vigil::dsl::parse_expression;

struct reject_row {
    std::string_view input;
    uint32_t offset;
    std::string_view message_part;
};

const reject_row reject_rows[] = {
    // unknown operators, with a suggestion
    {R"~(username containz "x")~", 9, "unknown operator 'containz' (did you mean 'contains'?)"},
    {R"~(a startswith "x")~", 2, "did you mean 'starts_with'"},
    {R"~(a not containz "x")~", 6, "did you mean 'contains'"},
    {"a isnull", 2, "did you mean 'is_null'"},
    {"a not", 5, "expected an operator after 'not'"},
    {"a not is_null", 6, "expected an operator after 'not'"},
    {"a = 1", 2, "unexpected '='"},
    // unbalanced parentheses, both kinds
    {"(a eq 1", 7, "unbalanced parenthesis: expected ')'"},
    {"((a eq 1) or b", 14, "unbalanced parenthesis: expected ')'"},
    {"a eq 1)", 6, "unbalanced parenthesis: ')' without a matching '('"},
    {"(a) or b))", 8, "unbalanced parenthesis: ')' without a matching '('"},
    {")", 0, "expected an expression, found ')'"},
    // strings
    {R"~(a eq "abc)~", 5, "unterminated string literal"},
    {R"~(a eq "x" or b eq "abc)~", 17, "unterminated string literal"},
    {R"~(a eq "x\"y)~", 5, "unterminated string literal"},
    {R"~(a."key)~", 2, "unterminated string literal"},
    {R"~(a eq "a\qb")~", 7, "invalid escape sequence"},
    {R"~(a eq "\u12")~", 6, "invalid escape sequence"},
    {R"~(a eq "\x41")~", 6, "invalid escape sequence"},
    {"a eq 'x'", 5, "strings are written in double quotes"},
    // empty input and trailing garbage
    {"", 0, "expected an expression, found end of expression"},
    {"   \t\n ", 6, "expected an expression"},
    {"a eq 1 b", 7, "unexpected 'b': expected an operator, 'and', 'or' or the end of the expression"},
    {R"~(a eq "x" "y")~", 9, "unexpected '\"'"},
    {"a, b", 1, "unexpected ','"},
    {"a is_null eq 1", 10, "unexpected 'eq'"},
    // missing operands
    {"a eq", 4, "expected a value after the operator, found end of expression"},
    {"a eq and b", 5, "expected a value after the operator, found 'and'"},
    {"a and", 5, "expected an expression after 'and'"},
    {"a or", 4, "expected an expression after 'or'"},
    {"not", 3, "expected an expression after 'not'"},
    {"a +", 3, "expected a value after '+'"},
    {"a - ", 4, "expected a value after '+' or '-'"},
    {"a * ", 4, "expected a value after '*', '/' or '%'"},
    {"a % and", 4, "expected a value after '*', '/' or '%'"},
    {"a[*", 3, "expected ']' after the index"},
    {"a exists b", 9, "unexpected 'b'"},
    {"a eq - 1", 5, "expected a value after the operator, found '-'"},
    // calls (names, arity and argument kinds are the check phase's: engine_check_test)
    {"f(a", 3, "expected ',' or ')' to close the function call"},
    {"coalesce(a,)", 11, "expected an expression, found ')'"},
    // lists
    {"[1, 2", 5, "expected ',' or ']' to close the list"},
    {"a in [1, 2", 10, "expected ',' or ']' to close the list"},
    {"a in [1,", 8, "expected an expression, found end of expression"},
    // field paths
    {"a.", 2, "expected a field name after '.'"},
    {"a.b.", 4, "expected a field name after '.'"},
    {"a.1", 2, "expected a field name after '.'"},
    {"a[x]", 2, "expected an integer index"},
    {"a[0", 3, "expected ']' after the index"},
    {"a [0]", 2, "unexpected '['"},
    {"a[99999999999999999999]", 2, "index out of range"},
    // numbers
    {"a eq 9223372036854775808", 5, "integer out of range (64-bit)"},
    {"a eq -9223372036854775809", 5, "integer out of range (64-bit)"},
    {"a eq 12abc", 5, "expected a value after the operator, found '12abc'"},
    // keywords are not names
    {"and eq 1", 0, "expected an expression, found 'and'"},
    {"not eq 1", 4, "expected an expression after 'not'"},
    {"a eq or", 5, "expected a value after the operator, found 'or'"},
    {"contains eq 1", 0, "expected an expression, found 'contains'"},
    {"in(a)", 0, "expected an expression, found 'in'"},
};

std::string repeat(std::string_view s, size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (size_t i = 0; i < n; ++i) out += s;
    return out;
}

}  // namespace

TEST_CASE("dsl grammar: the reject table has the rows the spec asks for", "[dsl][grammar]") {
    CHECK(std::size(reject_rows) >= 30);
}

TEST_CASE("dsl grammar: rejected inputs report the offset and message", "[dsl][grammar]") {
    for (const auto& row : reject_rows) {
        INFO("input: " << row.input);
        auto r = parse_expression(row.input);
        CHECK_FALSE(r.ast);
        REQUIRE(r.problems.size() == 1);
        INFO("message: " << r.problems[0].message);
        CHECK(r.problems[0].offset == row.offset);
        CHECK_THAT(r.problems[0].message, Catch::Contains(std::string(row.message_part)));
    }
}

TEST_CASE("dsl grammar: deep nesting is an error, never a crash", "[dsl][grammar]") {
    const size_t n = 100000;
    const std::string inputs[] = {
        repeat("(", n),
        repeat("not ", n) + "a",
        repeat("[", n),
        repeat("lower(", n) + "a" + repeat(")", n),
        repeat("a + (", n),
        repeat("(", n) + "a" + repeat(")", n),
    };
    for (const auto& input : inputs) {
        INFO("input starts: " << input.substr(0, 24));
        auto r = parse_expression(input);
        CHECK_FALSE(r.ast);
        REQUIRE(r.problems.size() == 1);
        CHECK_THAT(r.problems[0].message, Catch::Contains("nested too deeply"));
        CHECK(r.problems[0].offset < input.size());
    }
    // The error points at the start of the first expression nested beyond the limit.
    const size_t limit = vigil::dsl::max_nesting_depth;
    auto parens = parse_expression(repeat("(", limit + 1) + "a" + repeat(")", limit + 1));
    REQUIRE(parens.problems.size() == 1);
    CHECK(parens.problems[0].offset == limit + 1);
    CHECK_THAT(parens.problems[0].message, Catch::Contains("more than 256 levels"));
    auto nots = parse_expression(repeat("not ", limit + 1) + "a");
    REQUIRE(nots.problems.size() == 1);
    CHECK(nots.problems[0].offset == 4 * (limit + 1));
}

TEST_CASE("dsl grammar: long flat inputs are not nesting", "[dsl][grammar]") {
    const size_t n = 20000;
    CHECK(parse_expression("a" + repeat(" and a", n)).ast);
    CHECK(parse_expression("a" + repeat(" or a", n)).ast);
    CHECK(parse_expression("a" + repeat(" + a", n)).ast);
    CHECK(parse_expression("a" + repeat("[0]", n)).ast);
    CHECK(parse_expression("[" + repeat("1, ", n) + "1]").ast);
}

TEST_CASE("dsl grammar: PEGTL analyze finds no problems in the grammar", "[dsl][grammar]") {
    CHECK(tao::pegtl::analyze<vigil::dsl::grammar::whole_expression>() == 0);
}

// The expression grammar as PEGTL rule types (types only: the AST is built from the parse tree elsewhere).
//
// EBNF (whitespace is allowed between all tokens; keywords are whole words):
//
//   expression  = or_expr ;
//   or_expr     = and_expr , { "or" , and_expr } ;
//   and_expr    = not_expr , { "and" , not_expr } ;
//   not_expr    = "not" , not_expr | comparison ;
//   comparison  = sum , [ "is_null" | "is_not_null" | "exists" | [ "not" ] , operator , sum ] ;
//   operator    = "eq" | "ne" | "gt" | "ge" | "lt" | "le" | "in" | "contains" | "starts_with"
//               | "ends_with" | "matches" | "in_cidr" | "ieq" | "ine" | "iin" | "icontains"
//               | "istarts_with" | "iends_with" | "==" | "!=" | ">=" | "<=" | ">" | "<" ;
//   sum         = product , { ( "+" | "-" ) , product } ;
//   product     = postfix , { ( "*" | "/" | "%" ) , postfix } ;
//   postfix     = primary , { "." , segment | "[" , ( integer | "*" ) , "]" } ;  (no space before "[")
//   primary     = string | number | "true" | "false" | "null" | list | "(" , expression , ")"
//               | call | name ;
//   call        = identifier , "(" , [ expression , { "," , expression } ] , ")" ;
//   list        = "[" , [ expression , { "," , expression } ] , "]" ;
//   name        = identifier - keyword ;
//   segment     = identifier | string ;
//   string      = '"' , { char | "\" , ( '"' | "\" | "/" | "b" | "f" | "n" | "r" | "t" | "u" hex hex hex hex ) } , '"' ;
//   number      = [ "-" ] , digits , [ "." , digits ] , [ ( "e" | "E" ) , [ "+" | "-" ] , digits ] ;
//   identifier  = ( letter | "_" ) , { letter | digit | "_" } ;
//
// Every point where the parser commits (after an operator, after "(", ...) is a `must<>` on a named
// rule with its own message in expression_parser.cpp.
#pragma once

#include <tao/pegtl.hpp>

namespace vigil::dsl::grammar {

using namespace tao::pegtl;

struct ws : star<space> {};

template <typename Word>
struct key : seq<Word, not_at<identifier_other>> {};

struct kw_and : key<TAO_PEGTL_STRING("and")> {};
struct kw_or : key<TAO_PEGTL_STRING("or")> {};
struct kw_not : key<TAO_PEGTL_STRING("not")> {};
struct kw_true : key<TAO_PEGTL_STRING("true")> {};
struct kw_false : key<TAO_PEGTL_STRING("false")> {};
struct kw_null : key<TAO_PEGTL_STRING("null")> {};
struct op_is_null : key<TAO_PEGTL_STRING("is_null")> {};
struct op_is_not_null : key<TAO_PEGTL_STRING("is_not_null")> {};
struct op_exists : key<TAO_PEGTL_STRING("exists")> {};

struct word_operator
    : sor<key<TAO_PEGTL_STRING("istarts_with")>, key<TAO_PEGTL_STRING("iends_with")>,
          key<TAO_PEGTL_STRING("icontains")>, key<TAO_PEGTL_STRING("starts_with")>,
          key<TAO_PEGTL_STRING("ends_with")>, key<TAO_PEGTL_STRING("contains")>,
          key<TAO_PEGTL_STRING("matches")>, key<TAO_PEGTL_STRING("in_cidr")>, key<TAO_PEGTL_STRING("ieq")>, key<TAO_PEGTL_STRING("ine")>,
          key<TAO_PEGTL_STRING("iin")>, key<TAO_PEGTL_STRING("eq")>, key<TAO_PEGTL_STRING("ne")>,
          key<TAO_PEGTL_STRING("gt")>, key<TAO_PEGTL_STRING("ge")>, key<TAO_PEGTL_STRING("lt")>,
          key<TAO_PEGTL_STRING("le")>, key<TAO_PEGTL_STRING("in")>> {};
struct symbol_operator
    : sor<TAO_PEGTL_STRING("=="), TAO_PEGTL_STRING("!="), TAO_PEGTL_STRING(">="), TAO_PEGTL_STRING("<="),
          one<'>'>, one<'<'>> {};
struct compare_operator : sor<word_operator, symbol_operator> {};

// Words that cannot be a bare field or function name.
struct reserved : sor<kw_and, kw_or, kw_not, kw_true, kw_false, kw_null, op_is_null, op_is_not_null, op_exists, word_operator> {};

// Strings
struct escape_code : sor<one<'"', '\\', '/', 'b', 'f', 'n', 'r', 't'>, seq<one<'u'>, rep<4, xdigit>>> {};
struct escape : seq<one<'\\'>, must<escape_code>> {};
struct string_char : sor<escape, not_one<'"', '\\'>> {};
struct string_close : one<'"'> {};
struct string_literal : seq<one<'"'>, star<string_char>, must<string_close>> {};
struct quoted_segment : seq<one<'"'>, star<string_char>, must<string_close>> {};

// Numbers
struct digits : plus<digit> {};
struct exponent : seq<one<'e', 'E'>, opt<one<'+', '-'>>, digits> {};
struct number_float : seq<opt<one<'-'>>, digits, sor<seq<one<'.'>, digits, opt<exponent>>, exponent>, not_at<identifier_other>> {};
struct number_int : seq<opt<one<'-'>>, digits, not_at<identifier_other>> {};

struct expression;

// Lists and calls
struct element : seq<expression> {};
struct list_close : one<']'> {};
struct list : seq<one<'['>, ws, opt<expression, ws, star<one<','>, ws, must<element>, ws>>, must<list_close>> {};
struct function_name : seq<not_at<reserved>, identifier> {};
struct call_close : one<')'> {};
struct call : seq<function_name, one<'('>, ws, opt<expression, ws, star<one<','>, ws, must<element>, ws>>, must<call_close>> {};
struct paren_close : one<')'> {};
struct paren : seq<one<'('>, ws, must<element>, ws, must<paren_close>> {};
struct name : seq<not_at<reserved>, identifier> {};

struct primary : sor<string_literal, number_float, number_int, kw_true, kw_false, kw_null, list, paren, call, name> {};

// Field access
struct member_name : identifier {};
struct member_segment : sor<member_name, quoted_segment> {};
struct dot_access : seq<one<'.'>, must<member_segment>> {};
struct index_value : seq<opt<one<'-'>>, digits> {};
struct index_close : one<']'> {};
struct index_access : seq<one<'['>, ws, must<index_value>, ws, must<index_close>> {};
// `[*]` projects the rest of the path over every element of a list.
struct wildcard : one<'*'> {};
struct wildcard_access : seq<one<'['>, ws, wildcard, ws, must<index_close>> {};
struct postfix : seq<primary, star<sor<dot_access, wildcard_access, index_access>>> {};

// Arithmetic (and `+` of two strings, which concatenates); each chain is one flat AST node.
struct product_operator : one<'*', '/', '%'> {};
struct factor : seq<postfix> {};
struct product : seq<postfix, star<ws, product_operator, ws, must<factor>>> {};
struct sum_operator : one<'+', '-'> {};
struct operand : seq<product> {};
struct sum : seq<product, star<ws, sum_operator, ws, must<operand>>> {};

// Comparisons
struct right_operand : seq<sum> {};
struct negated_operator : kw_not {};
struct unknown_operator : seq<not_at<reserved>, identifier> {};  // an action reports it
// After a value, `not` can only start a negated operator, so the parser commits to one there.
struct operator_after_not : sor<compare_operator, unknown_operator> {};
struct comparison_tail
    : sor<op_is_not_null, op_is_null, op_exists, seq<negated_operator, ws, must<operator_after_not>, ws, must<right_operand>>,
          seq<compare_operator, ws, must<right_operand>>, unknown_operator> {};
struct comparison : seq<sum, opt<ws, comparison_tail>> {};

// Logic
struct not_expr;
struct not_operand : seq<not_expr> {};
struct negation : seq<kw_not, ws, must<not_operand>> {};
struct not_expr : sor<negation, comparison> {};
struct and_operand : seq<not_expr> {};
struct and_expr : seq<not_expr, star<ws, kw_and, ws, must<and_operand>>> {};
struct or_operand : seq<and_expr> {};
struct or_expr : seq<and_expr, star<ws, kw_or, ws, must<or_operand>>> {};
struct expression : seq<or_expr> {};

struct end_of_expression : eof {};
struct whole_expression : seq<ws, must<element>, ws, must<end_of_expression>> {};

}  // namespace vigil::dsl::grammar

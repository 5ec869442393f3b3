// The README's "Null semantics and coercions" table, as tables: every operator against every JSON type
// on the left, negated forms checked to be exactly `not` of the positive form over the whole grid.
#include "engine_test_support.hpp"

#include "engine/evaluator.hpp"

#include <catch2/catch.hpp>

#include <cctype>
#include <map>
#include <string>
#include <vector>

using vigil::engine_test::compiled_expression;
using vigil::engine_test::event_fixture;
using vigil::engine_test::holds_text;
using vigil::engine_test::value_text;

namespace {

// The left operand is always the field `v`; a missing field is an event without it.
const std::map<std::string, std::string> left_values = {
    {"missing", ""},
    {"null", "null"},
    {"true", "true"},
    {"false", "false"},
    {"int", "403"},
    {"zero", "0"},
    {"float", "1.5"},
    {"integral float", "403.0"},
    {"numeric string", R"("403")"},
    {"string", R"("abc")"},
    {"upper string", R"("ABC")"},
    {"empty string", R"("")"},
    {"list", R"(["a", "B", 1])"},
    {"list with null", R"([null, "x"])"},
    {"nested list", R"([["a"], 2])"},
    {"empty list", "[]"},
    {"object", R"({"k": 1, "K2": "x"})"},
    {"empty object", "{}"},
};

std::string event_for(const std::string& left) {
    const std::string& json = left_values.at(left);
    return json.empty() ? "{}" : R"({"v": )" + json + "}";
}

struct row {
    const char* left;  // a key of left_values
    const char* tail;  // the expression after `v `
    bool expected;
};

// Hand-written from the README table. Each row is read as `v <tail>` over the event for `left`.
const row rows[] = {
    // eq: true only when both sides are null; numbers and numeric strings compare as numbers.
    {"missing", "eq null", true},
    {"missing", R"(eq "x")", false},
    {"missing", R"(eq "")", false},
    {"missing", "eq 0", false},
    {"missing", "eq false", false},
    {"null", "eq null", true},
    {"null", R"(eq "")", false},
    {"null", "eq 0", false},
    {"null", "eq false", false},
    {"null", "eq []", false},
    {"true", "eq true", true},
    {"true", "eq false", false},
    {"true", "eq 1", false},
    {"true", R"(eq "true")", false},
    {"true", "eq null", false},
    {"false", "eq false", true},
    {"false", "eq 0", false},
    {"false", R"(eq "")", false},
    {"false", "eq null", false},
    {"int", "eq 403", true},
    {"int", "eq 403.0", true},
    {"int", R"(eq "403")", true},
    {"int", R"(eq "403.0")", true},
    {"int", R"(eq "4.03e2")", true},
    {"int", R"(eq "0403")", false},   // not a JSON number, so not a numeric string
    {"int", R"(eq "403 ")", false},
    {"int", R"(eq " 403")", false},
    {"int", R"(eq "+403")", false},
    {"int", R"(eq "nan")", false},
    {"int", "eq 404", false},
    {"int", R"(eq "abc")", false},
    {"int", "eq true", false},
    {"int", "eq [403]", false},
    {"int", "eq null", false},
    {"zero", R"(eq "-0")", true},
    {"zero", "eq -0.0", true},
    {"zero", "eq false", false},
    {"zero", "eq null", false},
    {"float", "eq 1.5", true},
    {"float", R"(eq "1.5")", true},
    {"float", R"(eq "1.50")", true},
    {"float", R"(eq "15e-1")", true},
    {"float", "eq 1", false},
    {"float", R"(eq "1.")", false},   // not a JSON number
    {"integral float", "eq 403", true},
    {"integral float", R"(eq "403")", true},
    {"numeric string", "eq 403", true},
    {"numeric string", "eq 403.0", true},
    {"numeric string", R"(eq "403")", true},
    {"numeric string", R"(eq "403.0")", false},  // two strings compare as text
    {"numeric string", R"(eq "abc")", false},
    {"string", R"(eq "abc")", true},
    {"string", R"(eq "ABC")", false},
    {"string", R"(ieq "ABC")", true},
    {"string", "eq 0", false},
    {"string", "eq null", false},
    {"string", R"(eq ["abc"])", false},
    {"upper string", R"(ieq "abc")", true},
    {"upper string", R"(ieq "abd")", false},
    {"empty string", R"(eq "")", true},
    {"empty string", "eq null", false},
    {"empty string", "eq 0", false},
    {"list", R"(eq ["a", "B", 1])", true},
    {"list", R"(eq ["a", "B", "1"])", true},  // elementwise eq, with its number coercion
    {"list", R"(eq ["a", "b", 1])", false},
    {"list", R"(ieq ["A", "b", 1])", true},
    {"list", R"(eq ["a", "B"])", false},
    {"list", R"(eq ["B", "a", 1])", false},   // lists are ordered
    {"list", R"(eq "a")", false},
    {"list", "eq null", false},
    {"list with null", R"(eq [null, "x"])", true},
    {"empty list", "eq []", true},
    {"empty list", "eq null", false},
    {"object", "eq null", false},
    {"object", R"(eq "k")", false},
    {"object", R"(eq ["k"])", false},
    {"empty object", "eq []", false},

    // gt ge lt le: numbers numerically (also against a numeric string), two strings bytewise, else false.
    {"missing", "ge 0", false},
    {"missing", "le 0", false},
    {"missing", "lt 1", false},
    {"missing", "gt null", false},
    {"missing", "ge null", false},
    {"missing", "le null", false},
    {"null", "ge null", false},
    {"null", R"(le "")", false},
    {"null", "gt -1", false},
    {"true", "gt false", false},
    {"true", "ge true", false},
    {"true", "ge 0", false},
    {"false", "le true", false},
    {"int", "ge 400", true},
    {"int", R"(ge "400")", true},
    {"int", R"(gt "403")", false},
    {"int", R"(ge "403")", true},
    {"int", R"(le "403.0")", true},
    {"int", R"(lt "1000")", true},   // a number against a numeric string: numerically
    {"int", R"(gt "4e2")", true},
    {"int", "gt 402.5", true},
    {"int", "lt 403.5", true},
    {"int", "le 402.9", false},
    {"int", R"(ge "abc")", false},
    {"int", R"(lt "abc")", false},
    {"int", R"(lt "inf")", false},   // not a numeric string
    {"int", R"(ge "nan")", false},
    {"int", R"(le "nan")", false},
    {"int", "ge true", false},
    {"int", "ge [1]", false},
    {"int", "ge null", false},
    {"int", "le null", false},
    {"float", "gt 1", true},
    {"float", "lt 2", true},
    {"float", R"(ge "1.5")", true},
    {"float", R"(lt "1e1")", true},
    {"integral float", "ge 403", true},
    {"integral float", "le 403", true},
    {"integral float", "gt 403", false},
    {"numeric string", "ge 400", true},        // string against number: numerically
    {"numeric string", "lt 1000", true},
    {"numeric string", R"(ge "400")", true},   // two strings: bytewise
    {"numeric string", R"(lt "1000")", false}, // bytewise: '4' > '1'
    {"numeric string", R"(gt "40")", true},
    {"string", R"(gt "abb")", true},
    {"string", R"(lt "abd")", true},
    {"string", R"(ge "abc")", true},
    {"string", R"(le "abc")", true},
    {"string", R"(lt "abcd")", true},
    {"string", R"(gt "ABC")", true},   // bytewise: 'a' (0x61) > 'A' (0x41)
    {"string", R"(ge "400")", true},   // two strings: bytewise, 'a' > '4'
    {"string", "ge 400", false},       // a non-numeric string against a number: no order
    {"string", "lt 400", false},
    {"string", "ge null", false},
    {"empty string", R"(lt "a")", true},
    {"empty string", R"(ge "")", true},
    {"list", "gt []", false},
    {"list", R"(ge ["a"])", false},
    {"list", "lt 5", false},
    {"object", "ge 0", false},
    {"object", R"(lt "z")", false},

    // contains: string substring, list membership by eq, object has key; false on null.
    {"missing", R"(contains "a")", false},
    {"missing", "contains null", false},
    {"missing", R"(contains "")", false},
    {"null", "contains null", false},
    {"null", R"(contains "")", false},
    {"true", "contains true", false},
    {"true", R"(contains "t")", false},
    {"int", R"(contains "0")", false},
    {"int", "contains 4", false},
    {"int", "contains 403", false},
    {"numeric string", R"(contains "0")", true},
    {"numeric string", "contains 0", false},
    {"numeric string", R"(contains "403")", true},
    {"string", R"(contains "b")", true},
    {"string", R"(contains "")", true},
    {"string", R"(contains "B")", false},
    {"string", R"(icontains "B")", true},
    {"string", R"(contains "abcd")", false},
    {"string", "contains null", false},
    {"string", R"(contains ["a"])", false},
    {"list", R"(contains "a")", true},
    {"list", R"(contains "b")", false},
    {"list", R"(icontains "b")", true},
    {"list", "contains 1", true},
    {"list", "contains 1.0", true},
    {"list", R"(contains "1")", true},  // membership is by eq, which coerces numeric strings
    {"list", R"(contains "ab")", false},
    {"list", "contains null", false},
    {"list", R"(contains ["a"])", false},
    {"list with null", "contains null", false},  // on null: false, even when the list holds a null
    {"list with null", R"(contains "x")", true},
    {"nested list", R"(contains ["a"])", true},
    {"nested list", R"(icontains ["A"])", true},
    {"nested list", R"(contains "a")", false},
    {"empty list", "contains null", false},
    {"empty list", R"(contains "")", false},
    {"object", R"(contains "k")", true},
    {"object", R"(contains "K2")", true},
    {"object", R"(contains "k2")", false},
    {"object", R"(icontains "k2")", true},
    {"object", "contains 1", false},
    {"object", R"(contains "x")", false},  // values are not keys
    {"object", "contains null", false},
    {"empty object", R"(contains "")", false},

    // in: right side list is membership, right side string is substring; false on null.
    {"missing", R"(in ["a"])", false},
    {"missing", "in [null]", false},
    {"missing", R"(in "abc")", false},
    {"null", "in [null]", false},
    {"null", R"(in [null, "a"])", false},
    {"true", "in [true, false]", true},
    {"true", R"(in "true")", false},
    {"int", "in [400, 403]", true},
    {"int", R"(in ["403"])", true},
    {"int", "in [403.0]", true},
    {"int", R"(in "12403")", false},  // substring needs a string on the left
    {"int", "in []", false},
    {"int", "in null", false},
    {"int", "in 403", false},
    {"numeric string", "in [403]", true},
    {"numeric string", R"(in "1403")", true},
    {"numeric string", R"(in ["403.0"])", false},
    {"string", R"(in ["abc", "x"])", true},
    {"string", R"(in ["ABC"])", false},
    {"string", R"(iin ["ABC"])", true},
    {"string", R"(in "xabcx")", true},
    {"string", R"(in "abc")", true},
    {"string", R"(in "ab")", false},
    {"string", R"(iin "XABCX")", true},
    {"string", "in null", false},
    {"empty string", R"(in "abc")", true},
    {"list", R"(in [["a", "B", 1]])", true},
    {"list", R"(in ["a"])", false},
    {"list", R"(in "a")", false},
    {"object", "in [1]", false},
    {"object", R"(in "k")", false},

    // starts_with ends_with: strings only.
    {"missing", R"(starts_with "")", false},
    {"missing", R"(ends_with "")", false},
    {"null", R"(starts_with "")", false},
    {"true", R"(starts_with "t")", false},
    {"int", R"(starts_with "4")", false},
    {"int", R"(ends_with "3")", false},
    {"numeric string", R"(starts_with "4")", true},
    {"numeric string", R"(ends_with "03")", true},
    {"numeric string", "starts_with 4", false},
    {"string", R"(starts_with "ab")", true},
    {"string", R"(starts_with "")", true},
    {"string", R"(starts_with "abc")", true},
    {"string", R"(starts_with "abcd")", false},
    {"string", R"(starts_with "AB")", false},
    {"string", R"(istarts_with "AB")", true},
    {"string", R"(ends_with "bc")", true},
    {"string", R"(ends_with "BC")", false},
    {"string", R"(iends_with "BC")", true},
    {"string", "ends_with null", false},
    {"string", R"(starts_with ["a"])", false},
    {"upper string", R"(istarts_with "ab")", true},
    {"empty string", R"(ends_with "")", true},
    {"list", R"(starts_with "a")", false},
    {"list", "ends_with 1", false},
    {"object", R"(starts_with "k")", false},

    // matches: strings only, RE2 partial match.
    {"missing", R"(matches ".*")", false},
    {"missing", R"(matches "")", false},
    {"null", R"(matches "")", false},
    {"true", R"(matches "true")", false},
    {"int", R"(matches "4")", false},
    {"int", R"(matches "")", false},
    {"numeric string", R"(matches "^4\\d+$")", true},
    {"string", R"(matches "^a")", true},
    {"string", R"(matches "b")", true},  // partial: anywhere in the string
    {"string", R"(matches "^b")", false},
    {"string", R"(matches "ABC")", false},
    {"string", R"(matches "(?i)ABC")", true},
    {"string", R"(matches "")", true},
    {"string", R"(matches "^abc$")", true},
    {"empty string", R"(matches "^$")", true},
    {"list", R"(matches "a")", false},
    {"object", R"(matches "k")", false},

    // is_null / is_not_null: a missing field and JSON null, nothing else.
    {"missing", "is_null", true},
    {"null", "is_null", true},
    {"false", "is_null", false},
    {"zero", "is_null", false},
    {"empty string", "is_null", false},
    {"empty list", "is_null", false},
    {"empty object", "is_null", false},
    {"missing", "is_not_null", false},
    {"string", "is_not_null", true},
};

// Right sides used for the exhaustive negation grid (every left x every right x every operator).
const char* const grid_rights[] = {
    "null", "true", "false", "0", "403", "403.0", "1.5", R"("403")", R"("400")", R"("abc")", R"("ABC")", R"("a")",
    R"("")", R"("B")", R"("k")", R"("x")", R"(["a", "b"])", R"([403, null])", R"(["a", "B", 1])", "[]",
};
const char* const grid_patterns[] = {R"("")", R"("^a")", R"("b")", R"("^4\\d+$")", R"("(?i)ABC")", R"("^$")"};

// Positive operators and every spelling of their negation.
struct negation_family {
    const char* positive;
    std::vector<const char*> negated;
};
const negation_family families[] = {
    {"eq", {"ne", "!=", "not eq", "not =="}},
    {"==", {"not ==", "!="}},
    {"ieq", {"ine", "not ieq"}},
    {"gt", {"not gt", "not >"}},
    {"ge", {"not ge", "not >="}},
    {"lt", {"not lt", "not <"}},
    {"le", {"not le", "not <="}},
    {"in", {"not in"}},
    {"iin", {"not iin"}},
    {"contains", {"not contains"}},
    {"icontains", {"not icontains"}},
    {"starts_with", {"not starts_with"}},
    {"istarts_with", {"not istarts_with"}},
    {"ends_with", {"not ends_with"}},
    {"iends_with", {"not iends_with"}},
    {"matches", {"not matches"}},
};

std::string ascii_lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

TEST_CASE("README null/coercion table, row by row", "[engine][semantics]") {
    for (const auto& r : rows) {
        std::string expr = std::string("v ") + r.tail;
        INFO("v = " << (left_values.at(r.left).empty() ? "<missing>" : left_values.at(r.left)) << ", expression: " << expr);
        auto result = vigil::engine_test::evaluate_text(expr, event_for(r.left));
        CHECK(result.holds == r.expected);
        // A comparison's value form is the same boolean.
        CHECK(result.value == nlohmann::ordered_json(r.expected));
    }
}

TEST_CASE("every negated operator is exactly not of its positive form, over the whole grid", "[engine][semantics]") {
    size_t checked = 0;
    for (const auto& [left, json] : left_values) {
        event_fixture ev(event_for(left));
        auto eval = [&](const std::string& expr) { return vigil::engine::holds(compiled_expression(expr).node(), ev.reset()); };
        for (const auto& fam : families) {
            bool is_regex = std::string(fam.positive) == "matches";
            std::vector<const char*> rights = is_regex ? std::vector<const char*>(std::begin(grid_patterns), std::end(grid_patterns))
                                                       : std::vector<const char*>(std::begin(grid_rights), std::end(grid_rights));
            for (const char* right : rights) {
                std::string positive = std::string("v ") + fam.positive + " " + right;
                bool p = eval(positive);
                INFO("v = " << (json.empty() ? "<missing>" : json) << ", positive: " << positive << " = " << p);
                for (const char* neg : fam.negated) {
                    std::string text = std::string("v ") + neg + " " + right;
                    INFO("negated: " << text);
                    CHECK(eval(text) == !p);
                    ++checked;
                }
                CHECK(eval("not (" + positive + ")") == !p);
                CHECK(eval("not not (" + positive + ")") == p);
                // `not ne` is eq again.
                if (std::string(fam.positive) == "eq") CHECK(eval(std::string("v not ne ") + right) == p);
                if (std::string(fam.positive) == "ieq") CHECK(eval(std::string("v not ine ") + right) == p);
            }
        }
        bool is_null = eval("v is_null");
        INFO("v = " << json);
        CHECK(eval("v is_not_null") == !is_null);
        CHECK(eval("not v is_null") == !is_null);
        CHECK(is_null == (json.empty() || json == "null"));
    }
    CHECK(checked > 3000);
}

TEST_CASE("i-forms are the plain form over ASCII-lowercased sides, over the whole grid", "[engine][semantics]") {
    const char* const pairs[][2] = {{"ieq", "eq"},           {"ine", "ne"},           {"iin", "in"},
                                    {"icontains", "contains"}, {"istarts_with", "starts_with"}, {"iends_with", "ends_with"}};
    for (const auto& [left, json] : left_values) {
        event_fixture ev(event_for(left));
        event_fixture lowered(ascii_lower(event_for(left)));
        for (const auto& [ci, plain] : pairs) {
            for (const char* right : grid_rights) {
                std::string ci_text = std::string("v ") + ci + " " + right;
                std::string plain_text = std::string("v ") + plain + " " + ascii_lower(right);
                INFO("v = " << (json.empty() ? "<missing>" : json) << ": " << ci_text << " vs " << plain_text << " over the lowered event");
                CHECK(vigil::engine::holds(compiled_expression(ci_text).node(), ev.reset()) ==
                      vigil::engine::holds(compiled_expression(plain_text).node(), lowered.reset()));
            }
        }
    }
}

TEST_CASE("code ge \"400\": a number against a numeric string, and what a non-numeric code does", "[engine][semantics]") {
    CHECK(holds_text(R"(code ge "400")", R"({"code": 403})"));
    CHECK(holds_text(R"(code ge "400")", R"({"code": 403.5})"));
    CHECK_FALSE(holds_text(R"(code ge "400")", R"({"code": 201})"));
    CHECK_FALSE(holds_text(R"(code ge "400")", R"({})"));
    CHECK_FALSE(holds_text(R"(code ge "400")", R"({"code": null})"));
    CHECK_FALSE(holds_text(R"(code ge "400")", R"({"code": true})"));
    CHECK_FALSE(holds_text(R"(code ge "400")", R"({"code": [500]})"));
    CHECK_FALSE(holds_text(R"(code ge "400")", R"({"code": {"v": 500}})"));
    // A non-numeric string code has no numeric order: against the number 400 it is false...
    CHECK_FALSE(holds_text("code ge 400", R"({"code": "abc"})"));
    CHECK_FALSE(holds_text("code lt 400", R"({"code": "abc"})"));
    // ...but against the *string* "400" the README's "two strings bytewise" applies: 'a' > '4'.
    // Rules that must treat a non-integer code as "not failed" guard with type_of (as the shipped
    // CSR rule does).
    CHECK(holds_text(R"(code ge "400")", R"({"code": "abc"})"));
    CHECK_FALSE(holds_text(R"(type_of(code) eq "int" and code ge "400")", R"({"code": "abc"})"));
    // Two numeric strings are still two strings.
    CHECK_FALSE(holds_text(R"(code ge "400")", R"({"code": "1000"})"));
    CHECK(holds_text("code ge 400", R"({"code": "1000"})"));
}

TEST_CASE("int and float compare as numbers, exactly", "[engine][semantics]") {
    CHECK(holds_text("v eq 1.0", R"({"v": 1})"));
    CHECK(holds_text("v eq 1", R"({"v": 1.0})"));
    CHECK(holds_text("v ge 1", R"({"v": 1.0})"));
    CHECK_FALSE(holds_text("v eq 1.5", R"({"v": 1})"));
    CHECK(holds_text("v eq -0.0", R"({"v": 0})"));
    CHECK(holds_text("v lt 0.5", R"({"v": 0})"));
    CHECK(holds_text("v gt -0.5", R"({"v": 0})"));
    CHECK(holds_text("v lt -1", R"({"v": -1.5})"));
    // Above 2^53 a double cannot hold every integer: the comparison must not round the int.
    CHECK_FALSE(holds_text("v eq 9007199254740992.0", R"({"v": 9007199254740993})"));
    CHECK(holds_text("v gt 9007199254740992.0", R"({"v": 9007199254740993})"));
    CHECK(holds_text("v eq 9007199254740992.0", R"({"v": 9007199254740992})"));
    CHECK(holds_text("v lt 9223372036854775807", R"({"v": 9.3e18})") == false);
    CHECK(holds_text("v gt 9223372036854775807", R"({"v": 9.3e18})"));
    CHECK(holds_text("v lt -9223372036854775808", R"({"v": -9.3e18})"));
    CHECK(holds_text("v eq -9223372036854775808", R"({"v": -9223372036854775808})"));
    CHECK(holds_text("v eq -9223372036854775808", R"({"v": -9.223372036854775808e18})"));
    CHECK(holds_text("v eq 9223372036854775807", R"({"v": 9223372036854775807})"));
    // int64 extremes as numeric strings
    CHECK(holds_text(R"(v eq "9223372036854775807")", R"({"v": 9223372036854775807})"));
    CHECK(holds_text(R"(v gt "9223372036854775806")", R"({"v": 9223372036854775807})"));
}

TEST_CASE("integers beyond int64 are kept as floats", "[engine][semantics]") {
    const char* max_u64 = R"({"u": 18446744073709551615, "h": 9223372036854775808})";
    CHECK(value_text("type_of(u)", max_u64) == "float");
    CHECK(value_text("type_of(h)", max_u64) == "float");
    CHECK(value_text("u", max_u64) == 18446744073709551615.0);
    CHECK(holds_text("u gt 9223372036854775807", max_u64));
    CHECK(holds_text("h gt 9223372036854775807", max_u64));  // 2^63 > 2^63 - 1, not equal after rounding
    CHECK(holds_text("h ne 9223372036854775807", max_u64));
    CHECK(holds_text("u gt h", max_u64));
    CHECK(holds_text("u eq 18446744073709551615.0", max_u64));
    CHECK(holds_text(R"(u eq "18446744073709551615")", max_u64));
    CHECK(holds_text("h eq 9223372036854775808.0", max_u64));
    CHECK(holds_text("u", max_u64));
}

TEST_CASE("eq between two fields: null with null, and objects compare unordered", "[engine][semantics]") {
    CHECK(holds_text("v eq w", "{}"));
    CHECK(holds_text("v eq w", R"({"v": null})"));
    CHECK_FALSE(holds_text("v ne w", R"({"v": null})"));
    CHECK(holds_text("v eq w", R"({"v": 1, "w": "1"})"));
    CHECK(holds_text("v eq w", R"({"v": {"a": 1, "b": [1, "x"]}, "w": {"a": 1, "b": [1, "x"]}})"));
    // JSON objects are unordered: the same members in another order are the same object.
    CHECK(holds_text("v eq w", R"({"v": {"a": 1, "b": 2}, "w": {"b": 2, "a": 1}})"));
    CHECK_FALSE(holds_text("v eq w", R"({"v": {"a": 1, "b": 2}, "w": {"a": 1}})"));
    CHECK_FALSE(holds_text("v eq w", R"({"v": {"a": 1}, "w": {"a": 1, "b": 2}})"));
    CHECK_FALSE(holds_text("v eq w", R"({"v": {"a": 1, "b": 2}, "w": {"a": 1, "c": 2}})"));
    CHECK_FALSE(holds_text("v eq w", R"({"v": {"a": null}, "w": {"b": null}})"));
    CHECK_FALSE(holds_text("v eq w", R"({"v": {}, "w": []})"));
    CHECK(holds_text("v eq w", R"({"v": {}, "w": {}})"));
    // Members compare by eq, with its coercions, as list elements do.
    CHECK(holds_text("v eq w", R"({"v": {"a": 1}, "w": {"a": "1"}})"));
    CHECK(holds_text("v eq w", R"({"v": {"a": 1}, "w": {"a": 1.0}})"));
    CHECK_FALSE(holds_text("v eq w", R"({"v": {"a": "x"}, "w": {"a": "X"}})"));
    CHECK(holds_text("v ieq w", R"({"v": {"a": "x"}, "w": {"a": "X"}})"));
    CHECK(holds_text("v ieq w", R"({"v": {"Key": "x"}, "w": {"kEY": "X"}})"));
    CHECK(holds_text("v contains w", R"({"v": [{"a": 1, "b": 2}], "w": {"b": 2, "a": 1}})"));
}

TEST_CASE("in is contains with the sides swapped (also for an object on the right)", "[engine][semantics]") {
    // The README lists list and string right sides; an object on the right behaves as `contains`
    // does for an object on the left: has key.
    const char* ev = R"({"o": {"k": 1, "K2": "x"}, "l": ["a", 1], "s": "abc"})";
    for (const char* needle : {R"("k")", R"("K2")", R"("k2")", "1", "null", R"("a")", R"("b")", "1.0"}) {
        for (const char* hay : {"o", "l", "s"}) {
            for (const char* ci : {"", "i"}) {
                std::string in = std::string(needle) + " " + ci + "in " + hay;
                std::string contains = std::string(hay) + " " + ci + "contains " + needle;
                INFO(in << " vs " << contains);
                CHECK(holds_text(in, ev) == holds_text(contains, ev));
            }
        }
    }
    CHECK(holds_text(R"("k" in o)", ev));
}

TEST_CASE("a bare value is tested for truthiness", "[engine][semantics]") {
    struct truth_row {
        const char* json;
        bool expected;
    };
    const truth_row truth[] = {
        {"", false},      {"null", false},    {"false", false},    {"true", true},       {"0", false},
        {"0.0", false},   {"-0.0", false},    {"1", true},         {"-1", true},         {"0.5", true},
        {R"("")", false}, {R"("0")", true},   {R"("false")", true}, {R"(" ")", true},    {"[]", false},
        {"[0]", true},    {"[null]", true},   {"{}", false},       {R"({"a": null})", true},
        {"18446744073709551615", true},
    };
    for (const auto& t : truth) {
        std::string ev = std::string(t.json).empty() ? "{}" : std::string(R"({"v": )") + t.json + "}";
        INFO("v = " << (std::string(t.json).empty() ? "<missing>" : t.json));
        CHECK(holds_text("v", ev) == t.expected);
        CHECK(holds_text("not v", ev) == !t.expected);
        CHECK(holds_text("v or false", ev) == t.expected);
        CHECK(holds_text("v and true", ev) == t.expected);
        CHECK(holds_text(R"(if(v, true, false))", ev) == t.expected);
    }
    // Literals and computed values too.
    CHECK_FALSE(holds_text(R"("")"));
    CHECK(holds_text(R"("x")"));
    CHECK_FALSE(holds_text("[]"));
    CHECK(holds_text("[null]"));
    CHECK_FALSE(holds_text("null"));
    CHECK_FALSE(holds_text("0"));
    CHECK(holds_text("-1"));
    CHECK_FALSE(holds_text(R"(split(s, ",")[5])", R"({"s": "a,b"})"));
    CHECK(holds_text(R"(split(s, ","))", R"({"s": ""})"));  // [""] is a non-empty list
}

TEST_CASE("logic is two-valued and short-circuits", "[engine][semantics]") {
    CHECK(holds_text("a eq 1 or b eq 2 and c eq 3", R"({"a": 1})"));       // and binds tighter than or
    CHECK_FALSE(holds_text("(a eq 1 or b eq 2) and c eq 3", R"({"a": 1})"));
    CHECK(holds_text("not a eq 1", "{}"));
    CHECK(holds_text("not (a gt 1) and not (a le 1)", "{}"));  // both false on null: no third value
    CHECK(holds_text("not not a is_null", "{}"));
    // The untaken side of and/or is not evaluated: parse_json would report a read error.
    auto r = vigil::engine_test::evaluate_text(R"(false and parse_json(s) is_null)", R"({"s": "{bad"})");
    CHECK_FALSE(r.holds);
    CHECK(r.read_errors.empty());
    r = vigil::engine_test::evaluate_text(R"(s is_not_null or parse_json(s) is_null)", R"({"s": "{bad"})");
    CHECK(r.holds);
    CHECK(r.read_errors.empty());
}

TEST_CASE("field paths: keys, indexes, negative indexes, quoted segments, keyword-like names", "[engine][semantics]") {
    const char* ev = R"({"a": {"b": {"c": 7}}, "l": [10, [20, 21], {"k": "v"}], "labels": {"app.kubernetes.io/name": "web"},
                         "note": "n", "order": 2, "index": [1], "s": "text"})";
    CHECK(value_text("a.b.c", ev) == 7);
    CHECK(value_text("a.b.x", ev).is_null());
    CHECK(value_text("a.x.y.z", ev).is_null());
    CHECK(value_text("l[0]", ev) == 10);
    CHECK(value_text("l[1][1]", ev) == 21);
    CHECK(value_text("l[-1].k", ev) == "v");
    CHECK(value_text("l[-3]", ev) == 10);
    CHECK(value_text("l[-4]", ev).is_null());
    CHECK(value_text("l[3]", ev).is_null());
    CHECK(value_text("l.k", ev).is_null());        // a key into a list
    CHECK(value_text("a[0]", ev).is_null());       // an index into an object
    CHECK(value_text("s[0]", ev).is_null());       // an index into a string
    CHECK(value_text("s.length", ev).is_null());   // a key into a string
    CHECK(value_text(R"(labels."app.kubernetes.io/name")", ev) == "web");
    CHECK(value_text("note", ev) == "n");
    CHECK(value_text("order", ev) == 2);
    CHECK(value_text("index[0]", ev) == 1);
    CHECK(value_text(R"(split(s, "x")[1])", ev) == "t");
    CHECK(value_text(R"(first([l[2]]).k)", ev) == "v");
}

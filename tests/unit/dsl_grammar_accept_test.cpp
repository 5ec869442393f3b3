// Expressions the grammar accepts, as a table of input -> AST dump, each also checked re-spaced.
#include "dsl/ast_dump.hpp"
#include "dsl/expression_parser.hpp"

#include <catch2/catch.hpp>

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace {

using vigil::dsl::dump;
using vigil::dsl::parse_expression;

struct accept_row {
    std::string_view input;
    std::string_view expected_dump;
};

// Raw strings use the ~( )~ delimiter because inputs contain `)"`.
const accept_row accept_rows[] = {
    // ---- literals: strings and every escape
    {R"~("plain")~", R"~("plain")~"},
    {R"~("")~", R"~("")~"},
    {R"~("q\"b\\s\/")~", R"~("q\"b\\s/")~"},
    {R"~("\b\f\n\r\t")~", R"~("\b\f\n\r\t")~"},
    {R"~("\u0041\u00e9\u4e2d")~", R"~("Aé中")~"},
    {R"~("\ud83d\ude00 grin")~", R"~("😀 grin")~"},  // a surrogate pair is one code point
    {R"~("\uD83D\uDE00")~", R"~("😀")~"},             // hex digits in either case
    {R"~("\ud83d")~", R"~("�")~"},                    // a lone surrogate becomes U+FFFD
    {R"~("\u0001")~", R"~("\u0001")~"},               // control bytes are escaped in the dump
    {R"~("  spaces  and	tab ")~", R"~("  spaces  and\ttab ")~"},
    {R"~("é and {braces} and (parens)")~", R"~("é and {braces} and (parens)")~"},
    // ---- literals: numbers and words
    {"42", "42"},
    {"0", "0"},
    {"-7", "-7"},
    {"9223372036854775807", "9223372036854775807"},
    {"-9223372036854775808", "-9223372036854775808"},
    {"1.5", "1.5"},
    {"-0.25", "-0.25"},
    {"1e10", "10000000000.0"},
    {"1E-3", "0.001"},
    {"-1.5e3", "-1500.0"},
    {"2.5E+2", "250.0"},
    {"1.0", "1.0"},
    {"true", "true"},
    {"false", "false"},
    {"null", "null"},
    // ---- lists
    {"[]", "(list)"},
    {"[1]", "(list 1)"},
    {R"~([1, "x", true, null, -2.5])~", R"~((list 1 "x" true null -2.5))~"},
    {"[[], [[]], [1, [2, [3]]]]", "(list (list) (list (list)) (list 1 (list 2 (list 3))))"},
    {"[a.b, lower(c), d eq 1]", "(list a.b (lower() c) (eq d 1))"},
    // ---- field paths
    {"verb", "verb"},
    {"a.b.c", "a.b.c"},
    {"a[0]", "a[0]"},
    {"a[-1]", "a[-1]"},
    {"a.b[0].c[-2].d", "a.b[0].c[-2].d"},
    {"a[0][1]", "a[0][1]"},
    {R"~(annotations."authorization.k8s.io/decision")~", R"~(annotations."authorization.k8s.io/decision")~"},
    {R"~(labels."app.kubernetes.io/name"."x y")~", R"~(labels."app.kubernetes.io/name"."x y")~"},
    {R"~(a."q\"uote")~", R"~(a."q\"uote")~"},
    {R"~(a."plain")~", "a.plain"},  // a quoted segment that needs no quotes dumps bare
    {"x.in", "x.in"},                 // after '.', keywords are ordinary keys
    {"x.and.not", "x.and.not"},
    {"_private.x_1", "_private.x_1"},
    // ---- keyword-like names are names (keywords are whole words)
    {"note", "note"},
    {"order", "order"},
    {"index", "index"},
    {"nothing", "nothing"},
    {"origin", "origin"},
    {"android", "android"},
    {"iname", "iname"},
    {"eqx", "eqx"},
    {"notes eq 1", "(eq notes 1)"},
    {"order eq index", "(eq order index)"},
    {"nothing or origin and android", "(or nothing (and origin android))"},
    {"iname ieq eqx", "(ieq iname eqx)"},
    {"null_count eq 1", "(eq null_count 1)"},
    {"true_value is_null", "(is_null true_value)"},
    {"is_nullish", "is_nullish"},
    // ---- operator words, their `not` forms, and symbols
    {R"~(a eq "x")~", R"~((eq a "x"))~"},
    {R"~(a not eq "x")~", R"~((ne a "x"))~"},
    {R"~(a ne "x")~", R"~((ne a "x"))~"},
    {R"~(a not ne "x")~", R"~((eq a "x"))~"},
    {"a gt 1", "(gt a 1)"},
    {"a not gt 1", "(not_gt a 1)"},
    {"a ge 1", "(ge a 1)"},
    {"a not ge 1", "(not_ge a 1)"},
    {"a lt 1", "(lt a 1)"},
    {"a not lt 1", "(not_lt a 1)"},
    {"a le 1", "(le a 1)"},
    {"a not le 1", "(not_le a 1)"},
    {"a in [1, 2]", "(in a (list 1 2))"},
    {"a not in [1, 2]", "(not_in a (list 1 2))"},
    {R"~(a in "abc")~", R"~((in a "abc"))~"},
    {R"~(a contains "x")~", R"~((contains a "x"))~"},
    {R"~(a not contains "x")~", R"~((not_contains a "x"))~"},
    {R"~(a starts_with "x")~", R"~((starts_with a "x"))~"},
    {R"~(a not starts_with "x")~", R"~((not_starts_with a "x"))~"},
    {R"~(a ends_with "x")~", R"~((ends_with a "x"))~"},
    {R"~(a not ends_with "x")~", R"~((not_ends_with a "x"))~"},
    {R"~(a matches "^x+$")~", R"~((matches a "^x+$"))~"},
    {R"~(a not matches "^x+$")~", R"~((not_matches a "^x+$"))~"},
    {R"~(sourceIPs[0] matches "^10\\.")~", R"~((matches sourceIPs[0] "^10\\."))~"},
    {R"~(a ieq "X")~", R"~((ieq a "X"))~"},
    {R"~(a not ieq "X")~", R"~((ine a "X"))~"},
    {R"~(a ine "X")~", R"~((ine a "X"))~"},
    {R"~(a not ine "X")~", R"~((ieq a "X"))~"},
    {R"~(a iin ["X", "Y"])~", R"~((iin a (list "X" "Y")))~"},
    {R"~(a not iin ["X"])~", R"~((not_iin a (list "X")))~"},
    {R"~(a icontains "X")~", R"~((icontains a "X"))~"},
    {R"~(a not icontains "X")~", R"~((not_icontains a "X"))~"},
    {R"~(a istarts_with "X")~", R"~((istarts_with a "X"))~"},
    {R"~(a not istarts_with "X")~", R"~((not_istarts_with a "X"))~"},
    {R"~(a iends_with "X")~", R"~((iends_with a "X"))~"},
    {R"~(a not iends_with "X")~", R"~((not_iends_with a "X"))~"},
    {"a == 1", "(eq a 1)"},
    {"a not == 1", "(ne a 1)"},
    {"a != 1", "(ne a 1)"},
    {"a not != 1", "(eq a 1)"},
    {"a > 1", "(gt a 1)"},
    {"a not > 1", "(not_gt a 1)"},
    {"a >= 1", "(ge a 1)"},
    {"a not >= 1", "(not_ge a 1)"},
    {"a < 1", "(lt a 1)"},
    {"a not < 1", "(not_lt a 1)"},
    {"a <= 1", "(le a 1)"},
    {"a not <= 1", "(not_le a 1)"},
    {"a==1", "(eq a 1)"},
    {"a>=-1", "(ge a -1)"},
    {R"~(code ge "400")~", R"~((ge code "400"))~"},
    {"x ne null", "(ne x null)"},
    // ---- null tests
    {"a is_null", "(is_null a)"},
    {"a is_not_null", "(is_not_null a)"},
    {"a.b[0] is_not_null", "(is_not_null a.b[0])"},
    {"null is_null", "(is_null null)"},
    {"not a is_null", "(not (is_null a))"},
    {"lower(a) is_null or b is_not_null", "(or (is_null (lower() a)) (is_not_null b))"},
    // ---- logic: precedence, associativity, parentheses
    {"a and b", "(and a b)"},
    {"a or b", "(or a b)"},
    {"not a", "(not a)"},
    {"not not a", "(not (not a))"},
    {"a and b and c", "(and a b c)"},
    {"a or b or c", "(or a b c)"},
    {"a and b or c", "(or (and a b) c)"},
    {"a or b and c", "(or a (and b c))"},
    {"a or b and c or d", "(or a (and b c) d)"},
    {"not a and b", "(and (not a) b)"},
    {"not a or not b and c", "(or (not a) (and (not b) c))"},
    {"not (a or b)", "(not (or a b))"},
    {"(a or b) and c", "(and (or a b) c)"},
    {"a and (b or c) and not d", "(and a (or b c) (not d))"},
    {"((a))", "a"},
    {"(a eq 1)", "(eq a 1)"},
    {"not (a eq 1) and (b or (c and d))", "(and (not (eq a 1)) (or b (and c d)))"},
    {"a eq 1 and b ne 2 or c gt 3", "(or (and (eq a 1) (ne b 2)) (gt c 3))"},
    // ---- calls, member access on results, concatenation
    {"coalesce(a)", "(coalesce() a)"},
    {R"~(coalesce(a, b, "c"))~", R"~((coalesce() a b "c"))~"},
    {"split(a, b)", "(split() a b)"},
    {"if(a, b, c)", "(if() a b c)"},
    {"if(a eq 1, [1], [])", "(if() (eq a 1) (list 1) (list))"},
    {R"~(last(split(protoPayload.methodName, ".")))~", R"~((last() (split() protoPayload.methodName ".")))~"},
    {"parse_json(x).verb", "(member (parse_json() x) verb)"},
    {"parse_json(x).user.username", "(member (parse_json() x) user.username)"},
    {"parse_json(x)[0].a", "(member (parse_json() x) [0].a)"},
    {R"~(parse_json(properties.log).objectRef."resource")~", R"~((member (parse_json() properties.log) objectRef.resource))~"},
    {R"~(coalesce(a.b, "c")[-1])~", R"~((member (coalesce() a.b "c") [-1]))~"},
    {"(a)[0]", "a[0]"},  // a parenthesised path stays a path
    {R"~(a + b)~", "(+ a b)"},
    {R"~(a + "-" + b)~", R"~((+ a "-" b))~"},
    {R"~("x" + "y")~", R"~((+ "x" "y"))~"},
    {R"~(lower(a) + "x" + string(b) ieq "y")~", R"~((ieq (+ (lower() a) "x" (string() b)) "y"))~"},
    {R"~(a eq b + "c")~", R"~((eq a (+ b "c")))~"},
    {R"~(len(a + b) gt 3)~", R"~((gt (len() (+ a b)) 3))~"},
    {"join([a, b], type_of(c))", "(join() (list a b) (type_of() c))"},
    {"first(xs) eq last(xs) and at(xs, -1) eq upper(y)", "(and (eq (first() xs) (last() xs)) (eq (at() xs -1) (upper() y)))"},
    // ---- the five seed conditions (k8s_client_certificate_created), exactly as written
    {R"~(not (verb ne "create" or resource ne "certificatesigningrequests"))~",
     R"~((not (or (ne verb "create") (ne resource "certificatesigningrequests"))))~"},
    {R"~(not (responseStatus is_not_null and (responseStatus.code ge "400" or (responseStatus.code ge "1" and responseStatus.code le "16"))))~",
     R"~((not (and (is_not_null responseStatus) (or (ge responseStatus.code "400") (and (ge responseStatus.code "1") (le responseStatus.code "16"))))))~"},
    {R"~(not (username is_not_null and (username in ["masterclient", "aksService"] or (username starts_with "system:" and username not contains "serviceaccount"))))~",
     R"~((not (and (is_not_null username) (or (in username (list "masterclient" "aksService")) (and (starts_with username "system:") (not_contains username "serviceaccount"))))))~"},
    {R"~(username ne "kubelet-nodepool-bootstrap")~", R"~((ne username "kubelet-nodepool-bootstrap"))~"},
    {R"~(requestObject.spec.usages contains "client auth" or requestObject.spec.signerName contains "kubernetes.io/kube-apiserver-client")~",
     R"~((or (contains requestObject.spec.usages "client auth") (contains requestObject.spec.signerName "kubernetes.io/kube-apiserver-client")))~"},
};

// ---- re-spacing -----------------------------------------------------------------------------------

struct token {
    std::string text;
    bool is_name = false;     // an identifier that is not a reserved word
    bool ends_value = false;  // a primary or postfix ends here, so `[` after it is an index
};

bool is_reserved(std::string_view w) {
    static const std::vector<std::string_view> words = {
        "and", "or", "not", "true", "false", "null", "is_null", "is_not_null", "eq", "ne", "gt", "ge", "lt", "le", "in",
        "contains", "starts_with", "ends_with", "matches", "ieq", "ine", "iin", "icontains", "istarts_with", "iends_with"};
    for (auto r : words)
        if (r == w) return true;
    return false;
}

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// Splits an expression into tokens; string literals stay whole so their contents are never touched.
std::vector<token> tokenize(std::string_view s) {
    std::vector<token> out;
    size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        const size_t start = i;
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
            continue;
        }
        if (c == '"') {
            for (++i; i < s.size() && s[i] != '"'; ++i)
                if (s[i] == '\\') ++i;
            ++i;
            out.push_back({std::string(s.substr(start, i - start)), false, true});
        } else if (is_digit(c) || (c == '-' && i + 1 < s.size() && is_digit(s[i + 1]))) {
            // A number, sign and exponent included: there is no binary minus, so `-` always belongs to it.
            ++i;
            while (i < s.size() && is_digit(s[i])) ++i;
            if (i + 1 < s.size() && s[i] == '.' && is_digit(s[i + 1]))
                for (++i; i < s.size() && is_digit(s[i]);) ++i;
            if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
                ++i;
                if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
                while (i < s.size() && is_digit(s[i])) ++i;
            }
            out.push_back({std::string(s.substr(start, i - start)), false, true});
        } else if (is_word_char(c)) {
            while (i < s.size() && is_word_char(s[i])) ++i;
            std::string w(s.substr(start, i - start));
            const bool reserved = is_reserved(w);
            const bool literal_word = w == "true" || w == "false" || w == "null";
            out.push_back({w, !reserved, !reserved || literal_word});
        } else if (i + 1 < s.size() && s[i + 1] == '=' && (c == '=' || c == '!' || c == '<' || c == '>')) {
            i += 2;
            out.push_back({std::string(s.substr(start, 2)), false, false});
        } else {
            ++i;
            out.push_back({std::string(1, c), false, c == ')' || c == ']'});
        }
    }
    return out;
}

// Whitespace may not go where the grammar forbids it: around a member '.', between a function name
// and its '(', and before an index '['. Everywhere else one of several whitespace runs goes in.
std::string respace(std::string_view input, size_t variant) {
    static const char* const runs[] = {" ", "\t", "\n", "  \t ", "\r\n\t", " \n  \n "};
    constexpr size_t run_count = sizeof runs / sizeof runs[0];
    const auto tokens = tokenize(input);
    size_t k = variant;
    std::string out = runs[k++ % run_count];
    for (size_t i = 0; i < tokens.size(); ++i) {
        if (i > 0) {
            const token& prev = tokens[i - 1];
            const token& cur = tokens[i];
            const bool glued = cur.text == "." || prev.text == "." || (cur.text == "(" && prev.is_name) ||
                               (cur.text == "[" && prev.ends_value);
            if (!glued) out += runs[k++ % run_count];
        }
        out += tokens[i].text;
    }
    out += runs[k % run_count];
    return out;
}

}  // namespace

TEST_CASE("dsl grammar: the accept table has the rows the spec asks for", "[dsl][grammar]") {
    CHECK(std::size(accept_rows) >= 60);
}

TEST_CASE("dsl grammar: accepted inputs give the expected AST dump", "[dsl][grammar]") {
    for (const auto& row : accept_rows) {
        INFO("input: " << row.input);
        auto r = parse_expression(row.input);
        for (const auto& p : r.problems) INFO("problem at " << p.offset << ": " << p.message);
        REQUIRE(r.problems.empty());
        REQUIRE(r.ast);
        CHECK(dump(*r.ast) == row.expected_dump);
    }
}

TEST_CASE("dsl grammar: accepted inputs give the same dump with extra whitespace between tokens", "[dsl][grammar]") {
    for (const auto& row : accept_rows) {
        for (size_t variant = 0; variant < 3; ++variant) {
            const std::string spaced = respace(row.input, variant);
            INFO("input: " << row.input);
            INFO("re-spaced: " << spaced);
            auto r = parse_expression(spaced);
            for (const auto& p : r.problems) INFO("problem at " << p.offset << ": " << p.message);
            REQUIRE(r.problems.empty());
            REQUIRE(r.ast);
            CHECK(dump(*r.ast) == row.expected_dump);
        }
    }
}

TEST_CASE("dsl grammar: the re-spacer changes whitespace only, never string contents", "[dsl][grammar]") {
    CHECK(respace(R"~(a eq "x  y")~", 0) == " a\teq\n\"x  y\"  \t ");
    CHECK(respace("f(a.b[0], -1)", 0) == " f(\ta.b[\n0  \t ]\r\n\t, \n  \n -1 )\t");
    CHECK(respace("x in [1]", 1) == "\tx\nin  \t [\r\n\t1 \n  \n ] ");
}

TEST_CASE("dsl grammar: spans cover the source text of each node", "[dsl][grammar]") {
    const std::string text = R"~(not (verb ne "create") and lower(user.name) + "x" is_null)~";
    auto r = parse_expression(text);
    REQUIRE(r.ast);
    auto slice = [&](const vigil::dsl::node& n) { return text.substr(n.where.begin, n.where.end - n.where.begin); };
    const auto& root = *r.ast;
    REQUIRE(root.children.size() == 2);
    CHECK(slice(root) == text);
    CHECK(slice(*root.children[0]) == R"~(not (verb ne "create"))~");
    CHECK(slice(*root.children[0]->children[0]) == R"~(verb ne "create")~");
    const auto& null_test = *root.children[1];
    CHECK(slice(null_test) == R"~(lower(user.name) + "x" is_null)~");
    CHECK(slice(*null_test.children[0]) == R"~(lower(user.name) + "x")~");
    CHECK(slice(*null_test.children[0]->children[0]->children[0]) == "user.name");
}

TEST_CASE("dsl grammar: 256 levels of nesting parse, as documented", "[dsl][grammar]") {
    const size_t depth = vigil::dsl::max_nesting_depth;
    auto nested = [](std::string open, std::string inner, std::string close, size_t n) {
        std::string s;
        for (size_t i = 0; i < n; ++i) s += open;
        s += inner;
        for (size_t i = 0; i < n; ++i) s += close;
        return s;
    };
    for (size_t n : {size_t{200}, depth}) {
        INFO("levels: " << n);
        CHECK(parse_expression(nested("(", "a", ")", n)).ast);
        CHECK(parse_expression(nested("[", "", "]", n)).ast);
        CHECK(parse_expression(nested("lower(", "a", ")", n)).ast);
        CHECK(parse_expression(nested("not ", "a", "", n)).ast);
    }
    auto r = parse_expression(nested("(", "a", ")", 200));
    REQUIRE(r.ast);
    CHECK(dump(*r.ast) == "a");
    auto lists = parse_expression(nested("[", "1", "]", 3));
    REQUIRE(lists.ast);
    CHECK(dump(*lists.ast) == "(list (list (list 1)))");
}

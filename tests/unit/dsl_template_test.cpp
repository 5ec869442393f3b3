// Splitting AlertTitle/Dedup templates into literal text and expression holes, and their errors.
#include "dsl/ast_dump.hpp"
#include "dsl/template_parser.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

namespace {

using namespace vigil::dsl;

// A part as text: literals quoted with '…', holes as {dump@offset}.
std::string describe(const template_part& p) {
    if (!p.hole) return "'" + p.literal + "'";
    return "{" + dump(*p.hole) + "@" + std::to_string(p.offset) + "}";
}

struct split_result {
    std::vector<std::string> parts;
    std::vector<parse_problem> problems;
};

split_result split(const std::string& text) {
    template_text t;
    t.text = text;
    split_result r;
    r.problems = parse_template(t);
    for (const auto& p : t.parts) r.parts.push_back(describe(p));
    return r;
}

using parts = std::vector<std::string>;

}  // namespace

TEST_CASE("dsl templates: literal text and holes", "[dsl][template]") {
    struct row {
        std::string text;
        parts expected;
    };
    const row rows[] = {
        {"", {}},
        {"plain title", {"'plain title'"}},
        {"{username}", {"{username@1}"}},
        {"[{username}] created CSR", {"'['", "{username@2}", "'] created CSR'"}},
        {"{a}{b}", {"{a@1}", "{b@4}"}},
        {"{ user.name }", {"{user.name@1}"}},
        {R"~([{coalesce(username, "<UNKNOWN_USER>")}] created CSR [{coalesce(name, "<UNKNOWN_CSR>")}])~",
         {"'['", R"~({(coalesce() username "<UNKNOWN_USER>")@2})~", "'] created CSR ['",
          R"~({(coalesce() name "<UNKNOWN_CSR>")@55})~", "']'"}},
        {R"~(k8s_client_cert_{coalesce(username, "<UNKNOWN_USER>")}_{coalesce(name, "<UNKNOWN_CSR>")})~",
         {"'k8s_client_cert_'", R"~({(coalesce() username "<UNKNOWN_USER>")@17})~", "'_'",
          R"~({(coalesce() name "<UNKNOWN_CSR>")@56})~"}},
        {"{verb eq \"create\" and user is_not_null}", {R"~({(and (eq verb "create") (is_not_null user))@1})~"}},
    };
    for (const auto& r : rows) {
        INFO("template: " << r.text);
        auto got = split(r.text);
        CHECK(got.problems.empty());
        CHECK(got.parts == r.expected);
    }
}

TEST_CASE("dsl templates: doubled braces are literal braces", "[dsl][template]") {
    CHECK(split("{{literal}}").parts == parts{"'{literal}'"});
    CHECK(split("a {{ {x} }} b").parts == parts{"'a { '", "{x@6}", "' } b'"});
    CHECK(split("{{{x}}}").parts == parts{"'{'", "{x@3}", "'}'"});
    CHECK(split("}}{{").parts == parts{"'}{'"});
    CHECK(split("json: {{\"k\": 1}}").parts == parts{"'json: {\"k\": 1}'"});
}

TEST_CASE("dsl templates: braces and quotes inside string literals of a hole", "[dsl][template]") {
    CHECK(split(R"~({coalesce(x, "}")})~").parts == parts{R"~({(coalesce() x "}")@1})~"});
    CHECK(split(R"~({coalesce(x, "{")})~").parts == parts{R"~({(coalesce() x "{")@1})~"});
    CHECK(split(R"~({coalesce(x, "{}}{")} tail)~").parts == parts{R"~({(coalesce() x "{}}{")@1})~", "' tail'"});
    CHECK(split(R"~({coalesce(x, "\"}")})~").parts == parts{R"~({(coalesce() x "\"}")@1})~"});
    CHECK(split(R"~({x + "{{" + y})~").parts == parts{R"~({(+ x "{{" y)@1})~"});
}

TEST_CASE("dsl templates: errors carry offsets into the template text", "[dsl][template]") {
    struct row {
        std::string text;
        uint32_t offset;
        std::string message_part;
    };
    const row rows[] = {
        {"title {username", 6, "template hole '{' is never closed"},
        {"{coalesce(x, \"}\")", 0, "never closed"},  // the quoted brace does not close it
        {"a } b", 2, "unmatched '}' in template (write '}}' for a literal brace)"},
        {"}", 0, "unmatched '}'"},
        {"{a}}", 3, "unmatched '}'"},
        {"{}", 1, "in template hole: expected an expression"},
        {"ab {x eq} cd", 8, "in template hole: expected a value after the operator"},
        {"[{lower(name}]", 12, "in template hole: expected ',' or ')' to close the function call"},
        {"{user containz \"x\"}", 6, "in template hole: unknown operator 'containz'"},
        {"{a eq \"x}", 0, "never closed"},  // an unterminated string swallows the closing brace
    };
    for (const auto& r : rows) {
        INFO("template: " << r.text);
        auto got = split(r.text);
        REQUIRE(got.problems.size() == 1);
        CHECK(got.problems[0].offset == r.offset);
        CHECK_THAT(got.problems[0].message, Catch::Contains(r.message_part));
    }
}

TEST_CASE("dsl templates: every problem is reported, not just the first", "[dsl][template]") {
    auto got = split("} {x eq} {lower(y}");
    REQUIRE(got.problems.size() == 3);
    CHECK(got.problems[0].offset == 0);
    CHECK(got.problems[1].offset == 7);
    CHECK(got.problems[2].offset == 17);
}

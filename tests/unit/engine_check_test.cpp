// The check phase: each named check's problems as {expression, offset, message} rows, every problem
// collected (not just the first), and a clean expression passing every check.
#include "dsl/expression_parser.hpp"
#include "dsl/operator_table.hpp"
#include "engine/check.hpp"
#include "engine/function_registry.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

using vigil::engine::check_expression;
using vigil::engine::check_scope;

namespace {

struct row {
    const char* expression;
    uint32_t offset;
    const char* message_part;
};

std::vector<vigil::dsl::parse_problem> check(std::string_view text, const check_scope& scope = {}) {
    auto parsed = vigil::dsl::parse_expression(text);
    REQUIRE(parsed.ast);
    return check_expression(*parsed.ast, scope);
}

}  // namespace

TEST_CASE("check phase: each named check reports its problem at its position", "[engine][check]") {
    const row rows[] = {
        // known-functions
        {"lowerr(a)", 0, "unknown function 'lowerr' (did you mean 'lower'?)"},
        {"a eq parse_jsn(b)", 5, "did you mean 'parse_json'"},
        {"frobnicate(a)", 0, "unknown function 'frobnicate'"},
        {"a eq anyy(l, x, x eq 1)", 5, "did you mean 'any'"},
        // reuse-calls: `list` and `macro` are reserved call names, never unknown functions
        {"a in list(\"x\")", 10, "the argument of 'list' is the name of a list, not a value: list(name)"},
        {"macro(a.b)", 6, "the argument of 'macro' is the name of a macro, not a value"},
        {"macro()", 0, "'macro' takes one name: macro(name) or macro(name(arguments))"},
        // arity
        {"lower(a, b)", 0, "function 'lower' takes 1 argument, got 2 (lower(s))"},
        {"x eq split(a)", 5, "function 'split' takes 2 arguments, got 1"},
        {"coalesce()", 0, "function 'coalesce' takes at least 1 argument, got 0"},
        {"if(a, b)", 0, "function 'if' takes 3 arguments, got 2"},
        {"slice(a)", 0, "function 'slice' takes 2 to 3 arguments, got 1"},
        {"any(l, x)", 0, "function 'any' takes 3 arguments, got 2"},
        {R"(x eq object("a", 1, "b"))", 5, "function 'object' takes key, value pairs, got 3 arguments"},
        // argument-kinds (literals only: a field's kind is known per event)
        {"split(s, 1)", 9, "argument 2 of 'split' must be string, got int"},
        {"at(l, 1.5)", 6, "argument 2 of 'at' must be int, got float"},
        {"len(42)", 4, "argument 1 of 'len' must be string, list or object, got int"},
        {R"(query_param(uri, ["a"]))", 17, "argument 2 of 'query_param' must be string, got list"},
        {R"~(extract(s, "(a)", "1"))~", 18, "argument 3 of 'extract' must be int, got string"},
        {R"(any("abc", x, x eq 1))", 4, "argument 1 of 'any' must be list, got string"},
        {"join(split(s, \".\"), len(s))", 20, "argument 2 of 'join' must be string, got int"},  // a result's kind is known too
        // quantifier-variables
        {"any(l, x.y, true)", 7, "names the element variable: a plain name"},
        {"any(l, 1, true)", 7, "names the element variable"},
        // regex-literals
        {"a matches b", 10, "the pattern of 'matches' must be a string literal"},
        {R"~(a not matches "x" + b)~", 14, "the pattern of 'matches' must be a string literal"},
        {R"~(a matches "(")~", 10, "invalid regular expression: missing ): ("},
        {"extract(s, p, 1)", 11, "the pattern of 'extract' must be a string literal"},
        {R"(extract(s, "[", 1))", 11, "invalid regular expression"},
        // cidr-literals
        {R"(ip in_cidr "10.0.0.0/33")", 11, "invalid network '10.0.0.0/33' for 'in_cidr'"},
        {R"(ip in_cidr "10.0.0/8")", 11, "invalid network '10.0.0/8'"},
        {R"(ip in_cidr "fd00::/129")", 11, "invalid network"},
        {R"(ip not in_cidr ["10.0.0.0/8", "x"])", 30, "invalid network 'x'"},
        {"ip in_cidr nets", 11, "must be string literals"},
        {"ip in_cidr []", 11, "'in_cidr' needs at least one network"},
        // arithmetic-kinds
        {R"("code: " + 200)", 11, "'+' of string and int: '+' adds two numbers or joins two strings"},
        {R"(1 + "x")", 4, "'+' of int and string"},
        {R"(len(s) + "x")", 9, "'+' of int and string"},
        {R"("x" - 1)", 6, "arithmetic needs numbers"},
        {R"(2 * "3")", 4, "arithmetic needs numbers"},
        // exists-paths
        {"1 exists", 0, "'exists' looks for a field"},
        {R"(lower(a) exists)", 0, "'exists' looks for a field"},
        {"spec.containers[*].name exists", 0, "'exists' cannot look through '[*]'"},
    };
    for (const auto& r : rows) {
        INFO(r.expression);
        auto problems = check(r.expression);
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].offset == r.offset);
        CHECK_THAT(problems[0].message, Catch::Contains(r.message_part));
    }
}

TEST_CASE("check phase: a quantifier variable may not hide a data-model name", "[engine][check]") {
    const std::vector<std::string> fields = {"verb", "username"}, bindings = {"audit"};
    auto p = check("any(sourceIPs, username, username eq \"x\")", check_scope{&fields, nullptr});
    REQUIRE(p.size() == 1);
    CHECK(p[0].offset == 15);
    CHECK_THAT(p[0].message, Catch::Contains("the variable 'username' of 'any' would hide the data-model name 'username'"));
    CHECK(check("any(l, audit, true)", check_scope{nullptr, &bindings}).size() == 1);
    CHECK(check("any(sourceIPs, ip, ip eq \"x\")", check_scope{&fields, &bindings}).empty());
}

TEST_CASE("check phase: every problem is collected, and clean expressions pass", "[engine][check]") {
    auto p = check(R"~(lowerr(a) and split(s, 1) and x matches "(" and ip in_cidr "z" and "a" + 1)~");
    CHECK(p.size() == 5);
    std::set<uint32_t> offsets;
    for (const auto& x : p) offsets.insert(x.offset);
    CHECK(offsets.size() == 5);
    for (const char* ok : {"any(spec.containers, c, c.securityContext.privileged eq true and not (c.image starts_with \"r/\"))",
                           "count(l, x, any(x.ports, p, p.hostPort gt 0)) ge 2", "a[*].b contains \"x\"", "n + 1 * 2 - len(s) % 3",
                           R"(ip in_cidr ["10.0.0.0/8", "fd00::/8"] or is_private_ip(ip))", "x exists and y.z[0] exists",
                           R"~(extract(uri, "command=([^&]*)", 1) eq "sh")~", R"("a" + s + "b")"}) {
        INFO(ok);
        CHECK(check(ok).empty());
    }
}

TEST_CASE("the function registry: unique names, documented, implemented, sane arities", "[engine][check][registry]") {
    std::set<std::string_view> names;
    for (const auto& f : vigil::engine::function_registry()) {
        INFO(f.name);
        CHECK(names.insert(f.name).second);
        CHECK(f.impl != nullptr);
        CHECK(!f.doc.empty());
        CHECK(f.signature.substr(0, f.name.size()) == f.name);
        CHECK(!f.family.empty());
        CHECK(f.min_args <= f.max_args);
        CHECK(vigil::engine::find_function(f.name) == &f);
        if (f.binds_variable) CHECK((f.min_args == 3 && f.max_args == 3));
        if (f.regex_arg >= 0) CHECK(f.regex_arg < f.min_args);
    }
    CHECK(names.size() >= 30);
    CHECK(vigil::engine::check_names().size() == 9);
}

namespace {

// The README's function table, as the registry makes it: one row per function, by family.
std::string function_table() {
    std::string out = "| function | family | result |\n| --- | --- | --- |\n";
    for (const auto& f : vigil::engine::function_registry())
        out += "| `" + std::string(f.signature) + "` | " + std::string(f.family) + " | " + std::string(f.doc) + " |\n";
    return out;
}

}  // namespace

// The README's tables between `<!-- NAME:begin -->` and `<!-- NAME:end -->` must be `table`.
// After adding a function or an operator: VIGIL_UPDATE_README=1 vigil_unit_tests "[registry]".
void check_readme_table(const std::string& name, const std::string& table) {
    const std::filesystem::path path = std::filesystem::path(VIGIL_SOURCE_DIR) / "README.md";
    std::ifstream in(path);
    REQUIRE(in);
    std::string readme((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string begin = "<!-- " + name + ":begin -->\n", end = "<!-- " + name + ":end -->";
    size_t b = readme.find(begin), e = readme.find(end);
    REQUIRE(b != std::string::npos);
    REQUIRE(e != std::string::npos);
    b += begin.size();
    if (std::getenv("VIGIL_UPDATE_README") && readme.substr(b, e - b) != table) {
        readme.replace(b, e - b, table);
        std::ofstream(path) << readme;
        return;
    }
    CHECK(readme.substr(b, e - b) == table);
}

TEST_CASE("the README's function table is the registry's", "[engine][check][registry]") { check_readme_table("functions", function_table()); }

TEST_CASE("the operator table: every spelling parses as its operator, and the README lists them", "[dsl][registry]") {
    std::string table = "| operator | meaning |\n| --- | --- |\n";
    for (const auto& e : vigil::dsl::operator_table()) {
        INFO(e.spelling);
        auto parsed = vigil::dsl::parse_expression("a " + std::string(e.spelling) + " \"b\"");
        REQUIRE(parsed.ast);
        CHECK(parsed.ast->kind == vigil::dsl::node_kind::compare);
        CHECK(parsed.ast->op == e.op);
        CHECK(parsed.ast->negated == e.negated);
        CHECK(parsed.ast->case_insensitive == e.case_insensitive);
        if (e.spelling[0] >= 'a' && e.spelling[0] <= 'z') {
            auto negated = vigil::dsl::parse_expression("a not " + std::string(e.spelling) + " \"b\"");
            REQUIRE(negated.ast);
            CHECK(negated.ast->negated == !e.negated);
        }
        table += "| `" + std::string(e.spelling) + "` | " + std::string(e.doc) + " |\n";
    }
    // A word the table does not have is an unknown operator, with the table's closest spelling.
    auto unknown = vigil::dsl::parse_expression("a in_cdir \"10.0.0.0/8\"");
    REQUIRE(unknown.problems.size() == 1);
    CHECK_THAT(unknown.problems[0].message, Catch::Contains("did you mean 'in_cidr'"));
    check_readme_table("operators", table);
}

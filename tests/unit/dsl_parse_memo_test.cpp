// parse_expression remembers what it parsed: a repeated text must give the same result as a fresh
// parse (same tree, spans and problems), as an independent copy, past the size limits too.
#include "dsl/ast_dump.hpp"
#include "dsl/expression_parser.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

namespace {

using namespace vigil::dsl;

// Tree shape, values and byte spans of every node.
std::string shape(const node& n) {
    std::string s = dump(n) + "@" + std::to_string(n.where.begin) + "-" + std::to_string(n.where.end) + "[";
    for (const auto& c : n.children) s += shape(*c) + ",";
    return s + "]";
}

std::string outcome(const parse_result& r) {
    std::string s = r.ast ? shape(*r.ast) : "no tree";
    for (const auto& p : r.problems) s += " | " + std::to_string(p.offset) + ": " + p.message;
    return s;
}

const std::vector<std::string> texts = {
    "username",
    R"(coalesce(username, "<UNKNOWN_USER>"))",
    R"(verb eq "create" and resource eq "secrets")",
    R"(not (a.b[0] in ["x", "y"]) or len(c) gt 2)",
    R"(verb eq "create)",         // unterminated string
    R"(verb equals "create")",    // unknown operator
    "a and",                      // missing operand
    "",                           // empty
};

}  // namespace

TEST_CASE("a repeated expression gives the same tree, spans and problems as the first parse") {
    for (const auto& t : texts) {
        INFO(t);
        auto first = parse_expression(t);
        auto again = parse_expression(t);
        CHECK(outcome(again) == outcome(first));
        CHECK((first.ast == nullptr) == !first.problems.empty());
    }
}

TEST_CASE("a remembered tree is handed out as a copy the caller may change") {
    auto first = parse_expression(R"(verb eq "create")");
    REQUIRE(first.ast);
    const std::string before = outcome(first);
    first.ast->children.clear();
    first.ast->kind = node_kind::literal;
    auto again = parse_expression(R"(verb eq "create")");
    REQUIRE(again.ast);
    CHECK(outcome(again) == before);
    CHECK(again.ast.get() != first.ast.get());
}

TEST_CASE("long texts and more distinct texts than are remembered parse the same") {
    std::string long_text = "a eq \"" + std::string(400, 'x') + "\"";
    auto l1 = parse_expression(long_text), l2 = parse_expression(long_text);
    REQUIRE(l1.ast);
    CHECK(outcome(l1) == outcome(l2));
    // Past the cap the memory starts over; every answer must still be right.
    for (int i = 0; i < 5000; ++i) {
        auto r = parse_expression("field_" + std::to_string(i) + " eq " + std::to_string(i));
        REQUIRE(r.ast);
        REQUIRE(dump(*r.ast) == "(eq field_" + std::to_string(i) + " " + std::to_string(i) + ")");
    }
    auto again = parse_expression(texts[1]);
    REQUIRE(again.ast);
    CHECK(dump(*again.ast) == R"((coalesce() username "<UNKNOWN_USER>"))");
}

TEST_CASE("threads parsing the same texts at once get the same results") {
    std::vector<std::string> expected;
    for (const auto& t : texts) expected.push_back(outcome(parse_expression(t)));
    std::vector<std::vector<std::string>> seen(4);
    std::vector<std::thread> threads;
    for (size_t k = 0; k < seen.size(); ++k)
        threads.emplace_back([&, k] {
            for (int round = 0; round < 50; ++round)
                for (const auto& t : texts) seen[k].push_back(outcome(parse_expression(t)));
        });
    for (auto& th : threads) th.join();
    for (const auto& s : seen)
        for (size_t i = 0; i < s.size(); ++i) CHECK(s[i] == expected[i % texts.size()]);
}

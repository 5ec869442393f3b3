// One event costs what its size says: lists of every backing walked once, split without storage,
// buffers a big event grew given back after it, and numbers beyond 64 bits judged, not rejected.
#include "engine_test_support.hpp"

#include "engine/evaluator.hpp"
#include "engine/event_processor.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using vigil::engine_test::compiled_expression;
using vigil::engine_test::evaluate_text;
using vigil::engine_test::event_fixture;
using json = nlohmann::ordered_json;

namespace {

std::string read_source_file(const std::string& relative) {
    std::ifstream in(std::string(VIGIL_SOURCE_DIR) + "/" + relative);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// A GKE audit event whose resourceName has `slashes` slashes: the shipped data model splits it.
std::string gke_event(size_t slashes) {
    return R"({"p_log_type":"GCP.AuditLog","protoPayload":{"serviceName":"k8s.io","methodName":"io.k8s.core.v1.pods.create",)"
           R"("resourceName":")" +
           std::string(slashes, '/') + R"(","authenticationInfo":{"principalEmail":"m@example.com"}},"timestamp":"2026-11-27T10:04:02Z"})";
}

}  // namespace

TEST_CASE("every list operation gives the same answer for each backing of a list", "[engine][cost]") {
    // The same list as a document array, a computed list ([...]) and a split: each operation walks
    // it with one cursor (contains, eq, join, string) or indexes it (at, first, last, len).
    const char* event = R"({"doc": ["a", "b", "", "c"], "text": "a/b//c"})";
    const char* lists[] = {"doc", "[\"a\", \"b\", \"\", \"c\"]", "split(text, \"/\")"};
    struct row {
        std::string expression;  // with X for the list
        const char* expected;
    };
    const row rows[] = {
        {"X contains \"c\"", "true"},          {"X contains \"d\"", "false"},      {"\"b\" in X", "true"},
        {"X eq [\"a\", \"b\", \"\", \"c\"]", "true"}, {"X eq [\"a\", \"b\", \"\"]", "false"}, {"X eq [\"a\", \"b\", \"\", \"c\", \"d\"]", "false"},
        {"join(X, \"-\")", "\"a-b--c\""},      {"string(X)", "\"[\\\"a\\\",\\\"b\\\",\\\"\\\",\\\"c\\\"]\""},
        {"len(X)", "4"},                       {"first(X)", "\"a\""},              {"last(X)", "\"c\""},
        {"at(X, 2)", "\"\""},                  {"at(X, -3)", "\"b\""},             {"at(X, 4)", "null"},
        {"X[1]", "\"b\""},                     {"X[-1]", "\"c\""},                 {"type_of(X)", "\"list\""},
    };
    for (const char* list : lists) {
        for (const auto& r : rows) {
            std::string expr = r.expression;
            if (expr == "X[1]" || expr == "X[-1]") {
                if (std::string(list) != "doc") continue;  // indexing a path: document lists only
            }
            for (size_t p; (p = expr.find('X')) != std::string::npos;) expr.replace(p, 1, list);
            INFO(expr);
            CHECK(evaluate_text(expr, event).value.dump() == json::parse(r.expected).dump());
        }
    }
}

TEST_CASE("split keeps no storage per part, however many parts the text has", "[engine][cost]") {
    // Before, split built a scratch list of one 64-byte value per part: 1 MiB of slashes cost 64 MiB.
    const std::string text(1 << 20, '/');
    event_fixture ev(R"({"s": ")" + text + R"("})");
    struct row {
        const char* expression;
        json expected;
    };
    const row rows[] = {
        {"len(split(s, \"/\"))", (1 << 20) + 1},
        {"at(split(s, \"/\"), -1)", ""},
        {"split(s, \"/\") contains \"x\"", false},
        {"len(join(split(s, \"/\"), \"ab\"))", 2 << 20},
    };
    for (const auto& r : rows) {
        INFO(r.expression);
        compiled_expression e(r.expression);
        auto& ctx = ev.reset();
        CHECK(vigil::engine::to_json(vigil::engine::evaluate(e.node(), ctx)) == r.expected);
        // join's result is the only storage: about its own size, nothing per part.
        CHECK(ctx.scratch_bytes() <= (4u << 20));
    }
}

TEST_CASE("a big event's parsing and scratch buffers are given back after it", "[engine][cost]") {
    // The shipped GKE data model splits resourceName; one 8 MiB event must not leave its parser's
    // tape and scratch (several times the line) with the processor for the rest of the run.
    const std::string rule = "AnalysisType: rule\nRuleID: Test.Gke\nEnabled: true\nLogTypes: [GCP.AuditLog]\nSeverity: Low\n"
                             "Condition: resource eq \"pods\" and name eq \"x\"\n";
    auto rules = vigil::engine_test::load_ruleset({read_source_file("schemas/gke_audit.yml"), rule});
    vigil::engine::event_processor processor(rules, vigil::engine::prefilter_mode::off);
    vigil::engine::event_result result;
    struct row {
        const char* what;
        std::string line;
    };
    const row rows[] = {{"8 MiB of slashes", gke_event(8 << 20)}, {"a small event after it", gke_event(5)}};
    for (const auto& r : rows) {
        INFO(r.what);
        std::string padded = r.line + std::string(simdjson::SIMDJSON_PADDING, ' ');
        processor.process(std::string_view(padded.data(), r.line.size()), "", result);
        CHECK(result.status == vigil::engine::event_status::ok);
        CHECK(processor.held_bytes() <= 2 * vigil::engine::event_document::kept_capacity);
    }
}

TEST_CASE("numbers beyond 64 bits or a double's range are judged, not invalid JSON", "[engine][cost]") {
    struct row {
        const char* event;
        const char* expression;
        const char* expected;  // JSON of the expression's value
    };
    const row rows[] = {
        {R"({"extra": 99999999999999999999, "verb": "create"})", "verb", "\"create\""},
        {R"({"extra": 99999999999999999999})", "extra", "1e20"},
        {R"({"extra": 99999999999999999999})", "extra gt 18446744073709551615.0", "true"},
        {R"({"extra": -99999999999999999999})", "extra lt -9223372036854775808", "true"},
        {R"({"extra": 18446744073709551615})", "type_of(extra)", "\"float\""},  // uint64: always read
        {R"({"l": [1, 123456789012345678901234567890, 3]})", "at(l, 2)", "3"},
        {R"({"extra": 1e999})", "extra", "\"1e999\""},
        {R"({"extra": 1e999, "verb": "create"})", "verb", "\"create\""},
        {R"({"s": "99999999999999999999", "extra": 99999999999999999999})", "s", "\"99999999999999999999\""},
        {R"({"s": "a\"99999999999999999999", "extra": 99999999999999999999})", "s", "\"a\\\"99999999999999999999\""},
    };
    for (const auto& r : rows) {
        INFO(r.event << "  " << r.expression);
        vigil::engine::event_document doc;
        REQUIRE(doc.parse(r.event));
        CHECK(evaluate_text(r.expression, r.event).value.dump() == json::parse(r.expected).dump());
    }
}

TEST_CASE("numbers that are not JSON stay invalid JSON", "[engine][cost]") {
    // The second try rewrites only valid numbers that are too big; a broken number is still an error.
    const char* rows[] = {R"({"n": 01})", R"({"n": 1.})", R"({"n": -})", R"({"n": 99999999999999999999x})",
                          R"({"n": 99999999999999999999, "m": 1.e5})"};
    for (const char* r : rows) {
        INFO(r);
        vigil::engine::event_document doc;
        CHECK_FALSE(doc.parse(r));
    }
}

// Differential test: seeded random expressions over seeded random events; the engine (compiled, folded,
// simdjson views) must agree with the plain reference evaluator (AST walk over nlohmann JSON) on every
// pair, in the condition form (holds) and in the value form (evaluate, as JSON text). Each expression,
// as a rule condition, also checks the literal prefilter: a line it would skip never holds. A second
// test aims conditions at the prefilter and the equality index on purpose.
//
// Generated: field paths (present, missing, through lists and objects, negative and out-of-range
// indexes, quoted segments, keyword-like names), literals of every type, every comparison operator with
// its i-form and not-form (and the symbol spellings), is_null/is_not_null, and/or/not, bare values,
// arithmetic (+ - * / %), list literals, member access on call results, `[*]` projections (nested, and
// over non-lists), `exists`, `in_cidr` (IPv4, IPv6, mapped, lists), the quantifiers any all none count
// and filter (nested, their variable shadowing an outer one), and calls to split first last at lower upper len
// coalesce if type_of string join slice object concat int float trim replace.
//
// Generated but skipped: expressions the check phase rejects because a literal argument or operand
// has a kind that can never work (`len(400.5)`, `"a" + 1`): a load error, not an evaluation result,
// tested in engine_check_test. Each is replaced by a new one, so the count of pairs stays fixed, and
// fewer than one per expression may be rejected, so the generator cannot drift into making only those.
//
// Not generated, because the reference cannot sensibly model it:
//  - parse_json: what it accepts is simdjson's (integers beyond 64 bits, duplicate keys, depth limits)
//    and its failures are a side effect (ctx.read_errors); engine_functions_test covers it.
//  - events with duplicate keys, or keys equal up to ASCII case within one object: JSON leaves the
//    first undefined, and the reference's literal "lowercase both sides" merges the second.
//  - invalid regular expressions (a compile error, not an evaluation result).
//
// Lists and macros: a third test writes each generated expression twice, once with `list(…)` and
// `macro(…)` uses and once with what they name substituted as text (parenthesised); the engine's AST
// expansion of the first must agree with the reference on the second, and the prefilter must stay
// exact through the expansion.
//
// For a longer soak run (the count is per shard): VIGIL_DIFFERENTIAL_SEED=<n> VIGIL_DIFFERENTIAL_EXPRESSIONS=<n>
// vigil_unit_tests '[differential]'
#include "reference/reference_evaluator.hpp"

#include "dsl/document_loader.hpp"
#include "dsl/expression_parser.hpp"
#include "engine/compiler.hpp"
#include "engine/evaluator.hpp"
#include "engine/event_document.hpp"
#include "engine/literal_prefilter.hpp"
#include "engine/rule_index.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <memory>
#include <random>
#include <iostream>
#include <string>
#include <vector>

namespace {

using json = nlohmann::ordered_json;

// mt19937_64's output is fixed by the standard (unlike the std distributions), so runs are identical
// on every platform.
class random_source {
public:
    explicit random_source(uint64_t seed) : gen_(seed) {}
    size_t below(size_t n) { return static_cast<size_t>(gen_() % n); }
    bool percent(unsigned p) { return below(100) < p; }
    template <typename T>
    const T& pick(const std::vector<T>& xs) { return xs[below(xs.size())]; }

private:
    std::mt19937_64 gen_;
};

// Whether a line holds one of a required clause's literals: the prefilter skips a line (without a \u
// escape) only when some clause of every rule fails this, so a line whose condition holds must pass it.
bool clause_in_text(const std::vector<std::string>& clause, const std::string& text) {
    return std::any_of(clause.begin(), clause.end(), [&](const std::string& lit) { return text.find(lit) != std::string::npos; });
}

// ---- events ---------------------------------------------------------------------------------------

// Keys used at every level; none equal another up to ASCII case.
const std::vector<std::string> event_keys = {"a", "b", "c", "s", "n", "f", "l", "o", "note", "index", "Upper", "odd.key", "x y"};

const std::vector<json> event_ints = {json(0), json(1), json(-1), json(2), json(5), json(16), json(400), json(403), json(-7),
                                      json(int64_t{9007199254740993}), json(std::numeric_limits<int64_t>::max()),
                                      json(std::numeric_limits<int64_t>::min()), json(uint64_t{18446744073709551615ull}),
                                      json(uint64_t{9223372036854775808ull})};
const std::vector<double> event_floats = {0.0, -0.0, 1.5, 403.0, 2.0, 0.1, -2.25, 1e20, 400.5, 9007199254740992.0, 9.3e18, 16.0};
const std::vector<std::string> event_strings = {
    "", "a", "A", "b", "abc", "ABC", "aBc", "abcd", "403", "400", "1.5", "1e2", "1E2", "-7", "0", "007", "nan", "inf",
    " 5", "true", "null", "client auth", "system:serviceaccount:kube-system:x", "system:node", "x.y.z", "a/b/c", "a,b,,c",
    "k", "Upper", "caf\xc3\xa9", "[1]", "{}", "a.b", "16", "1", "1.0", "9223372036854775808", "line\nbreak", "q\"uote"};

json random_scalar(random_source& r) {
    switch (r.below(8)) {
        case 0: return nullptr;
        case 1: return r.percent(50);
        case 2:
        case 3: return r.pick(event_ints);
        case 4: return r.pick(event_floats);
        default: return r.pick(event_strings);
    }
}

json random_value(random_source& r, int depth);

json random_list(random_source& r, int depth) {
    json out = json::array();
    for (size_t i = 0, n = r.below(5); i < n; ++i) out.push_back(random_value(r, depth - 1));
    return out;
}

json random_object(random_source& r, int depth) {
    json out = json::object();
    for (size_t i = 0, n = r.below(5); i < n; ++i) out[r.pick(event_keys)] = random_value(r, depth - 1);
    return out;
}

json random_value(random_source& r, int depth) {
    if (depth <= 0 || r.percent(55)) return random_scalar(r);
    return r.percent(50) ? random_list(r, depth) : random_object(r, depth);
}

// Each root key mostly holds the type its name suggests, so paths like l[0] and o.a often resolve.
json random_event(random_source& r) {
    json ev = json::object();
    for (const auto& key : event_keys) {
        if (r.percent(25)) continue;
        json v;
        if (key == "l" && r.percent(65)) v = random_list(r, 3);
        else if ((key == "o" || key == "a") && r.percent(65)) v = random_object(r, 3);
        else if (key == "s" && r.percent(65)) v = r.pick(event_strings);
        else if (key == "n" && r.percent(65)) v = r.pick(event_ints);
        else if (key == "f" && r.percent(65)) v = r.pick(event_floats);
        else v = random_value(r, 3);
        ev[key] = v;
    }
    return ev;
}

// ---- expressions ----------------------------------------------------------------------------------

struct expr {
    std::string text;
    bool atomic;  // can be an operand without parentheses
};

std::string operand(const expr& e) { return e.atomic ? e.text : "(" + e.text + ")"; }

const std::vector<std::string> paths = {
    "a", "b", "c", "s", "n", "f", "l", "o", "note", "index", "Upper", "missing", "a.b", "a.b.c", "o.a", "o.s", "o.l", "o.b.c",
    R"(o."odd.key")", R"(o."x y")", "o.Upper", "l[0]", "l[1]", "l[-1]", "l[-2]", "l[7]", "l[-9]", "l[0].a", "l[1][0]",
    "o.l[0]", "a[0]", "missing.x", "s.a", "n[0]", "o.o.s"};
const std::vector<std::string> list_paths = {"l", "o.l", "a", "l[0]", "o"};
// Projections: over lists of scalars, of objects and of lists, nested, and over non-lists.
const std::vector<std::string> projection_paths = {"l[*]", "l[*].a", "l[*].s", "l[*][0]", "l[*].l[*]", "o.l[*]", "o.l[*].a",
                                                   "a[*]", "l[*].b.c", "s[*]", "missing[*].a", "l[*].l[*].a"};
// Inside a quantifier: the element and paths into it.
const std::vector<std::string> element_paths = {"x", "x", "x.a", "x.s", "x[0]", "x.l", "x.l[0]", "x.o.s", "x[*]"};
const std::vector<std::string> networks = {R"("10.0.0.0/8")", R"("192.168.1.0/24")", R"("0.0.0.0/0")", R"("::/0")", R"("fd00::/8")",
                                           R"(["10.0.0.0/8", "172.16.0.0/12"])", R"("1.2.3.4")", R"(["::ffff:10.0.0.0/104", "2001:db8::/32"])"};
const std::vector<std::string> int_literals = {"0", "1", "-1", "2", "5", "16", "400", "403", "-7", "9007199254740993",
                                               "9223372036854775807", "-9223372036854775808"};
const std::vector<std::string> float_literals = {"0.0", "-0.0", "1.5", "403.0", "2.0", "0.1", "-2.25", "1e20", "400.5",
                                                 "9007199254740992.0", "9.3e18", "1E2", "16.0", "18446744073709551615.0"};
const std::vector<std::string> string_literals = {
    R"("")", R"("a")", R"("A")", R"("b")", R"("abc")", R"("ABC")", R"("aBc")", R"("403")", R"("400")", R"("1.5")",
    R"("1e2")", R"("-7")", R"("0")", R"("007")", R"("nan")", R"("16")", R"("1")", R"("true")", R"("null")",
    R"("client auth")", R"("system:")", R"("serviceaccount")", R"("x.y.z")", R"("a/b/c")", R"("k")", R"("Upper")",
    R"("caf\u00e9")", R"("CAF\u00c9")", R"("line\nbreak")", R"("q\"uote")", R"("\\")", R"(".")", R"(",")",
    R"("10.1.2.3")", R"("192.168.1.7")", R"("::ffff:10.0.0.1")", R"("fd00::1")", R"("8.8.8.8")", R"(" a ")"};
const std::vector<std::string> separators = {R"(".")", R"(",")", R"("/")", R"(":")", R"("")", R"("a")", R"("::")", R"(" ")"};
const std::vector<std::string> patterns = {R"("")", R"("^a")", R"("b")", R"("^4\\d+$")", R"("(?i)ABC")", R"("^$")",
                                           R"("\\.")", R"("^[a-c]+$")", R"("caf.")", R"("^system:.*account")", R"("1|2")"};
const std::vector<std::string> operators = {
    "eq",         "ne",         "gt",          "ge",           "lt",           "le",
    "in",         "contains",   "starts_with", "ends_with",    "matches",      "ieq",
    "ine",        "iin",        "icontains",   "istarts_with", "iends_with",   "not eq",
    "not ne",     "not gt",     "not ge",      "not lt",       "not le",       "not in",
    "not contains", "not starts_with", "not ends_with", "not matches", "not ieq", "not ine",
    "not iin",    "not icontains", "not istarts_with", "not iends_with", "==", "!=", ">", ">=", "<", "<="};
const std::vector<std::string> functions = {"split", "first", "last", "at", "lower", "upper", "len", "coalesce", "if",
                                            "type_of", "string", "join", "slice", "object", "concat", "int", "float",
                                            "trim", "replace", "any", "all", "none", "count", "filter"};

class expression_generator {
public:
    explicit expression_generator(random_source& r) : r_(r) {}
    expr any_value(int depth) { return value(depth); }

    expr condition(int depth) {
        if (depth <= 0) return comparison(0);
        switch (r_.below(20)) {
            case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 7: case 8: return comparison(depth);
            case 9: case 10: {
                static const std::vector<std::string> tests = {" is_null", " is_not_null", " exists"};
                const std::string& t = r_.pick(tests);
                // exists asks of a path (the check phase rejects anything else)
                std::string subject = t == " exists" ? r_.pick(paths) : operand(value(depth - 1));
                return {subject + t, false};
            }
            case 11: case 12: case 13: return logic(depth, " and ");
            case 14: case 15: return logic(depth, " or ");
            case 16: case 17: return {"not " + operand(condition(depth - 1)), false};
            default: return value(depth - 1);  // a bare value, tested for truthiness
        }
    }

private:
    random_source& r_;

    expr logic(int depth, const char* word) {
        std::string text = operand(condition(depth - 1));
        for (size_t i = 0, n = 1 + r_.below(2); i < n; ++i) text += word + operand(condition(depth - 1));
        return {text, false};
    }

    expr comparison(int depth) {
        if (r_.percent(8)) {
            // in_cidr: networks are literals (checked at load); the address is anything
            expr left = r_.percent(60) ? expr{r_.pick(string_literals), true} : value(depth - 1);
            return {operand(left) + (r_.percent(30) ? " not in_cidr " : " in_cidr ") + r_.pick(networks), false};
        }
        const std::string& op = r_.pick(operators);
        expr left = value(depth - 1);
        std::string right = op.find("matches") != std::string::npos ? r_.pick(patterns) : operand(value(depth - 1));
        return {operand(left) + " " + op + " " + right, false};
    }

    // A condition about the quantifier's element `x` (or about anything, now and then).
    expr element_condition(int depth) {
        if (r_.percent(20)) return condition(depth - 1);
        const std::string& op = r_.pick(operators);
        std::string left = r_.pick(element_paths);
        std::string right = op.find("matches") != std::string::npos ? r_.pick(patterns) : operand(value(depth - 1));
        if (r_.percent(15)) return {left + (r_.percent(50) || left.find('*') != std::string::npos ? " is_null" : " exists"), false};
        return {left + " " + op + " " + right, false};
    }

    expr literal() {
        switch (r_.below(9)) {
            case 0: return {"null", true};
            case 1: return {r_.percent(50) ? "true" : "false", true};
            case 2: case 3: return {r_.pick(int_literals), true};
            case 4: return {r_.pick(float_literals), true};
            case 5: {
                std::string text = "[";
                for (size_t i = 0, n = r_.below(4); i < n; ++i) text += (i ? ", " : "") + literal().text;
                return {text + "]", true};
            }
            default: return {r_.pick(string_literals), true};
        }
    }

    expr leaf() {
        if (r_.percent(8)) return {r_.pick(projection_paths), true};
        return r_.percent(55) ? expr{r_.pick(paths), true} : literal();
    }

    expr value(int depth) {
        if (depth <= 0 || r_.percent(30)) return leaf();
        switch (r_.below(10)) {
            case 0: case 1: case 2: case 3: case 4: return call(depth);
            case 5: {
                std::string text = "[";
                for (size_t i = 0, n = r_.below(4); i < n; ++i) text += (i ? ", " : "") + value(depth - 1).text;
                return {text + "]", true};
            }
            case 6: {
                static const std::vector<std::string> ops = {" + ", " + ", " - ", " * ", " / ", " % "};
                std::string text = operand(value(depth - 1)) + r_.pick(ops) + operand(value(depth - 1));
                if (r_.percent(30)) text += r_.pick(ops) + operand(value(depth - 1));
                return {text, false};
            }
            case 7: {
                static const std::vector<std::string> suffixes = {".a", ".s", "[0]", "[1]", "[-1]", R"(."odd.key")", ".l[0]"};
                expr base = r_.percent(80) ? call(depth) : expr{"(" + value(depth - 1).text + ")", true};
                return {base.text + r_.pick(suffixes), true};
            }
            case 8: return condition(depth - 1);
            default: return leaf();
        }
    }

    // Something that is often a list: list-valued paths, split results, list literals.
    expr listish(int depth) {
        switch (r_.below(10)) {
            case 0: case 1: case 2: case 3: case 4: return {r_.pick(list_paths), true};
            case 5: case 6: return {"split(" + value(depth - 1).text + ", " + r_.pick(separators) + ")", true};
            case 7: case 8: return literal();
            default: return value(depth - 1);
        }
    }

    expr call(int depth) {
        const std::string& f = r_.pick(functions);
        auto arg = [&] { return value(depth - 1).text; };
        std::string args;
        if (f == "split" || f == "join") {
            static const std::vector<std::string> texts = {"s", "o.s", "a", "x.y"};
            std::string first = f == "split" ? (r_.percent(70) ? r_.pick(texts) : arg()) : listish(depth).text;
            args = first + ", " + (r_.percent(75) ? r_.pick(separators) : arg());
        } else if (f == "first" || f == "last") {
            args = listish(depth).text;
        } else if (f == "at") {
            static const std::vector<std::string> indexes = {"0", "1", "2", "-1", "-2", "5", "-9", "1.0", R"("1")"};
            args = listish(depth).text + ", " + (r_.percent(75) ? r_.pick(indexes) : arg());
        } else if (f == "any" || f == "all" || f == "none" || f == "count" || f == "filter") {
            args = listish(depth).text + ", x, " + element_condition(depth - 1).text;
        } else if (f == "replace") {
            args = arg() + ", " + (r_.percent(70) ? r_.pick(separators) : arg()) + ", " + (r_.percent(70) ? r_.pick(string_literals) : arg());
        } else if (f == "concat") {
            args = listish(depth).text;
            for (size_t i = 0, n = r_.below(3); i < n; ++i) args += ", " + listish(depth).text;
        } else if (f == "slice") {
            static const std::vector<std::string> positions = {"0", "1", "-1", "2", "-5", "9", "null", "1.0"};
            args = listish(depth).text + ", " + (r_.percent(80) ? r_.pick(positions) : arg());
            if (r_.percent(50)) args += ", " + r_.pick(positions);
        } else if (f == "object") {
            // Fixed keys (and a number, which is left out): an event string could equal another key up
            // to case, which the reference's lowercasing would merge (see the top of the file).
            static const std::vector<std::string> keys = {R"("a")", R"("b")", R"("code")", "n"};
            args = r_.pick(keys) + ", " + arg();
            for (size_t i = 0, n = r_.below(3); i < n; ++i) args += ", " + r_.pick(keys) + ", " + arg();
        } else if (f == "coalesce") {
            args = arg();
            for (size_t i = 0, n = r_.below(4); i < n; ++i) args += ", " + arg();
        } else if (f == "if") {
            args = condition(depth - 1).text + ", " + arg() + ", " + arg();
        } else {
            args = arg();
        }
        return {f + "(" + args + ")", true};
    }
};

uint64_t from_environment(const char* name, uint64_t fallback) {
    const char* text = std::getenv(name);
    return text && *text ? std::strtoull(text, nullptr, 0) : fallback;
}

constexpr size_t expressions_per_shard = 5000;

struct prepared_event {
    json reference;                   // normalised nlohmann form
    std::string text;                 // what both sides were parsed from
    std::unique_ptr<vigil::engine::event_document> doc;
};

}  // namespace

namespace {

// One shard: its own events and expressions from its own seed.
void run_differential_shard(uint64_t shard) {
    const size_t expression_count = from_environment("VIGIL_DIFFERENTIAL_EXPRESSIONS", expressions_per_shard);
    const uint64_t seed = from_environment("VIGIL_DIFFERENTIAL_SEED", 0x5eed'c0de'2026ull) + 1000 * shard;
    constexpr size_t events_per_expression = 4;
    constexpr size_t event_pool = 96;
    constexpr size_t report_limit = 10;

    random_source r(seed);
    std::vector<prepared_event> events;
    for (size_t i = 0; i < event_pool; ++i) {
        prepared_event e;
        e.text = random_event(r).dump();
        e.reference = vigil::reference::normalise(json::parse(e.text));
        e.doc = std::make_unique<vigil::engine::event_document>();
        REQUIRE(e.doc->parse(e.text));
        events.push_back(std::move(e));
    }

    expression_generator gen(r);
    vigil::engine::event_context ctx;
    size_t pairs = 0, mismatches = 0, held = 0, prefilter_checked = 0, prefilter_misses = 0, rejected = 0;
    for (size_t i = 0; i < expression_count; ++i) {
        // A generated expression the check phase rejects for a kind error is counted and replaced.
        std::string text;
        vigil::dsl::parse_result parsed;
        vigil::engine::constant_pool pool;
        vigil::engine::compile_result compiled;
        for (int attempt = 0;; ++attempt) {
            text = gen.condition(5).text;
            parsed = vigil::dsl::parse_expression(text);
            if (!parsed.ast) {
                FAIL("generated expression does not parse: " << text << "\n  " << parsed.problems.at(0).message << " at "
                                                             << parsed.problems.at(0).offset);
            }
            compiled = vigil::engine::compile_expression(*parsed.ast, vigil::engine::name_scope{}, pool);
            if (compiled.problems.empty()) break;
            const std::string& m = compiled.problems[0].message;
            bool kind_error = m.find(" must be ") != std::string::npos || m.find("' of ") != std::string::npos;
            if (!kind_error || attempt == 50) FAIL("generated expression does not compile: " << text << "\n  " << m);
            ++rejected;
            if (std::getenv("VIGIL_DIFFERENTIAL_SHOW_REJECTED")) std::cerr << "rejected: " << m << "\n";
        }
        vigil::engine::rule_variant as_rule;
        as_rule.conditions.push_back(compiled.node);
        const auto clauses = vigil::engine::required_literals(as_rule);
        for (size_t k = 0; k < events_per_expression; ++k) {
            const auto& ev = events[r.below(events.size())];
            ctx.reset(ev.doc->root(), nullptr);
            bool engine_holds = vigil::engine::holds(compiled.node, ctx);
            ctx.reset(ev.doc->root(), nullptr);
            std::string engine_value = vigil::engine::to_json(vigil::engine::evaluate(compiled.node, ctx)).dump();
            // reference::holds is by definition the truthiness of the value: evaluate once (ASan is slow).
            json reference = vigil::reference::evaluate(*parsed.ast, ev.reference);
            bool reference_holds = vigil::reference::truthy(reference);
            std::string reference_value = reference.dump();
            ++pairs;
            held += engine_holds ? 1 : 0;
            // The prefilter may skip a line only when some clause has none of its literals in the text
            // (and the text has no \u escape); such a line must never hold.
            if (engine_holds && !clauses.empty() && ev.text.find("\\u") == std::string::npos) {
                ++prefilter_checked;
                for (const auto& clause : clauses) {
                    bool found = clause_in_text(clause, ev.text);
                    if (!found && ++prefilter_misses <= report_limit) {
                        std::cerr << "prefilter would skip a matching line\n  expression: " << text << "\n  event:      " << ev.text
                                  << "\n  missing any of:";
                        for (const auto& lit : clause) std::cerr << " \"" << lit << "\"";
                        std::cerr << "\n";
                        CHECK(found);
                    }
                }
            }
            if (engine_holds != reference_holds || engine_value != reference_value) {
                if (++mismatches <= report_limit) {
                    // Straight to stderr: Catch would wrap the lines, and these are for copying into a repro.
                    std::cerr << "differential mismatch #" << mismatches << "\n  expression: " << text
                              << "\n  event:      " << ev.text << "\n  engine:     holds=" << engine_holds
                              << " value=" << engine_value << "\n  reference:  holds=" << reference_holds
                              << " value=" << reference_value << "\n";
                    CHECK((engine_holds == reference_holds && engine_value == reference_value));
                }
            }
        }
    }
    INFO("seed " << seed << ": " << pairs << " pairs, " << held << " held, " << mismatches << " mismatches; "
                  << prefilter_checked << " held with prefilter literals, " << prefilter_misses << " prefilter misses, " << rejected
                  << " rejected at load");
    CHECK(mismatches == 0);
    CHECK(prefilter_misses == 0);
    CHECK(pairs == expression_count * events_per_expression);
    CHECK(rejected < expression_count);  // the generator is not mostly making load errors
    // The generator is not degenerate: a fair share of both outcomes.
    CHECK(held > pairs / 10);
    CHECK(held < pairs * 9 / 10);
}

}  // namespace

// 20,000 expressions in four shards of 5,000, each its own ctest entry: a Debug+ASan build (CI)
// needs about 25 s per shard, well inside the per-test timeout, and the shards run in parallel.
TEST_CASE("differential 1/4: the engine agrees with the reference evaluator on random expressions and events",
          "[engine][differential]") {
    run_differential_shard(0);
}
TEST_CASE("differential 2/4: the engine agrees with the reference evaluator on random expressions and events",
          "[engine][differential]") {
    run_differential_shard(1);
}
TEST_CASE("differential 3/4: the engine agrees with the reference evaluator on random expressions and events",
          "[engine][differential]") {
    run_differential_shard(2);
}
TEST_CASE("differential 4/4: the engine agrees with the reference evaluator on random expressions and events",
          "[engine][differential]") {
    run_differential_shard(3);
}

namespace {

// Conditions shaped like the ones the literal prefilter and the equality index derive requirements
// from: and/or/not over `value op "literal"`, with values that do and do not preserve the raw text.
class requirement_condition_generator {
public:
    explicit requirement_condition_generator(random_source& r) : r_(r) {}

    std::string condition(int depth) {
        if (depth <= 0 || r_.percent(45)) return atom();
        switch (r_.below(10)) {
            case 0: case 1: case 2: case 3: return "(" + condition(depth - 1) + ") and (" + condition(depth - 1) + ")";
            case 4: case 5: case 6: case 7: return "(" + condition(depth - 1) + ") or (" + condition(depth - 1) + ")";
            default: return "not (" + condition(depth - 1) + ")";
        }
    }

private:
    random_source& r_;

    std::string literal() {
        // Short strings the events often hold, then ones no requirement may use: escaped or non-ASCII
        // spellings, and numeric strings (they equal numbers spelled differently in JSON).
        static const std::vector<std::string> strings = {
            R"("a")", R"("b")", R"("c")", R"("k")", R"("ab")", R"("abc")", R"("aB")", R"("client auth")", R"("client")",
            R"("b,c")", R"("a/b/c")", R"("q\"uote")", R"("caf\u00e9")", R"("403")", R"("4.03e2")", R"("007")"};
        static const std::vector<std::string> lists = {R"(["abc", "client auth"])", R"(["a", "k"])", R"(["403", "a"])",
                                                       R"(["a/b/c", "abc"])", R"([])", R"(["ABC", 403])", R"(["b,c", "k", "aBc"])"};
        return r_.percent(20) ? r_.pick(lists) : r_.pick(strings);
    }

    std::string atom() {
        static const std::vector<std::string> values = {
            "s", "o.s", "a", "l", "o.l", "o", "l[0]", "first(l)", "last(o.l)", "at(l, 1)", R"(split(s, ","))",
            R"(split(s, ".")[0])", "coalesce(s, o.s)", "if(n gt 1, s, o.s)", "[s, o.s]", "note", "index",
            // A null branch, or a constant fallback, keeps them for literals the constant cannot satisfy.
            "if(n gt 1, s, null)", R"(coalesce(s, o.s, "zz"))", R"(coalesce(o.s, "a/b"))", R"(if(n gt 1, null, split(s, ",")))",
            // These do not preserve the raw text: nothing may be derived from them.
            "lower(s)", R"(s + "")", "string(n)", "upper(o.s)", R"(coalesce(s, "abc"))", R"(join(l, ""))",
            // Projections, slices and concatenations keep raw strings; replace() does not.
            "l[*]", "o.l[*]", "a[*].k", "slice(l, 1)", "concat(l, o.l)", "trim(s)", R"~(extract(s, "(a.*)", 1))~",
            R"(filter(l, x, x ne "k"))", R"(filter(o.l, x, len(x) gt 1))",
            R"(replace(s, "a", "b"))", "n + 1"};
        static const std::vector<std::string> ops = {"eq", "eq", "==", "ne", "contains", "contains", "not contains", "starts_with",
                                                     "ends_with", "in", "in", "not in", "ieq", "icontains", "not ne", "not eq",
                                                     "gt", "matches"};
        const std::string& op = r_.pick(ops);
        if (r_.percent(10)) {
            // A quantifier over the element: the index and prefilter must see it as opaque or exact.
            static const std::vector<std::string> lists = {"l", "o.l", "a", "l[*]", "concat(l, o.l)"};
            static const std::vector<std::string> quantifiers = {"any", "all", "none"};
            return r_.pick(quantifiers) + "(" + r_.pick(lists) + ", x, x " + (op == "matches" ? "eq" : op) + " " + literal() + ")";
        }
        if (op == "matches") return r_.pick(values) + " matches " + r_.pick(patterns);
        if (r_.percent(15)) return literal() + " in " + r_.pick(values);
        return r_.pick(values) + " " + op + " " + literal();
    }
};

}  // namespace

// Events whose strings come from a small pool, so that requirement conditions often hold.
json requirement_event(random_source& r) {
    static const std::vector<json> pool = {"a", "abc", "k", "client auth", "b,c", "a/b/c", "q\"uote", "caf\u00e9", "403",
                                           json(403), nullptr};
    auto text = [&] { return r.pick(pool); };
    auto list = [&] {
        json l = json::array();
        for (size_t i = 0, n = r.below(4); i < n; ++i) l.push_back(text());
        return l;
    };
    json ev = json::object();
    for (const char* key : {"s", "note", "index"})
        if (r.percent(85)) ev[key] = text();
    if (r.percent(85)) ev["l"] = list();
    if (r.percent(85)) ev["o"] = json{{"s", text()}, {"l", list()}, {r.percent(50) ? "abc" : "k", text()}};
    if (r.percent(85)) ev["a"] = r.percent(50) ? text() : (r.percent(50) ? list() : json{{"k", text()}});
    if (r.percent(85)) ev["n"] = json(r.below(4));
    return ev;
}

// The two rule-selection shortcuts must be exact: the Vectorscan prefilter skips a line only when some
// required clause has none of its literals in the text, and the equality index files a rule under
// values one of which its key field must hold. Neither may ever drop an event whose condition holds.
TEST_CASE("differential: the literal prefilter and the equality index never drop an event that holds",
          "[engine][differential][prefilter]") {
    const uint64_t seed = from_environment("VIGIL_DIFFERENTIAL_SEED", 0x5eed'c0de'2026ull) + 1;
    // Conditions are cheap to evaluate and most hold rarely, so each meets many events.
    constexpr size_t expression_count = 4000;
    constexpr size_t events_per_expression = 64;
    random_source r(seed);
    std::vector<prepared_event> events;
    for (size_t i = 0; i < 128; ++i) {
        prepared_event e;
        e.text = requirement_event(r).dump();
        e.doc = std::make_unique<vigil::engine::event_document>();
        REQUIRE(e.doc->parse(e.text));
        events.push_back(std::move(e));
    }
    requirement_condition_generator gen(r);
    vigil::engine::event_context ctx;
    size_t with_literals = 0, with_equalities = 0, literal_checks = 0, equality_checks = 0, misses = 0;
    auto report = [&](const std::string& what, const std::string& text, const prepared_event& ev) {
        if (++misses > 10) return;
        std::cerr << what << "\n  expression: " << text << "\n  event:      " << ev.text << "\n";
        CHECK(false);
    };
    for (size_t i = 0; i < expression_count; ++i) {
        std::string text = gen.condition(3);
        auto parsed = vigil::dsl::parse_expression(text);
        if (!parsed.ast) FAIL("generated expression does not parse: " << text << "\n  " << parsed.problems.at(0).message);
        vigil::engine::constant_pool pool;
        auto compiled = vigil::engine::compile_expression(*parsed.ast, vigil::engine::name_scope{}, pool);
        REQUIRE(compiled.problems.empty());
        vigil::engine::rule_variant as_rule;
        as_rule.conditions.push_back(compiled.node);
        const auto clauses = vigil::engine::required_literals(as_rule);
        const auto equalities = vigil::engine::required_equalities(as_rule);
        with_literals += clauses.empty() ? 0 : 1;
        with_equalities += equalities.empty() ? 0 : 1;
        for (size_t k = 0; k < events_per_expression; ++k) {
            const auto& ev = events[r.below(events.size())];
            ctx.reset(ev.doc->root(), nullptr);
            if (!vigil::engine::holds(as_rule.conditions[0], ctx)) continue;
            if (!clauses.empty() && ev.text.find("\\u") == std::string::npos) {
                ++literal_checks;
                for (const auto& clause : clauses) {
                    bool found = clause_in_text(clause, ev.text);
                    if (!found) report("the prefilter would skip a line whose condition holds (clause starting \"" + clause.at(0) + "\")", text, ev);
                }
            }
            for (const auto& eq : equalities) {
                ++equality_checks;
                ctx.reset(ev.doc->root(), nullptr);
                vigil::engine::value v = vigil::engine::evaluate(*eq.node, ctx);
                bool filed = v.type() == vigil::engine::value_type::string &&
                             std::find(eq.values.begin(), eq.values.end(), std::string(v.as_string())) != eq.values.end();
                if (!filed) report("the equality index would not offer a rule whose condition holds (" + eq.identity + ")", text, ev);
            }
        }
    }
    INFO("seed " << seed << ": " << with_literals << " expressions with literals, " << with_equalities << " with equalities; "
                 << literal_checks << " literal checks, " << equality_checks << " equality checks, " << misses << " misses");
    CHECK(misses == 0);
    // Enough of each kind to mean something (this seed: about 800 and 200 expressions, 2600 and 300 checks).
    CHECK(with_literals > expression_count / 8);
    CHECK(with_equalities > expression_count / 40);
    CHECK(literal_checks > 1000);
    CHECK(equality_checks > 100);
}

namespace {

// The library the reuse differential uses: lists of mixed kinds, macros with and without parameters,
// a macro using a macro and a list, and a parameter used twice.
const char* reuse_library_yaml = R"(
AnalysisType: list
ListID: codes
Items: [401, 403, "403", 1.5]
---
AnalysisType: list
ListID: names
Items: ["a", "abc", "client auth", "system:node"]
---
AnalysisType: list
ListID: nothing
Items: []
---
AnalysisType: macro
MacroID: is_a
Expression: s eq "a" or o.s eq "a"
---
AnalysisType: macro
MacroID: has
Parameters: [v, w]
Expression: v contains w or v eq w
---
AnalysisType: macro
MacroID: coded
Parameters: [v]
Expression: v in list(codes) or macro(is_a)
---
AnalysisType: macro
MacroID: pick
Parameters: [v]
Expression: coalesce(v, s)
)";

struct reuse_form {
    std::string with_uses;    // list(...) and macro(...) calls
    std::string substituted;  // what they name, as text
};

class reuse_generator {
public:
    reuse_generator(random_source& r, expression_generator& gen) : r_(r), gen_(gen) {}

    reuse_form condition(int depth) {
        if (depth <= 0 || r_.percent(40)) return atom(depth);
        reuse_form a = condition(depth - 1), b = condition(depth - 1);
        const char* word = r_.percent(50) ? " and " : " or ";
        if (r_.percent(15)) return {"not (" + a.with_uses + ")", "not (" + a.substituted + ")"};
        return {"(" + a.with_uses + ")" + word + "(" + b.with_uses + ")", "(" + a.substituted + ")" + word + "(" + b.substituted + ")"};
    }

private:
    random_source& r_;
    expression_generator& gen_;

    std::string plain(int depth) { return gen_.any_value(depth).text; }

    reuse_form atom(int depth) {
        static const std::vector<std::pair<std::string, std::string>> lists = {
            {"list(codes)", R"([401, 403, "403", 1.5])"},
            {"list(names)", R"(["a", "abc", "client auth", "system:node"])"},
            {"list(nothing)", "[]"}};
        static const std::vector<std::string> subjects = {"s", "n", "f", "o.s", "l[0]", "l", "missing"};
        switch (r_.below(6)) {
            case 0: return {"macro(is_a)", R"((s eq "a" or o.s eq "a"))"};
            case 1: {
                std::string v = plain(depth - 1), w = plain(depth - 1);
                return {"macro(has(" + v + ", " + w + "))", "((" + v + ") contains (" + w + ") or (" + v + ") eq (" + w + "))"};
            }
            case 2: {
                std::string v = r_.percent(60) ? r_.pick(subjects) : plain(depth - 1);
                return {"macro(coded(" + v + "))", R"(((()" + v + R"() in [401, 403, "403", 1.5]) or ((s eq "a" or o.s eq "a"))))"};
            }
            case 3: {
                std::string v = plain(depth - 1);
                const auto& l = r_.pick(lists);
                return {"macro(pick(" + v + ")) in " + l.first, "(coalesce((" + v + "), s)) in " + l.second};
            }
            default: {
                const auto& l = r_.pick(lists);
                std::string v = r_.percent(70) ? r_.pick(subjects) : "(" + plain(depth - 1) + ")";
                const char* op = r_.percent(25) ? " not in " : " in ";
                return {v + op + l.first, v + op + l.second};
            }
        }
    }
};

}  // namespace

TEST_CASE("differential: list and macro uses agree with their text substituted in place", "[engine][differential][reuse]") {
    const uint64_t seed = from_environment("VIGIL_DIFFERENTIAL_SEED", 0x5eed'c0de'2026ull) + 7;
    constexpr size_t expression_count = 3000;
    constexpr size_t events_per_expression = 4;
    vigil::dsl::document_set docs;
    vigil::dsl::diagnostics diags;
    vigil::dsl::load_document_text("reuse.yml", reuse_library_yaml, docs, diags);
    REQUIRE_FALSE(diags.has_errors());
    REQUIRE(docs.lists.size() == 3);
    REQUIRE(docs.macros.size() == 4);
    const auto library = vigil::engine::make_reuse_library(docs.lists, docs.macros);

    random_source r(seed);
    std::vector<prepared_event> events;
    for (size_t i = 0; i < 96; ++i) {
        prepared_event e;
        e.text = (r.percent(25) ? random_event(r) : requirement_event(r)).dump();
        e.reference = vigil::reference::normalise(json::parse(e.text));
        e.doc = std::make_unique<vigil::engine::event_document>();
        REQUIRE(e.doc->parse(e.text));
        events.push_back(std::move(e));
    }
    expression_generator values(r);
    reuse_generator gen(r, values);
    vigil::engine::event_context ctx;
    size_t pairs = 0, held = 0, mismatches = 0, rejected = 0, prefilter_checks = 0;
    for (size_t i = 0; i < expression_count; ++i) {
        reuse_form form = gen.condition(2);
        auto parsed = vigil::dsl::parse_expression(form.with_uses);
        auto reference_parsed = vigil::dsl::parse_expression(form.substituted);
        if (!parsed.ast || !reference_parsed.ast)
            FAIL("generated expression does not parse: " << form.with_uses << "\n  or: " << form.substituted);
        vigil::engine::constant_pool pool;
        vigil::engine::name_scope scope;
        scope.reuse = vigil::engine::reuse_scope{&library, nullptr};
        auto compiled = vigil::engine::compile_expression(*parsed.ast, scope, pool);
        if (!compiled.problems.empty()) {
            // The same kind errors the main differential skips (a literal of a kind that never works).
            vigil::engine::constant_pool other;
            auto direct = vigil::engine::compile_expression(*reference_parsed.ast, vigil::engine::name_scope{}, other);
            INFO(form.with_uses << "\n  " << compiled.problems.at(0).message);
            REQUIRE_FALSE(direct.problems.empty());  // rejected with uses only if rejected as text too
            ++rejected;
            continue;
        }
        vigil::engine::rule_variant as_rule;
        as_rule.conditions.push_back(compiled.node);
        const auto clauses = vigil::engine::required_literals(as_rule);
        for (size_t k = 0; k < events_per_expression; ++k) {
            const auto& ev = events[r.below(events.size())];
            ctx.reset(ev.doc->root(), nullptr);
            bool engine_holds = vigil::engine::holds(compiled.node, ctx);
            json reference = vigil::reference::evaluate(*reference_parsed.ast, ev.reference);
            bool reference_holds = vigil::reference::truthy(reference);
            ++pairs;
            held += engine_holds ? 1 : 0;
            if (engine_holds != reference_holds && ++mismatches <= 10) {
                std::cerr << "reuse mismatch\n  with uses:   " << form.with_uses << "\n  substituted: " << form.substituted
                          << "\n  event:       " << ev.text << "\n  engine holds=" << engine_holds << ", reference holds=" << reference_holds << "\n";
                CHECK(engine_holds == reference_holds);
            }
            if (engine_holds && ev.text.find("\\u") == std::string::npos) {
                for (const auto& clause : clauses) {
                    ++prefilter_checks;
                    bool found = clause_in_text(clause, ev.text);
                    if (!found) {
                        std::cerr << "the prefilter would skip a line whose macro condition holds\n  " << form.with_uses << "\n  " << ev.text << "\n";
                        CHECK(found);
                    }
                }
            }
        }
    }
    INFO(pairs << " pairs, " << held << " held, " << mismatches << " mismatches, " << rejected << " rejected, " << prefilter_checks
               << " prefilter checks");
    CHECK(mismatches == 0);
    CHECK(rejected < expression_count / 4);
    CHECK(held > pairs / 10);
    CHECK(held < pairs * 9 / 10);
    CHECK(prefilter_checks > 100);
}

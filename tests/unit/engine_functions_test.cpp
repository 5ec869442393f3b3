// Built-in functions on normal, null, wrong-type and edge inputs; laziness of if/coalesce; constant folding.
#include "engine_test_support.hpp"

#include "engine/evaluator.hpp"

#include <catch2/catch.hpp>

using vigil::engine_test::compiled_expression;
using vigil::engine_test::evaluate_text;
using vigil::engine_test::event_fixture;
using vigil::engine_test::value_text;
using json = nlohmann::ordered_json;

namespace {

// One event with a value of every type, shared by the tables below.
const char* const event = R"({"s": "a.b.c", "csv": "a,,b,", "n": 5, "f": 1.5, "t": true, "z": null,
                              "l": [1, 2, 3], "o": {"k": 1, "K2": "x"}, "e": "", "el": [], "eo": {},
                              "mixed": ["a", null, 1, true, [2], {"k": "v"}, 1.5],
                              "doc": "{\"verb\":\"create\",\"user\":{\"name\":\"bob\"}}", "doc2": "{\"verb\":\"get\"}",
                              "bad": "{\"verb\":\"cre", "utf8": "\u00e9A", "sn": "1"})";

void check_rows(std::initializer_list<vigil::engine_test::value_row> rows) { vigil::engine_test::check_value_rows(rows, event); }

}  // namespace

TEST_CASE("split", "[engine][functions]") {
    check_rows({
        {R"(split(s, "."))", R"(["a", "b", "c"])"},
        {R"(split(csv, ","))", R"(["a", "", "b", ""])"},  // empty pieces are kept
        {R"(split(",x,", ","))", R"(["", "x", ""])"},
        {R"(split(e, ","))", R"([""])"},
        {R"(split("abc", ","))", R"(["abc"])"},
        {R"(split("a::b::", "::"))", R"(["a", "b", ""])"},
        {R"(split(s, ""))", "null"},                      // an empty separator splits nothing
        {R"(split(z, ","))", "null"},
        {R"(split(missing, ","))", "null"},
        {R"(split(n, ","))", "null"},
        {R"(split(l, ","))", "null"},
        {R"(split(s, null))", "null"},
        {"split(s, n)", "null"},
        {R"(split(s, ".")[1])", R"("b")"},
        {R"(len(split(s, ".")))", "3"},
    });
}

TEST_CASE("first, last, at", "[engine][functions]") {
    check_rows({
        {"first(l)", "1"},
        {"last(l)", "3"},
        {"first(el)", "null"},
        {"last(el)", "null"},
        {"at(l, 0)", "1"},
        {"at(l, 2)", "3"},
        {"at(l, 3)", "null"},
        {"at(l, -1)", "3"},
        {"at(l, -3)", "1"},
        {"at(l, -4)", "null"},
        {"at(l, 9223372036854775807)", "null"},
        {"at(l, -9223372036854775808)", "null"},
        {"at(l, f)", "null"},         // an index is an int (a literal float is a load error)
        {"at(l, sn)", "null"},
        {"at(l, null)", "null"},
        {"at(l, t)", "null"},
        {"at(el, 0)", "null"},
        {"first(s)", "null"},         // not a list
        {"last(o)", "null"},
        {"first(z)", "null"},
        {"first(missing)", "null"},
        {"at(n, 0)", "null"},
        {"first(mixed)", R"("a")"},
        {"at(mixed, 1)", "null"},
        {"at(mixed, -2)", R"({"k": "v"})"},
        {"at(mixed, 5).k", R"("v")"},
        {"first([7, 8])", "7"},
        {"last([[1, 2]])[1]", "2"},
    });
}

TEST_CASE("len", "[engine][functions]") {
    check_rows({
        {"len(s)", "5"},
        {"len(e)", "0"},
        {"len(utf8)", "3"},  // bytes, not characters
        {"len(l)", "3"},
        {"len(el)", "0"},
        {"len(o)", "2"},
        {"len(eo)", "0"},
        {"len(mixed)", "7"},
        {"len(n)", "null"},
        {"len(f)", "null"},
        {"len(t)", "null"},
        {"len(z)", "null"},
        {"len(missing)", "null"},
        {"len([])", "0"},
        {R"(len("abc"))", "3"},
    });
}

TEST_CASE("lower and upper", "[engine][functions]") {
    check_rows({
        {R"(lower("AbC-1"))", R"("abc-1")"},
        {R"(upper("aBc-1"))", R"("ABC-1")"},
        {"lower(utf8)", R"("\u00e9a")"},  // ASCII only: the é is left alone
        {"upper(utf8)", R"("\u00e9A")"},
        {"lower(e)", R"("")"},
        {"lower(n)", "null"},
        {"upper(l)", "null"},
        {"lower(z)", "null"},
        {"upper(missing)", "null"},
        {R"(lower(s) eq "a.b.c")", "true"},
    });
}

TEST_CASE("parse_json: valid values, objects as they are, and null with a read error otherwise", "[engine][functions]") {
    check_rows({
        {"parse_json(doc).verb", R"("create")"},
        {"parse_json(doc).user.name", R"("bob")"},
        {"parse_json(doc)", R"({"verb": "create", "user": {"name": "bob"}})"},
        {R"(parse_json("[1, 2]"))", "[1, 2]"},
        {R"(parse_json("5"))", "5"},
        {R"(parse_json("\"x\""))", R"("x")"},
        {R"(parse_json("null"))", "null"},        // valid JSON null: no error
        // An object is already decoded (collectors decode AKS's properties.log): taken as it is.
        {"parse_json(o)", R"({"k": 1, "K2": "x"})"},
        {"parse_json(o).K2", R"("x")"},
        {"parse_json(eo)", "{}"},
        {R"(parse_json(object("verb", "get")).verb)", R"("get")"},
        // Two documents parsed in one evaluation stay valid side by side.
        {"[parse_json(doc).verb, parse_json(doc2).verb]", R"(["create", "get"])"},
        {"parse_json(doc).verb eq parse_json(doc2).verb", "false"},
    });
    // Invalid JSON text, and every kind that cannot hold JSON text: never a silent null.
    for (const char* bad : {"parse_json(bad)", R"(parse_json(""))", R"(parse_json("{"))", R"(parse_json("[1,]"))",
                            R"(parse_json("nul"))", R"(parse_json("1 2"))", "parse_json(n)", "parse_json(f)", "parse_json(t)",
                            "parse_json(z)", "parse_json(missing)", "parse_json(l)", "parse_json(el)"}) {
        INFO(bad);
        auto r = evaluate_text(bad, event);
        CHECK(r.value.is_null());
        REQUIRE(r.read_errors.size() == 1);
        CHECK(r.read_errors[0].find("parse_json") != std::string::npos);
    }
    auto r = evaluate_text("parse_json(bad).verb", event);
    CHECK(r.value.is_null());
    CHECK(r.read_errors.size() == 1);
    // Read errors belong to one event: the next reset clears them.
    compiled_expression e("parse_json(bad)");
    event_fixture ev(event);
    (void)vigil::engine::evaluate(e.node(), ev.reset());
    CHECK(ev.reset().read_errors().empty());
}

TEST_CASE("coalesce", "[engine][functions]") {
    check_rows({
        {"coalesce(z, missing, n)", "5"},
        {"coalesce(missing, 0, 1)", "0"},       // 0 is not null
        {R"(coalesce(e, "x"))", R"("")"},        // "" is not null
        {"coalesce(false, true)", "false"},
        {"coalesce(el, l)", "[]"},
        {"coalesce(missing)", "null"},
        {"coalesce(z, missing.x, l[9])", "null"},
        {R"(coalesce(s))", R"("a.b.c")"},
    });
    // Arguments after the first non-null one are not evaluated.
    auto r = evaluate_text("coalesce(s, parse_json(bad))", event);
    CHECK(r.value == "a.b.c");
    CHECK(r.read_errors.empty());
    r = evaluate_text("coalesce(missing, parse_json(bad), 1)", event);
    CHECK(r.value == 1);
    CHECK(r.read_errors.size() == 1);
}

TEST_CASE("if evaluates only the chosen branch", "[engine][functions]") {
    check_rows({
        {"if(true, 1, 2)", "1"},
        {"if(false, 1, 2)", "2"},
        {"if(n eq 5, \"five\", \"other\")", R"("five")"},
        {"if(missing, 1, 2)", "2"},  // the condition by truthiness
        {"if(el, 1, 2)", "2"},
        {"if(l, 1, 2)", "1"},
        {"if(e, 1, 2)", "2"},
        {"if(s, missing, 2)", "null"},
    });
    // The untaken branch's parse_json must not run: no read error.
    auto r = evaluate_text("if(true, \"ok\", parse_json(bad))", event);
    CHECK(r.value == "ok");
    CHECK(r.read_errors.empty());
    r = evaluate_text("if(bad is_null, parse_json(bad), \"fine\")", event);
    CHECK(r.value == "fine");
    CHECK(r.read_errors.empty());
    r = evaluate_text("if(bad is_not_null, parse_json(bad), \"fine\")", event);
    CHECK(r.value.is_null());
    CHECK(r.read_errors.size() == 1);
    r = evaluate_text("if(parse_json(doc).verb eq \"create\", 1, parse_json(bad))", event);
    CHECK(r.value == 1);
    CHECK(r.read_errors.empty());
}

TEST_CASE("type_of", "[engine][functions]") {
    check_rows({
        {"type_of(missing)", R"("null")"},
        {"type_of(z)", R"("null")"},
        {"type_of(t)", R"("bool")"},
        {"type_of(n)", R"("int")"},
        {"type_of(f)", R"("float")"},
        {"type_of(s)", R"("string")"},
        {"type_of(e)", R"("string")"},
        {"type_of(l)", R"("list")"},
        {"type_of(el)", R"("list")"},
        {"type_of(o)", R"("object")"},
        {"type_of(eo)", R"("object")"},
        {"type_of(split(s, \".\"))", R"("list")"},
        {"type_of([1])", R"("list")"},
        {"type_of(parse_json(doc))", R"("object")"},
        {"type_of(n eq 5)", R"("bool")"},
        {"type_of(len(s))", R"("int")"},
        {"type_of(1.0)", R"("float")"},
        {"type_of(null)", R"("null")"},
        {"type_of(s + s)", R"("string")"},
    });
}

TEST_CASE("string", "[engine][functions]") {
    check_rows({
        {"string(s)", R"("a.b.c")"},
        {"string(e)", R"("")"},
        {"string(n)", R"("5")"},
        {"string(-7)", R"("-7")"},
        {"string(f)", R"("1.5")"},
        {"string(t)", R"("true")"},
        {"string(false)", R"("false")"},
        {"string(l)", R"("[1,2,3]")"},
        {"string(mixed)", R"("[\"a\",null,1,true,[2],{\"k\":\"v\"},1.5]")"},
        {"string(o)", R"("{\"k\":1,\"K2\":\"x\"}")"},  // compact JSON, document key order
        {"string(eo)", R"("{}")"},
        {"string(el)", R"("[]")"},
        {"string(z)", "null"},                        // null stays null (so coalesce can replace it)
        {"string(missing)", "null"},
        {"string(utf8)", R"("\u00e9A")"},
        {"string(split(s, \".\"))", R"("[\"a\",\"b\",\"c\"]")"},
    });
}

TEST_CASE("join", "[engine][functions]") {
    check_rows({
        {R"(join(split(s, "."), "/"))", R"("a/b/c")"},
        {R"(join(l, ", "))", R"("1, 2, 3")"},
        {R"(join(el, ","))", R"("")"},
        {R"(join(["x"], ","))", R"("x")"},
        {R"(join(mixed, "|"))", R"("a||1|true|[2]|{\"k\":\"v\"}|1.5")"},  // null as empty, others as text
        {R"(join(l, ""))", R"("123")"},
        {R"(join(s, ","))", "null"},
        {R"(join(o, ","))", "null"},
        {R"(join(missing, ","))", "null"},
        {"join(l, n)", "null"},
        {"join(l, null)", "null"},
    });
}

TEST_CASE("slice", "[engine][functions]") {
    check_rows({
        {"slice(l, 1)", "[2, 3]"},
        {"slice(l, 0)", "[1, 2, 3]"},
        {"slice(l, 1, 2)", "[2]"},
        {"slice(l, -2)", "[2, 3]"},        // negative: from the end
        {"slice(l, 0, -1)", "[1, 2]"},
        {"slice(l, 5)", "[]"},             // clamped, never out of range
        {"slice(l, -9, 9)", "[1, 2, 3]"},
        {"slice(l, 2, 1)", "[]"},
        {"slice(el, 0)", "[]"},
        {R"(join(slice(split("core/v1/nodes/n1/proxy/metrics", "/"), 4), "/"))", R"("proxy/metrics")"},
        // Slices of a split are splits of the text they span (no storage): the same parts.
        {R"(slice(split(s, "."), 1))", R"(["b", "c"])"},
        {R"(slice(split(s, "."), 0, 2))", R"(["a", "b"])"},
        {R"(slice(split(s, "."), 1, 2))", R"(["b"])"},
        {R"(slice(split(s, "."), -1))", R"(["c"])"},
        {R"(slice(split(s, "."), 1, 1))", "[]"},
        {R"(slice(split(csv, ","), 1, 3))", R"(["", "b"])"},
        {R"(slice(split(csv, ","), 3))", R"([""])"},
        {R"(len(slice(split(csv, ","), 2)))", "2"},
        {"slice(mixed, 4, 6)", R"([[2], {"k": "v"}])"},
        {"slice(s, 1)", "null"},           // lists only: a byte slice of a string could cut a UTF-8 sequence
        {"slice(o, 0)", "null"},
        {"slice(missing, 0)", "null"},
        {"slice(l, f)", "null"},
        {"slice(l, sn)", "null"},
        {"slice(l, null)", "null"},
        {"slice(l, 0, null)", "[1, 2, 3]"},  // no end: to the end
        {"slice(l, 0, f)", "null"},
    });
}

TEST_CASE("object", "[engine][functions]") {
    check_rows({
        {R"(object("code", n, "message", s))", R"({"code": 5, "message": "a.b.c"})"},
        {R"(object("code", n, "gone", missing))", R"({"code": 5})"},  // null members are left out
        {R"(object("a", z))", "{}"},
        {R"(object("a", 1, "a", 2))", R"({"a": 1})"},                 // a repeated key: the first wins
        {R"(object(n, 1, "b", 2))", R"({"b": 2})"},                   // a key that is not a string is left out
        {R"(object("x", l, "y", o).y.K2)", R"("x")"},
        {R"(object("x", l).x[1])", "2"},
        {R"(len(object("a", 1, "b", 2)))", "2"},
        {R"(object("a", 1) contains "a")", "true"},
        {R"("b" in object("a", 1))", "false"},
        {R"(object("k", 1, "K2", "x") eq o)", "true"},                // objects compare by members
        {R"(object("k", 1) eq o)", "false"},
        {R"(type_of(object("a", 1)))", R"("object")"},
        {R"(string(object("a", 1, "b", [true])))", R"("{\"a\":1,\"b\":[true]}")"},
        {R"(object("a", 1) is_not_null)", "true"},
        {R"(if(object("a", z), 1, 0))", "0"},                          // an empty object is falsy
    });
}

TEST_CASE("+ joins two strings, and only two strings", "[engine][functions]") {
    check_rows({
        {R"("a" + "b")", R"("ab")"},
        {R"(s + "/" + s)", R"("a.b.c/a.b.c")"},
        {R"("" + "")", R"("")"},
        {R"("n=" + string(n))", R"("n=5")"},   // a number is joined as text only when asked
        {R"("n=" + n)", "null"},               // a string and a number: null at run time
        {R"("l=" + l)", "null"},
        {R"("t=" + t)", "null"},
        {R"("a" + null)", "null"},             // any null part makes the whole null
        {R"(missing + "x")", "null"},
        {R"("x" + z + "y")", "null"},
        {R"(coalesce("u=" + missing, "none"))", R"("none")"},
        {R"(lower("A" + "B"))", R"("ab")"},
    });
}

TEST_CASE("arithmetic on numbers", "[engine][functions]") {
    check_rows({
        {"1 + 2", "3"},
        {"n + 1", "6"},
        {"n - 7", "-2"},
        {"n * 3", "15"},
        {"n / 2", "2"},                     // int / int truncates toward zero
        {"-7 / 2", "-3"},
        {"n % 3", "2"},
        {"-7 % 3", "-1"},                   // the remainder has the dividend's sign
        {"f + 1", "2.5"},                   // with a float, float arithmetic
        {"n / 2.0", "2.5"},
        {"f * 2", "3.0"},
        {"7.5 % 2", "1.5"},
        {"1 + 2 * 3", "7"},                 // * / % bind tighter than + -
        {"(1 + 2) * 3", "9"},
        {"10 - 4 - 3", "3"},                // left to right
        {"2 * 3 % 4", "2"},
        {"n / 0", "null"},                  // division by zero: null, not a crash
        {"n % 0", "null"},
        {"f / 0", "null"},
        {"f % 0.0", "null"},
        {"9223372036854775807 + 1", "null"},  // int overflow: null, not undefined behaviour
        {"-9223372036854775808 - 1", "null"},
        {"-9223372036854775808 / -1", "null"},
        {"4611686018427387904 * 2", "null"},
        {"1e308 * 10", "null"},             // not finite: null
        {"n + z", "null"},
        {"n + missing", "null"},
        {"n + s", "null"},                  // a number and a string: null at run time
        {"n + l", "null"},
        {"t + 1", "null"},
        {"n + sn", "null"},                 // a numeric string is not a number here: int(sn) is
        {"n + int(sn)", "6"},
        {"len(l) * 2 eq 6", "true"},
        {"n - -1", "6"},
    });
}

TEST_CASE("int and float", "[engine][functions]") {
    check_rows({
        {"int(n)", "5"},
        {"int(f)", "1"},
        {"int(-1.9)", "-1"},
        {"int(sn)", "1"},
        {R"(int("2.75"))", "2"},
        {R"(int("1e3"))", "1000"},
        {R"(int(" 5"))", "null"},
        {R"(int("x"))", "null"},
        {"int(t)", "null"},
        {"int(z)", "null"},
        {"int(l)", "null"},
        {"int(1e300)", "null"},             // beyond int64
        {"float(n)", "5.0"},
        {"float(sn)", "1.0"},
        {"float(f)", "1.5"},
        {R"(float("abc"))", "null"},
        {"float(missing)", "null"},
        {"type_of(int(f))", R"("int")"},
        {"type_of(float(n))", R"("float")"},
    });
}

TEST_CASE("constant sub-expressions are folded at compile time", "[engine][functions]") {
    using vigil::engine::op_code;
    compiled_expression folded(R"(lower("ABC") eq "abc")");
    CHECK(folded.node().code == op_code::constant);
    CHECK(folded.node().kids.empty());
    CHECK(vigil::engine::to_json(folded.node().constant) == true);

    compiled_expression list(R"(split("a.b", "."))");
    REQUIRE(list.node().code == op_code::constant);
    event_fixture ev("{}");
    // The folded list lives in the constant pool, not in a compile-time scratch arena.
    CHECK(vigil::engine::to_json(vigil::engine::evaluate(list.node(), ev.reset())).dump() == R"(["a","b"])");
    // A folded object too: its keys and members are copied into the pool.
    compiled_expression obj(R"(object("code", 403, "rest", slice(split("a.b.c", "."), 1)))");
    REQUIRE(obj.node().code == op_code::constant);
    CHECK(vigil::engine::to_json(vigil::engine::evaluate(obj.node(), ev.reset())).dump() == R"({"code":403,"rest":["b","c"]})");

    CHECK(compiled_expression(R"([1, "x", [true]])").node().code == op_code::constant);
    CHECK(compiled_expression(R"(if(len("ab") eq 2, "y", "n"))").node().code == op_code::constant);
    CHECK(compiled_expression(R"(not ("a" in ["a"]) or 1 gt 2)").node().code == op_code::constant);
    CHECK(compiled_expression(R"("a" + "b")").node().code == op_code::constant);
    // Not folded: anything that reads the event, and parse_json (it reports per-event read errors).
    CHECK(compiled_expression(R"(lower(x) eq "abc")").node().code == op_code::compare);
    CHECK(compiled_expression(R"(parse_json("{}"))").node().code == op_code::call);
    CHECK(compiled_expression(R"(if(true, parse_json("x"), 1))").node().code == op_code::call);
    // Folding never changes a result: the same expressions with one input made non-constant agree.
    const char* const pairs[][2] = {
        {R"(lower("ABC") eq "abc")", R"(lower(c.u) eq "abc")"},
        {R"(join(split("a.b", "."), "-"))", R"(join(split(c.d, "."), "-"))"},
        {R"(type_of([1]) + string(1.5))", R"(type_of([c.one]) + string(c.f))"},
        {R"("403" ge 400)", R"(c.s ge 400)"},
        {R"(object("a", slice([1, 2, 3], 1)))", R"(object("a", slice([c.one, 2, 3], 1)))"},
    };
    event_fixture constants(R"({"c": {"u": "ABC", "d": "a.b", "one": 1, "f": 1.5, "s": "403"}})");
    for (const auto& [k, v] : pairs) {
        INFO(k << " vs " << v);
        compiled_expression a(k), b(v);
        CHECK(a.node().code == op_code::constant);
        CHECK(b.node().code != op_code::constant);
        CHECK(vigil::engine::to_json(vigil::engine::evaluate(a.node(), constants.reset())).dump() ==
              vigil::engine::to_json(vigil::engine::evaluate(b.node(), constants.reset())).dump());
    }
}

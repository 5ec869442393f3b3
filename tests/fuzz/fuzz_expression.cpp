// libFuzzer target: one expression string through parse, check and compile (no data model in scope).
#include "dsl/expression_parser.hpp"
#include "engine/compiler.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto parsed = vigil::dsl::parse_expression(text);
    // A parse error is a valid outcome; only an AST goes on to the check and compile steps.
    if (!parsed.ast) return 0;
    vigil::engine::constant_pool pool;
    // An empty scope: every root name is a raw event path, as in a rule whose log type has no model.
    vigil::engine::name_scope scope;
    auto compiled = vigil::engine::compile_expression(*parsed.ast, scope, pool);
    (void)compiled;
    return 0;
}

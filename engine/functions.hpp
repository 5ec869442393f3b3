// The built-in functions of the expression language (names and arities in dsl/function_catalog).
#pragma once

#include "engine/event_context.hpp"
#include "engine/program.hpp"

#include <optional>

namespace vigil::engine {

std::optional<function_id> function_by_name(std::string_view name);
value call_function(const compiled_node& call, event_context& ctx);
// Whether a call may be folded at compile time (pure, and needs no per-event resources).
bool is_foldable(function_id fn);

}  // namespace vigil::engine

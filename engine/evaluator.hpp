// Evaluates compiled expressions over an event context.
#pragma once

#include "engine/event_context.hpp"
#include "engine/program.hpp"

namespace vigil::engine {

value evaluate(const compiled_node& n, event_context& ctx);
// The condition form: comparisons and logic directly as bool, other values by truthiness.
bool holds(const compiled_node& n, event_context& ctx);
// Follows `path` from `start` (keys into objects, indexes into lists, negative from the end; `[*]`
// maps the rest over a list, with its result list in the context's scratch).
value follow_path(value start, const std::vector<path_step>& path, event_context& ctx);

}  // namespace vigil::engine

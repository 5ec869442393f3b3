// Finds fields a rule reads that nothing defines: likely typos, reported by `vigil check`.
#pragma once

#include "dsl/diagnostics.hpp"
#include "engine/ruleset.hpp"

namespace vigil::tools {

// Warns for each root name a rule reads that no data model of its log types defines, that no test
// log of the rule contains, and that is not a standard p_ field; and for each name that the data
// models of some of its log types define while others read it from the raw event.
void warn_unknown_fields(const engine::ruleset& rs, dsl::diagnostics& diags);

}  // namespace vigil::tools

// In-file silencing of lint warnings: `# vigil: ignore CODE[,CODE...] REASON` on the warning's line
// or on the line above it.
#pragma once

#include "dsl/diagnostics.hpp"
#include "dsl/document_loader.hpp"

#include <cstddef>

namespace vigil::tools {

// Drops every coded warning silenced by such a comment and returns how many were dropped. A comment
// without a reason, or naming no V-code, silences nothing and is itself a warning (V100), so that
// every silenced warning says why in the file. The lines are the texts the loader read (`docs`).
size_t apply_suppressions(dsl::diagnostics& diags, const dsl::document_set& docs);

}  // namespace vigil::tools

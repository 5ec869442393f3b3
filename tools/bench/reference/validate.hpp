// Full JSON validation of an already-indexed On Demand document (the scans skip most of a line unchecked).
#pragma once

#include "json_read.hpp"

namespace vigil::reference {

// Rewinds doc and walks every value: structure, key and string escapes, number grammar, literals, no
// trailing content. Integers of any size and exponents of any size are valid, as for json.loads.
// Rewinding reuses the parser's string buffer: string views taken from doc before are invalid afterwards.
error_code validate_document(od::document& doc) noexcept;

}  // namespace vigil::reference

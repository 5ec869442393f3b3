// Bounds on a YAML document before its readers walk it: text encoding, nesting depth, alias cycles
// and alias expansion. What passes can be converted (test Logs, Reports) without running away.
#pragma once

#include "dsl/diagnostics.hpp"
#include "dsl/source_file.hpp"

#include <cstddef>
#include <optional>
#include <string_view>

namespace YAML {
class Node;
}

namespace vigil::dsl {

class yaml_reader;

// Nesting deeper than this, in YAML or in a JSON text inside it, is an error (as in expressions).
constexpr size_t max_yaml_depth = 256;

// yaml-cpp shares an aliased node; a reader that converts a subtree (or parses a scalar) does it once
// per alias, so ~600 bytes of nested aliases make 10^9 values. The budget counts values plus the
// bytes of their text as readers see them, over one document. Without aliases each value and each
// byte of its text is spelled in the file (a value's text is never longer than its spelling), so a
// document never reaches twice its file's size; with aliases, expansion stops there.
inline size_t yaml_value_budget(size_t file_bytes) { return 100'000 + 2 * file_bytes; }

// Reports every NUL byte and invalid UTF-8 sequence of a file's text (rule files are UTF-8 text;
// a bad byte reached alerts and JSON reports and threw there). True when there is none.
bool check_text_encoding(const source_file& file, diagnostics& diags);

// Walks `doc` as the readers will, aliases expanded: reports nesting past max_yaml_depth, an alias
// that contains itself, expansion past `budget` values, and NUL or invalid UTF-8 in a scalar's
// value (a "\0" escape). True when the document can be read.
bool check_yaml_bounds(yaml_reader& r, const YAML::Node& doc, size_t budget);

// yaml-cpp gives up on deep nesting with a position at the end of it: the offset of the flow
// bracket that opens level max_yaml_depth + 1, found by counting brackets outside quoted scalars
// and comments (best effort: only used to place that message), if there is one.
std::optional<size_t> deep_nesting_offset(std::string_view text);

// yaml-cpp 0.7's LoadAll loops forever, allocating a document per turn, on some malformed texts (a
// quoted scalar followed by a comma on a `---` line: `--- "a", b`): its parser starts a document at
// the same place again and again without consuming input. This runs the parser once over `file`
// with a handler that builds nothing, and reports the place where a document starts where the last
// one did (or the documents outnumber the bytes). True when LoadAll can run; parse errors are left
// to LoadAll, which meets them at the same place.
bool check_yaml_progress(const source_file& file, diagnostics& diags);

}  // namespace vigil::dsl

// Collected diagnostics (errors, warnings, notes) with file positions, printed GCC-style.
#pragma once

#include "dsl/source_file.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace vigil::dsl {

enum class severity_level { error, warning, note };

struct diagnostic {
    severity_level level = severity_level::error;
    file_position where;
    std::string message;
    std::string source_line;  // the line `where` points into, for the caret display
    std::string code;         // a lint warning's stable code ("V101", README "Lint codes"); empty otherwise
};

// Loading never stops at the first problem: everything is collected here, then printed at once.
class diagnostics {
public:
    void error(const file_position& where, std::string message, std::string_view source_line = {});
    void warning(const file_position& where, std::string message, std::string_view source_line = {});
    void note(const file_position& where, std::string message, std::string_view source_line = {});
    // A lint warning with its stable code (`vigil check --error-on CODE`, in-file `# vigil: ignore CODE reason`).
    void lint(std::string_view code, const file_position& where, std::string message);
    // Convenience: position and source line from a file and byte offset.
    void error_at(const source_file& file, uint32_t offset, std::string message);

    void add(diagnostic d);  // message and source line made valid UTF-8 ('?' for a bad byte)
    void append(const diagnostics& other);
    const std::vector<diagnostic>& items() const { return items_; }
    size_t error_count() const;
    size_t warning_count() const;
    bool has_errors() const { return error_count() > 0; }

private:
    std::vector<diagnostic> items_;
};

// file:line:col: error: message, then the source line and a caret under the column.
std::string format_diagnostic(const diagnostic& d);
void print_diagnostics(std::ostream& out, const diagnostics& ds);

// Closest candidate within a small edit distance, for "did you mean" hints; empty when none is close.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace vigil::dsl

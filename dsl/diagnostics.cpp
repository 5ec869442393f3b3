// Diagnostic collection and GCC-style rendering with source line and caret.
#include "dsl/diagnostics.hpp"

#include "dsl/utf8.hpp"

#include <algorithm>
#include <ostream>

namespace vigil::dsl {

void diagnostics::error(const file_position& where, std::string message, std::string_view source_line) {
    add({severity_level::error, where, std::move(message), std::string(source_line), {}});
}
void diagnostics::warning(const file_position& where, std::string message, std::string_view source_line) {
    add({severity_level::warning, where, std::move(message), std::string(source_line), {}});
}
void diagnostics::lint(std::string_view code, const file_position& where, std::string message) {
    add({severity_level::warning, where, std::move(message), {}, std::string(code)});
}
void diagnostics::note(const file_position& where, std::string message, std::string_view source_line) {
    add({severity_level::note, where, std::move(message), std::string(source_line), {}});
}

// Messages quote keys and values from the file and carry its lines: keep them valid text, so that
// printing them (or a JSON report of them) cannot fail on the very bytes being reported.
void diagnostics::add(diagnostic d) {
    d.message = printable_text(d.message);
    d.source_line = printable_text(d.source_line);
    items_.push_back(std::move(d));
}

void diagnostics::error_at(const source_file& file, uint32_t offset, std::string message) {
    auto pos = file.position_of(offset);
    error(pos, std::move(message), file.line_text(pos.line));
}

void diagnostics::append(const diagnostics& other) {
    items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

size_t diagnostics::error_count() const {
    return static_cast<size_t>(std::count_if(items_.begin(), items_.end(), [](auto& d) { return d.level == severity_level::error; }));
}
size_t diagnostics::warning_count() const {
    return static_cast<size_t>(std::count_if(items_.begin(), items_.end(), [](auto& d) { return d.level == severity_level::warning; }));
}

std::string format_diagnostic(const diagnostic& d) {
    static const char* names[] = {"error", "warning", "note"};
    std::string out = d.where.file;
    if (d.where.line) out += ":" + std::to_string(d.where.line) + ":" + std::to_string(d.where.column);
    out += std::string(": ") + names[static_cast<int>(d.level)] + (d.code.empty() ? "" : "[" + d.code + "]") + ": " + d.message + "\n";
    if (d.where.line && !d.source_line.empty()) {
        std::string num = std::to_string(d.where.line);
        std::string gutter(std::max<size_t>(num.size(), 5), ' ');
        // A line of a 30,000-digit number or of 600 brackets would fill the terminal: a long line
        // is shown as a window around the column, cut at character boundaries, marked with "...".
        constexpr size_t max_shown = 160, shown_before = 60;
        std::string_view line = d.source_line;
        size_t column = std::min<size_t>(d.where.column ? d.where.column - 1 : 0, line.size());
        std::string before, after;
        if (line.size() > max_shown) {
            auto continuation = [&](size_t i) { return i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80; };
            size_t start = column > shown_before ? column - shown_before : 0;
            while (continuation(start)) ++start;
            size_t end = std::min(line.size(), start + max_shown);
            while (end > start && continuation(end)) --end;
            if (start > 0) before = "...";
            if (end < line.size()) after = "...";
            line = line.substr(start, end - start);
            column = column > start ? column - start : 0;
        }
        out += gutter.substr(num.size()) + num + " | " + before + std::string(line) + after + "\n";
        std::string caret(before.size(), ' ');
        // Keep tabs so the caret lines up under the same terminal columns as the source line.
        for (size_t i = 0; i < column && i < line.size(); ++i) caret += line[i] == '\t' ? '\t' : ' ';
        out += gutter + " | " + caret + "^\n";
    }
    return out;
}

void print_diagnostics(std::ostream& out, const diagnostics& ds) {
    for (const auto& d : ds.items()) out << format_diagnostic(d);
}

namespace {
size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}
}  // namespace

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates) {
    std::string best;
    size_t best_d = std::max<size_t>(2, word.size() / 3) + 1;
    for (const auto& c : candidates) {
        size_t d = edit_distance(word, c);
        if (d < best_d) best_d = d, best = c;
    }
    return best;
}

}  // namespace vigil::dsl

// Bad-line reporting: never silent, never flooding (first N per kind, then a note, then counts).
#include "bad_lines.hpp"

#include <ostream>

namespace vigil::tools {

std::string_view bad_lines::name(bad_kind kind) {
    static constexpr std::string_view names[] = {"invalid JSON", "too long", "missing log type", "unknown log type",
                                                 "data model read error", "read error", "not an event"};
    return names[static_cast<size_t>(kind)];
}

void bad_lines::report(bad_kind kind, std::string_view file, uint64_t line, std::string_view detail, uint32_t index) {
    uint64_t n = ++counts_[static_cast<size_t>(kind)];
    if (n <= show_) {
        err_ << "vigil: " << file;
        if (line) err_ << ":" << line;
        if (index) err_ << "#" << index;
        err_ << ": " << name(kind) << ": " << detail << "\n";
    }
    if (n == show_ + 1) err_ << "vigil: more lines of kind '" << name(kind) << "' follow; they are counted, not shown\n";
}

void bad_lines::count_more(bad_kind kind, uint64_t n) {
    uint64_t& c = counts_[static_cast<size_t>(kind)];
    if (c <= show_ && c + n > show_) err_ << "vigil: more lines of kind '" << name(kind) << "' follow; they are counted, not shown\n";
    c += n;
}

uint64_t bad_lines::total() const {
    uint64_t t = 0;
    for (auto c : counts_) t += c;
    return t;
}

std::string bad_lines::summary() const {
    std::string out;
    for (size_t k = 0; k < counts_.size(); ++k) {
        if (!counts_[k]) continue;
        if (!out.empty()) out += ", ";
        out += std::to_string(counts_[k]) + " " + std::string(name(static_cast<bad_kind>(k)));
    }
    return out.empty() ? "none" : out;
}

}  // namespace vigil::tools

// Line indexing and scalar-to-file alignment, so errors inside a YAML string point at the file.
#include "dsl/source_file.hpp"

#include <algorithm>

namespace vigil::dsl {

source_file::source_file(std::string path, std::string text) : path_(std::move(path)), text_(std::move(text)) {
    line_starts_.push_back(0);
    for (uint32_t i = 0; i < text_.size(); ++i)
        if (text_[i] == '\n') line_starts_.push_back(i + 1);
}

file_position source_file::position_of(uint32_t byte_offset) const {
    byte_offset = std::min<uint32_t>(byte_offset, static_cast<uint32_t>(text_.size()));
    auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), byte_offset);
    uint32_t line = static_cast<uint32_t>(it - line_starts_.begin());
    return {path_, line, byte_offset - line_starts_[line - 1] + 1};
}

std::string_view source_file::line_text(uint32_t line) const {
    if (line == 0 || line > line_starts_.size()) return {};
    uint32_t b = line_starts_[line - 1];
    uint32_t e = line < line_starts_.size() ? line_starts_[line] : static_cast<uint32_t>(text_.size());
    std::string_view s(text_.data() + b, e - b);
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

uint32_t source_file::offset_of(uint32_t line, uint32_t column) const {
    if (line == 0 || line > line_starts_.size()) return static_cast<uint32_t>(text_.size());
    return std::min<uint32_t>(line_starts_[line - 1] + (column ? column - 1 : 0), static_cast<uint32_t>(text_.size()));
}

text_origin::text_origin(source_file_ptr file, uint32_t start, std::string_view value) : file_(std::move(file)) {
    const std::string& t = file_->text();
    uint32_t pos = std::min<uint32_t>(start, static_cast<uint32_t>(t.size()));
    if (pos < t.size() && (t[pos] == '|' || t[pos] == '>')) {
        // Block scalar: the value starts on the line after the indicator.
        while (pos < t.size() && t[pos] != '\n') ++pos;
        if (pos < t.size()) ++pos;
    } else if (pos < t.size() && (t[pos] == '"' || t[pos] == '\'')) {
        ++pos;
    }
    offsets_.reserve(value.size() + 1);
    // Greedy alignment: each value byte is the next file byte equal to it (a folded space may stand
    // for a newline). Skipped bytes are quotes, escapes and indentation. The scan is bounded so a
    // value that does not align (exotic escapes) degrades to the scalar's start, never to garbage.
    const uint32_t limit = std::min<uint32_t>(static_cast<uint32_t>(t.size()), pos + static_cast<uint32_t>(value.size()) * 4 + 4096);
    bool lost = false;
    for (char c : value) {
        if (!lost) {
            uint32_t p = pos;
            while (p < limit && t[p] != c && !(c == ' ' && t[p] == '\n')) ++p;
            if (p < limit) {
                offsets_.push_back(p);
                pos = p + 1;
                continue;
            }
            lost = true;
        }
        offsets_.push_back(start);
    }
    offsets_.push_back(lost ? start : pos);
}

uint32_t text_origin::file_offset(uint32_t text_offset) const {
    if (offsets_.empty()) return 0;
    return offsets_[std::min<size_t>(text_offset, offsets_.size() - 1)];
}

file_position text_origin::at(uint32_t text_offset) const {
    if (!file_) return {};
    return file_->position_of(file_offset(text_offset));
}

}  // namespace vigil::dsl

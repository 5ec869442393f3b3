// Line indexing and scalar-to-file alignment, so errors inside a YAML string point at the file.
#include "dsl/source_file.hpp"
#include "dsl/utf8.hpp"

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

namespace {

struct decoded_escape {
    std::string bytes;  // what the escape stands for in the value (empty for an escaped line break)
    uint32_t length;    // file bytes it spans, backslash included
};

// A YAML double-quoted escape starting at the backslash t[p]. Needed because `\t` or `\n` stand for
// bytes that do not appear in the file, so the greedy alignment alone would lose its place.
decoded_escape yaml_escape(std::string_view t, uint32_t p) {
    if (p + 1 >= t.size()) return {"", 1};
    char e = t[p + 1];
    auto hex = [&](uint32_t digits) -> decoded_escape {
        if (p + 2 + digits > t.size()) return {"", 2};
        uint32_t cp = 0;
        for (uint32_t k = 0; k < digits; ++k) {
            char h = t[p + 2 + k];
            uint32_t d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : 16;
            if (d == 16) return {"", 2};
            cp = cp * 16 + d;
        }
        std::string out;
        append_utf8(out, cp);
        return {out, 2 + digits};
    };
    switch (e) {
        case '0': return {std::string(1, '\0'), 2};
        case 'a': return {"\a", 2};
        case 'b': return {"\b", 2};
        case 't': case '\t': return {"\t", 2};
        case 'n': return {"\n", 2};
        case 'v': return {"\v", 2};
        case 'f': return {"\f", 2};
        case 'r': return {"\r", 2};
        case 'e': return {"\x1b", 2};
        case ' ': case '"': case '/': case '\\': return {std::string(1, e), 2};
        case 'N': return {"\xc2\x85", 2};
        case '_': return {"\xc2\xa0", 2};
        case 'L': return {"\xe2\x80\xa8", 2};
        case 'P': return {"\xe2\x80\xa9", 2};
        case 'x': return hex(2);
        case 'u': return hex(4);
        case 'U': return hex(8);
        case '\r': return {"", p + 2 < t.size() && t[p + 2] == '\n' ? 3u : 2u};
        default: return {"", 2};  // an escaped line break (yaml-cpp has already rejected unknown escapes)
    }
}

}  // namespace

text_origin::text_origin(source_file_ptr file, uint32_t start, std::string_view value) : file_(std::move(file)) {
    const size_t last = value.find_last_not_of(" \t\r\n");
    content_end_ = last == std::string_view::npos ? 0 : static_cast<uint32_t>(last + 1);
    const std::string& t = file_->text();
    uint32_t pos = std::min<uint32_t>(start, static_cast<uint32_t>(t.size()));
    const bool double_quoted = pos < t.size() && t[pos] == '"';
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
    for (size_t i = 0; i < value.size();) {
        const char c = value[i];
        if (!lost) {
            uint32_t p = pos;
            bool matched = false;
            while (p < limit && !matched) {
                if (double_quoted && t[p] == '\\') {
                    // An escape maps all the value bytes it stands for to its backslash.
                    auto esc = yaml_escape(t, p);
                    if (!esc.bytes.empty() && value.compare(i, esc.bytes.size(), esc.bytes) == 0) {
                        offsets_.insert(offsets_.end(), esc.bytes.size(), p);
                        i += esc.bytes.size();
                        pos = p + esc.length;
                        matched = true;
                    }
                    p += esc.length;
                } else if (t[p] == c || (c == ' ' && t[p] == '\n')) {
                    offsets_.push_back(p);
                    ++i;
                    pos = p + 1;
                    matched = true;
                } else {
                    ++p;
                }
            }
            if (matched) continue;
            lost = true;
        }
        offsets_.push_back(start);
        ++i;
    }
    offsets_.push_back(lost ? start : pos);
}

uint32_t text_origin::file_offset(uint32_t text_offset) const {
    if (offsets_.empty()) return 0;
    return offsets_[std::min<size_t>(text_offset, offsets_.size() - 1)];
}

file_position text_origin::at(uint32_t text_offset) const {
    if (!file_) return {};
    text_offset = std::min(text_offset, content_end_);
    return file_->position_of(file_offset(text_offset));
}

}  // namespace vigil::dsl

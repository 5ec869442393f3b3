// A loaded text file with a line index, and the map from a YAML scalar's bytes back to file positions.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::dsl {

// 1-based line and column, as editors and GCC print them.
struct file_position {
    std::string file;
    uint32_t line = 0;
    uint32_t column = 0;
};

class source_file {
public:
    source_file(std::string path, std::string text);

    const std::string& path() const { return path_; }
    const std::string& text() const { return text_; }
    file_position position_of(uint32_t byte_offset) const;
    // The text of a 1-based line, without its newline.
    std::string_view line_text(uint32_t line) const;
    uint32_t offset_of(uint32_t line, uint32_t column) const;

private:
    std::string path_;
    std::string text_;
    std::vector<uint32_t> line_starts_;
};

using source_file_ptr = std::shared_ptr<const source_file>;

// Where each byte of a string taken out of a file came from. A YAML scalar's value differs from its
// spelling (quotes, escapes, block indentation, folding), so offsets are recovered by aligning the
// value against the file text from the scalar's start.
class text_origin {
public:
    text_origin() = default;
    // `start` is the byte offset of the scalar's first character (its quote or block indicator).
    text_origin(source_file_ptr file, uint32_t start, std::string_view value);

    // An offset in the value's trailing blanks (the end of an expression, where "expected a value"
    // errors point) maps to just after its last other character: a literal block scalar keeps its
    // final newline, which otherwise put the caret on the line after the block.
    file_position at(uint32_t text_offset) const;
    const source_file_ptr& file() const { return file_; }
    uint32_t file_offset(uint32_t text_offset) const;

private:
    source_file_ptr file_;
    std::vector<uint32_t> offsets_;  // one per value byte, plus one past the end
    uint32_t content_end_ = 0;       // the value's length without its trailing blanks
};

}  // namespace vigil::dsl

// A regular file mapped into memory, cut into ranges that worker threads split into lines on their
// own: no thread copies the input (read(2) copies cost more than judging with the shipped pack).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace vigil::tools {

class mapped_file {
public:
    mapped_file() = default;
    ~mapped_file();
    mapped_file(const mapped_file&) = delete;
    mapped_file& operator=(const mapped_file&) = delete;

    // Maps the first `size` bytes of `fd`. False (with `error`) when the file cannot be mapped.
    bool open(int fd, uint64_t size, std::string& error);
    const char* data() const { return data_; }
    uint64_t size() const { return size_; }
    // The range was judged: its pages leave this process's memory (they stay in the page cache), so
    // that resident memory stays flat however large the file.
    void release(uint64_t begin, uint64_t end) const;
    // Some mapped file shrank while it was read: pages past its end were read as zeros.
    static bool input_shrank();

private:
    char* data_ = nullptr;
    uint64_t size_ = 0;
};

struct file_block {
    uint64_t start = 0;          // the file offset of text[0]
    std::string_view text;       // the lines that start in the range, each ending in '\n' (the
                                 // file's last line may lack it), followed by `padding` readable bytes
    bool too_long_tail = false;  // one more line starts in the range, longer than the limit: skipped
    std::string copy;            // holds `text` when the file has too few bytes after it for padding
};

// The lines of `f` that start in [begin, end): a line is read to its newline however far that is,
// except that one longer than `max_line` bytes is skipped (too_long_tail).
void slice_file_block(const mapped_file& f, uint64_t begin, uint64_t end, size_t max_line, size_t padding, file_block& out);

}  // namespace vigil::tools

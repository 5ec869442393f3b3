// Reads NDJSON lines from a file or stdin, plain or gzip (detected by magic bytes), with a line-size
// limit and memory bounded by that limit. Reads are interruptible so signals take effect promptly.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vigil::tools {

class line_source {
public:
    enum class status { line, too_long, end, interrupted, error };

    // `path` "-" is stdin. `max_line_bytes` bounds the buffer: longer lines are skipped and reported.
    line_source(std::string path, size_t max_line_bytes);
    ~line_source();
    line_source(const line_source&) = delete;
    line_source& operator=(const line_source&) = delete;

    bool open(std::string& error);
    // The next line (without its newline or a trailing CR), followed by at least `padding` readable
    // bytes, valid until the next call. `too_long` lines are consumed and skipped.
    status next(std::string_view& line);
    // Whole lines for a worker to split: `block` gets at least `target` bytes of complete lines (each
    // ending in '\n') unless the input ends first. A line too long for the buffer is skipped and
    // returned as `too_long` with an empty block; shorter over-limit lines stay for the worker to check.
    status next_block(std::string& block, size_t target);
    // For a regular, uncompressed file nothing was read from yet: its descriptor and size, so that
    // worker threads can read disjoint parts of it at once (the file as it is now: data appended
    // later is not read). False for gzip, pipes, terminals and stdin.
    bool plain_file(int& fd, uint64_t& size);
    void count_bytes_read(uint64_t n) { raw_bytes_ += n; }  // read by the workers, for progress
    // True when no complete line is buffered and the input has nothing to read right now.
    bool would_block() const;
    uint64_t line_number() const { return line_number_; }
    uint64_t bytes_read() const { return raw_bytes_; }
    uint64_t total_bytes() const { return total_bytes_; }  // file size, 0 when unknown (stdin, pipes)
    const std::string& path() const { return path_; }
    const std::string& error() const { return error_; }
    static constexpr size_t padding = 64;

private:
    enum class fill_result { data, end, interrupted, error };
    fill_result fill();
    bool input_idle() const;  // nothing to read right now (a quiet pipe or terminal)
    // Makes room at the end of the buffer (compacting, growing up to the line limit).
    void make_room();
    fill_result read_raw(char* dst, size_t cap, size_t& got);

    std::string path_;
    size_t max_line_;
    int fd_ = -1;
    bool owns_fd_ = false;
    bool gzip_ = false;
    bool sniffed_ = false;
    bool eof_ = false;
    z_stream zs_{};
    bool zs_ready_ = false;
    bool in_member_ = false;  // inside a gzip member: input ending here means truncation
    bool failed_ = false;     // the decoder failed: every later fill reports error_
    std::vector<char> raw_;      // compressed input (gzip only)
    size_t raw_pos_ = 0, raw_len_ = 0;
    std::vector<char> buf_;      // decoded bytes; lines are views into it
    size_t begin_ = 0, end_ = 0; // unread region
    bool interrupt_pending_ = false;  // a signal interrupted the read that a handed-over block ended
    bool skipping_ = false;      // inside an over-long line
    uint64_t line_number_ = 0;
    uint64_t raw_bytes_ = 0, total_bytes_ = 0;
    std::string error_;
};

}  // namespace vigil::tools

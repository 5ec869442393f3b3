// A one-line progress display on stderr for long runs over files (only when stderr is a terminal).
#pragma once

#include <cstdint>
#include <string>

namespace vigil::tools {

class progress_line {
public:
    explicit progress_line(bool enabled) : enabled_(enabled) {}
    void start_file(std::string name, uint64_t total_bytes);
    // Redraws at most twice a second.
    void update(uint64_t bytes_read, uint64_t events, double seconds);
    void finish();

private:
    bool enabled_;
    bool shown_ = false;
    std::string name_;
    uint64_t total_ = 0;
    double last_ = -1;
};

}  // namespace vigil::tools

// Progress rendering: percent of the file, events so far and the current rate, redrawn in place.
#include "progress.hpp"

#include <cstdio>

namespace vigil::tools {

void progress_line::start_file(std::string name, uint64_t total_bytes) {
    name_ = std::move(name);
    total_ = total_bytes;
    last_ = -1;
}

void progress_line::update(uint64_t bytes_read, uint64_t events, double seconds) {
    if (!enabled_ || total_ == 0 || seconds - last_ < 0.5) return;
    last_ = seconds;
    double pct = 100.0 * static_cast<double>(bytes_read) / static_cast<double>(total_);
    std::fprintf(stderr, "\rvigil: %s %5.1f%%  %llu events  %.0f events/s\033[K", name_.c_str(), pct > 100 ? 100.0 : pct,
                 static_cast<unsigned long long>(events), seconds > 0 ? static_cast<double>(events) / seconds : 0.0);
    shown_ = true;
}

void progress_line::finish() {
    if (shown_) std::fprintf(stderr, "\r\033[K");
    shown_ = false;
}

}  // namespace vigil::tools

// The run's event-time clock for dedup windows, robust to events stamped far in the future: one
// outlier must neither open a window that suppresses its key for the rest of the run nor move the
// clock so far that the next expiry pass drops every open window.
#pragma once

#include <cstdint>

namespace vigil::tools {

class stream_clock {
public:
    static constexpr int64_t max_skew_ms = 24 * 3600 * 1000LL;  // ahead of the stream's time
    static constexpr int confirming_events = 16;                 // consecutive, to accept a jump

    // The time dedup uses for an event stamped `t`: `t` itself, unless it is more than a day ahead
    // of the stream's time; then the stream's time (the alert still shows `t`). A stream that really
    // jumped ahead (a later file) is followed once that many matches in a row are ahead.
    int64_t observe(int64_t t) {
        if (!started_ || t <= now_ + max_skew_ms) {
            if (!started_ || t > now_) now_ = t;
            started_ = true;
            ahead_ = 0;
            return t;
        }
        if (++ahead_ >= confirming_events) {
            now_ = t;
            ahead_ = 0;
            return t;
        }
        return now_;
    }
    int64_t now() const { return now_; }

private:
    bool started_ = false;
    int64_t now_ = 0;
    int ahead_ = 0;
};

}  // namespace vigil::tools

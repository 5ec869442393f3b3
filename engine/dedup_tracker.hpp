// Panther-style alert grouping: per (rule, dedup string), a window of DedupPeriodMinutes of event
// time; the Threshold-th match in a window opens an alert, later matches only count.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace vigil::engine {

struct alert_summary {
    std::string rule_id;
    std::string dedup;
    std::string title;
    std::string severity;
    int64_t event_count = 0;
    int64_t first_event_ms = 0;
    int64_t last_event_ms = 0;
    std::string source_file;
    uint64_t source_line = 0;
};

class dedup_tracker {
public:
    enum class verdict { opened, counted, below_threshold };

    // Records a match at `event_ms`. When it opens an alert (and summaries are kept), the new
    // summary, with its counts and times set, is last_opened(); the caller fills in the rest.
    verdict record(std::string_view rule_id, std::string_view dedup, int period_minutes, int threshold, int64_t event_ms);
    alert_summary* last_opened() { return keep_summaries_ && !alerts_.empty() ? &alerts_.back() : nullptr; }

    // Forgets windows that ended before `now_ms` minus the longest period, keeping memory flat.
    void expire(int64_t now_ms);

    const std::vector<alert_summary>& alerts() const { return alerts_; }
    size_t open_windows() const { return windows_.size(); }
    void keep_summaries(bool keep) { keep_summaries_ = keep; }

private:
    struct window {
        int64_t start_ms = 0;
        int64_t period_ms = 0;
        int64_t count = 0;
        int64_t alert = -1;  // index into alerts_ when an alert is open in this window
        int64_t latest_ms = 0;
    };
    std::unordered_map<std::string, window> windows_;
    std::vector<alert_summary> alerts_;
    bool keep_summaries_ = true;
    std::string key_;  // reused: looking up an open window allocates nothing
    int64_t alerts_opened_ = 0;
};

}  // namespace vigil::engine

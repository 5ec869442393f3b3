// Panther-style alert grouping: per (rule, dedup string), a window of DedupPeriodMinutes of event
// time; the Threshold-th match (or Threshold-th different DistinctOn value) in a window opens an alert,
// later matches only count.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
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
    uint32_t source_index = 0;  // in the envelope on that line (0: none)
};

// A match's Threshold DistinctOn value; `present` is false when it evaluated to null (the match then
// counts in the window's event_count but adds no value).
struct distinct_value {
    bool present = false;
    std::string_view text;
};

class dedup_tracker {
public:
    enum class verdict { opened, counted, below_threshold };

    // Values longer than this are kept as a 64-bit hash of the whole value, so that one window holds
    // at most (Threshold - 1) x (this + overhead) bytes however long the values are.
    static constexpr size_t max_kept_value_bytes = 256;

    // Records a match at `event_ms` (milliseconds since the epoch). `distinct` is null for a rule
    // that counts matches; for a DistinctOn rule, the alert opens when `threshold` different values
    // were seen in the window (values are compared as text). When it opens an alert (and summaries
    // are kept), the new summary, with its counts and times set, is last_opened(); the caller fills
    // in the rest.
    verdict record(std::string_view rule_id, std::string_view dedup, int period_minutes, int threshold, int64_t event_ms,
                   const distinct_value* distinct = nullptr);
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
        // DistinctOn values seen while the alert is not open yet (freed when it opens): at most
        // Threshold - 1 of them. Allocated only for DistinctOn rules.
        std::unique_ptr<std::unordered_set<std::string>> seen;
    };
    bool reached(window& w, int threshold, const distinct_value* distinct);
    std::unordered_map<std::string, window> windows_;
    std::vector<alert_summary> alerts_;
    bool keep_summaries_ = true;
    std::string key_;  // reused: looking up an open window allocates nothing
    int64_t alerts_opened_ = 0;
};

}  // namespace vigil::engine

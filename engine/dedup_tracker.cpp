// Dedup windows keyed by rule and dedup string, opened by the first (or Threshold-th) match.
#include "engine/dedup_tracker.hpp"

#include <algorithm>
#include <functional>

namespace vigil::engine {

bool dedup_tracker::reached(window& w, int threshold, const distinct_value* distinct) {
    if (!distinct) return w.count >= threshold;
    if (!w.seen) w.seen = std::make_unique<std::unordered_set<std::string>>();
    if (distinct->present) {
        // A tag byte keeps a short value from ever equalling a long value's hash.
        std::string key;
        if (distinct->text.size() <= max_kept_value_bytes) key.append("v").append(distinct->text);
        else key.append("h").append(std::to_string(std::hash<std::string_view>{}(distinct->text)));
        w.seen->insert(std::move(key));
    }
    if (w.seen->size() < static_cast<size_t>(threshold)) return false;
    w.seen.reset();  // the alert opens: the values are not needed any more
    return true;
}

dedup_tracker::verdict dedup_tracker::record(std::string_view rule_id, std::string_view dedup, int period_minutes, int threshold,
                                             int64_t event_ms, const distinct_value* distinct) {
    key_.assign(rule_id).push_back('\0');
    key_.append(dedup);
    const int64_t period_ms = static_cast<int64_t>(period_minutes) * 60000;
    auto it = windows_.find(key_);
    const bool fresh = it == windows_.end();
    if (fresh) it = windows_.try_emplace(key_).first;
    window& w = it->second;
    // A match at or past the window's end starts a new window; an earlier (out-of-order) one counts.
    if (fresh || event_ms >= w.start_ms + w.period_ms) w = window{event_ms, period_ms, 0, -1, event_ms, nullptr};
    ++w.count;
    w.latest_ms = std::max(w.latest_ms, event_ms);
    if (w.alert >= 0) {
        if (keep_summaries_) {
            auto& a = alerts_[static_cast<size_t>(w.alert)];
            ++a.event_count;
            a.first_event_ms = std::min(a.first_event_ms, event_ms);
            a.last_event_ms = std::max(a.last_event_ms, event_ms);
        }
        return verdict::counted;
    }
    if (!reached(w, threshold, distinct)) return verdict::below_threshold;
    w.alert = alerts_opened_++;
    if (keep_summaries_) {
        alert_summary a;
        a.event_count = w.count;
        a.first_event_ms = std::min(w.start_ms, event_ms);
        a.last_event_ms = w.latest_ms;
        alerts_.push_back(std::move(a));
    } else {
        w.alert = 0;  // any non-negative marks "open"; summaries are not kept
    }
    return verdict::opened;
}

void dedup_tracker::expire(int64_t now_ms) {
    for (auto it = windows_.begin(); it != windows_.end();) {
        if (it->second.start_ms + it->second.period_ms <= now_ms) it = windows_.erase(it);
        else ++it;
    }
}

}  // namespace vigil::engine

// In-order result handling: report bad lines, apply dedup windows and thresholds, write alerts.
#include "alert_sink.hpp"

#include "engine/alert_writer.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <iostream>

namespace vigil::tools {

namespace {
int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}
}  // namespace

alert_sink::alert_sink(std::FILE* out, std::string out_name, bool flush_each_alert, bool all_matches, bad_lines& bad)
    : out_(out), out_name_(std::move(out_name)), flush_each_(flush_each_alert), all_matches_(all_matches), bad_(bad) {}

void alert_sink::on_too_long(std::string_view file, uint64_t line, size_t limit) {
    ++counters_.events;
    bad_.report(bad_kind::too_long, file, line, "longer than --max-line-bytes " + std::to_string(limit) + "; skipped");
}

void alert_sink::on_quiet(uint64_t events, uint64_t bytes) {
    counters_.events += events;
    counters_.bytes += bytes;
    expire_now_and_then();
}

void alert_sink::expire_now_and_then() {
    // Windows that ended long ago can never matter again; dropping them keeps memory flat.
    // An hour of slack keeps slightly out-of-order events in the window they belong to.
    if (counters_.events < next_expiry_) return;
    next_expiry_ = counters_.events + 0x10000;
    dedup_.expire(clock_.now() - 3600 * 1000LL);
}

void alert_sink::on_result(std::string_view file, uint64_t line, uint32_t index, std::string_view raw, const engine::event_result& r) {
    ++counters_.events;
    if (index == 0) counters_.bytes += raw.size() + 1;
    switch (r.status) {
        case engine::event_status::invalid_json: bad_.report(bad_kind::invalid_json, file, line, r.error, index); return;
        case engine::event_status::not_an_event: bad_.report(bad_kind::not_an_event, file, line, r.error, index); return;
        case engine::event_status::missing_log_type:
            bad_.report(bad_kind::missing_log_type, file, line, "no p_log_type (give --log-type for files without one)", index);
            return;
        case engine::event_status::unknown_log_type:
            bad_.report(bad_kind::unknown_log_type, file, line, "'" + r.log_type + "': no loaded rule or data model covers it", index);
            return;
        case engine::event_status::skipped: return;
        case engine::event_status::ok: break;
    }
    for (const auto& e : r.read_errors) bad_.report(bad_kind::model_read_error, file, line, "log type '" + r.log_type + "': " + e, index);
    for (const auto& m : r.matches()) {
        ++counters_.matches;
        const auto& spec = *m.rule->spec;
        int64_t t = clock_.observe(m.event_time_ms ? *m.event_time_ms : now_ms());
        bool write = all_matches_;
        const engine::distinct_value distinct{m.has_distinct, m.distinct};
        auto v = dedup_.record(spec.rule_id, m.dedup, spec.dedup_period_minutes, spec.threshold, t, spec.distinct_on ? &distinct : nullptr);
        if (v == engine::dedup_tracker::verdict::opened) {
            ++counters_.alerts;
            write = true;
        }
        if (!write) continue;
        // Title, severity and context are needed only now, for the few matches that are written.
        std::string error;
        if (!renderer_.render(raw, m, outputs_, error)) {
            bad_.report(bad_kind::invalid_json, file, line, error, index);  // cannot happen: the line was judged
            continue;
        }
        if (v == engine::dedup_tracker::verdict::opened) {
            if (auto* a = dedup_.last_opened()) {
                a->rule_id = spec.rule_id;
                a->dedup = m.dedup;
                a->title = outputs_.title;
                a->severity = dsl::severity_name(outputs_.level);
                a->source_file = file;
                a->source_line = line;
                a->source_index = index;
            }
        }
        engine::append_alert_json(buffer_, m, outputs_, r.log_type, {file, line, index}, m.event_time_ms, raw);
        if (flush_each_) flush();
    }
    if (buffer_.size() > (1 << 20)) flush();
    expire_now_and_then();
}

void alert_sink::flush() {
    if (!out_) return;
    if (write_failed_) {
        buffer_.clear();  // the output is gone; the run is stopping
        return;
    }
    bool ok = true;
    if (!buffer_.empty()) {
        ok = std::fwrite(buffer_.data(), 1, buffer_.size(), out_) == buffer_.size();
        buffer_.clear();
    }
    ok = ok && std::fflush(out_) == 0;
    if (!ok) {
        // Said at once, with the reason: the run stops at its next pause (a closed pipe is EPIPE,
        // since SIGPIPE is ignored), rather than judging the rest of the input for nothing.
        write_failed_ = true;
        write_error_ = std::strerror(errno);
        std::cerr << "vigil: cannot write alerts to " << out_name_ << ": " << write_error_ << "; stopping\n";
    }
}

}  // namespace vigil::tools

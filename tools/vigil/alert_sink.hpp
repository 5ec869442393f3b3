// The in-order stage of a run: bad-line reports, dedup/threshold decisions and alert output.
// Judging may run on many threads; this stage sees results in input order, on one thread.
#pragma once

#include "bad_lines.hpp"
#include "engine/dedup_tracker.hpp"
#include "engine/event_processor.hpp"
#include "stream_clock.hpp"

#include <cstdio>
#include <string>

namespace vigil::tools {

struct run_counters {
    uint64_t events = 0;
    uint64_t bytes = 0;
    uint64_t matches = 0;
    uint64_t alerts = 0;
};

class alert_sink {
public:
    // `out_name` names the output in messages ("stdout" or the file).
    alert_sink(std::FILE* out, std::string out_name, bool flush_each_alert, bool all_matches, bad_lines& bad);
    ~alert_sink() { flush(); }

    // `index`: the event's 1-based position in the envelope on `line` (0: the line is the event, and
    // its bytes are counted here; an envelope line's bytes are counted once, through on_quiet).
    void on_result(std::string_view file, uint64_t line, uint32_t index, std::string_view raw, const engine::event_result& r);
    void on_too_long(std::string_view file, uint64_t line, size_t limit);
    // Events that need nothing but counting (judged elsewhere: no match, no problem).
    void on_quiet(uint64_t events, uint64_t bytes);
    // Bad lines past the first few of their kind, counted by the judging thread (already counted as
    // events by on_quiet); for model read errors, `n` is the number of errors.
    void on_unlisted_bad(bad_kind kind, uint64_t n) { bad_.count_more(kind, n); }
    void flush();
    // Flushes, then forgets the output: its owner closes it next, and a later flush (the
    // destructor's) must not touch a closed FILE.
    void detach() {
        flush();
        out_ = nullptr;
    }
    // The first failed write is reported at once (on stderr, with the reason); later ones are not tried.
    bool write_failed() const { return write_failed_; }

    const run_counters& counters() const { return counters_; }
    run_counters& counters() { return counters_; }
    const engine::dedup_tracker& dedup() const { return dedup_; }
    void keep_summaries(bool keep) { dedup_.keep_summaries(keep); }

private:
    std::FILE* out_;
    std::string out_name_;
    bool flush_each_;
    bool all_matches_;
    bad_lines& bad_;
    engine::dedup_tracker dedup_;
    engine::match_renderer renderer_;
    engine::rule_outputs outputs_;
    run_counters counters_;
    std::string buffer_;
    stream_clock clock_;  // event time for dedup and expiry, robust to far-future stamps
    uint64_t next_expiry_ = 0;  // event count at which old dedup windows are dropped next
    void expire_now_and_then();
    bool write_failed_ = false;
    std::string write_error_;
};

}  // namespace vigil::tools

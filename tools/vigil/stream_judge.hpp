// Drives one input through the rules: single-threaded inline, or with N threads judging batches of
// lines in parallel while results reach the sink in input order.
#pragma once

#include "alert_sink.hpp"
#include "engine/envelope.hpp"
#include "engine/event_processor.hpp"
#include "line_source.hpp"

#include <functional>
#include <memory>
#include <string>

namespace vigil::tools {

class batch_pool;

class stream_judge {
public:
    // Throws std::system_error when the threads cannot be started. With an `envelope` kind, each
    // line is an envelope of that kind and its events are judged (origin: line and index).
    stream_judge(std::shared_ptr<const engine::ruleset> rules, unsigned threads, std::string default_log_type, size_t max_line,
                 bool use_prefilter, engine::envelope_kind envelope = engine::envelope_kind::none);
    ~stream_judge();

    // Takes effect for lines read from now on.
    void replace_rules(std::shared_ptr<const engine::ruleset> rules);

    // Reads `src` to its end (or until `on_pause` returns false; it is called between batches and
    // when a read is interrupted by a signal). Returns false on a read error.
    bool run(line_source& src, alert_sink& sink, const std::function<bool()>& on_pause);
    // Complete lines of the last input judged (a read error happened after them).
    uint64_t lines_read() const;
    // Why run() returned false, when the input itself did not say (a mapped file that shrank).
    const std::string& error() const { return error_; }
    // The rules now in use (the last ones loaded).
    const std::shared_ptr<const engine::ruleset>& rules() const { return rules_; }

private:
    bool run_inline(line_source& src, alert_sink& sink, const std::function<bool()>& on_pause);

    std::shared_ptr<const engine::ruleset> rules_;
    unsigned threads_;
    std::string default_log_type_;
    size_t max_line_;
    bool use_prefilter_;
    std::unique_ptr<engine::event_processor> inline_processor_;
    std::unique_ptr<engine::envelope_reader> inline_envelopes_;
    std::unique_ptr<batch_pool> pool_;
    bool signal_pending_ = false;  // call on_pause before the next block
    uint64_t blocks_ = 0;
    uint64_t lines_ = 0;  // of the current input
    std::string error_;
};

}  // namespace vigil::tools

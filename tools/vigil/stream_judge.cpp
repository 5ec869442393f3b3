// Batch pipeline: the calling thread reads lines into batches and drains finished batches in order
// into the sink; worker threads judge whole batches. Alerts therefore keep input order.
#include "stream_judge.hpp"

#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>

namespace vigil::tools {

namespace {

constexpr size_t block_bytes = 512 << 10;

struct line_ref {
    size_t offset;
    size_t length;
    bool too_long;
};

// A block of whole lines as read; the worker that judges it also splits it into lines.
struct batch {
    std::string data;              // complete lines, then padding so each parses in place
    bool too_long_marker = false;  // stands for one line too long even for the read buffer
    std::vector<line_ref> lines;
    std::vector<engine::event_result> results;
    std::shared_ptr<const engine::ruleset> rules;
    bool done = false;

    void clear() {
        data.clear();
        lines.clear();
        too_long_marker = false;
        done = false;
    }
};

engine::prefilter_mode mode_for(bool use_prefilter) {
    return use_prefilter ? engine::prefilter_mode::adaptive : engine::prefilter_mode::off;
}

bool is_blank(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string_view::npos; }

std::string_view trim_cr(std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

}  // namespace

class batch_pool {
public:
    batch_pool(unsigned threads, std::string default_log_type, bool use_prefilter, size_t max_line)
        : default_log_type_(std::move(default_log_type)), use_prefilter_(use_prefilter), max_line_(max_line) {
        for (unsigned i = 0; i < threads; ++i) workers_.emplace_back([this] { work(); });
    }
    ~batch_pool() {
        {
            std::lock_guard lock(mu_);
            closing_ = true;
        }
        cv_work_.notify_all();
        for (auto& t : workers_) t.join();
    }

    void submit(batch* b) {
        {
            std::lock_guard lock(mu_);
            queue_.push_back(b);
        }
        cv_work_.notify_one();
    }

    void wait(batch* b) {
        std::unique_lock lock(mu_);
        cv_done_.wait(lock, [&] { return b->done; });
    }

private:
    void work() {
        std::unique_ptr<engine::event_processor> processor;
        for (;;) {
            batch* b = nullptr;
            {
                std::unique_lock lock(mu_);
                cv_work_.wait(lock, [&] { return closing_ || !queue_.empty(); });
                if (queue_.empty()) return;
                b = queue_.front();
                queue_.pop_front();
            }
            if (!processor || &processor->rules() != b->rules.get()) processor = std::make_unique<engine::event_processor>(b->rules, mode_for(use_prefilter_));
            split_and_judge(*b, *processor);
            {
                std::lock_guard lock(mu_);
                b->done = true;
            }
            cv_done_.notify_all();
        }
    }

    void split_and_judge(batch& b, engine::event_processor& processor) const {
        if (b.too_long_marker) {
            b.lines.push_back({0, 0, true});
            return;
        }
        const char* base = b.data.data();
        size_t end = b.data.size() - line_source::padding;
        for (size_t pos = 0; pos < end;) {
            const char* nl = static_cast<const char*>(std::memchr(base + pos, '\n', end - pos));
            size_t stop = nl ? static_cast<size_t>(nl - base) : end;
            b.lines.push_back({pos, stop - pos, stop - pos > max_line_});
            pos = stop + 1;
        }
        if (b.results.size() < b.lines.size()) b.results.resize(b.lines.size());
        for (size_t i = 0; i < b.lines.size(); ++i) {
            const auto& l = b.lines[i];
            std::string_view line = trim_cr(std::string_view(base + l.offset, l.length));
            if (!l.too_long && !is_blank(line)) processor.process(line, default_log_type_, b.results[i]);
        }
    }

    std::string default_log_type_;
    bool use_prefilter_;
    size_t max_line_;
    std::mutex mu_;
    std::condition_variable cv_work_, cv_done_;
    std::deque<batch*> queue_;
    bool closing_ = false;
    std::vector<std::thread> workers_;
};

stream_judge::stream_judge(std::shared_ptr<const engine::ruleset> rules, unsigned threads, std::string default_log_type, size_t max_line,
                           bool use_prefilter)
    : rules_(std::move(rules)), threads_(std::max(1u, threads)), default_log_type_(std::move(default_log_type)), max_line_(max_line),
      use_prefilter_(use_prefilter) {
    if (threads_ == 1) inline_processor_ = std::make_unique<engine::event_processor>(rules_, mode_for(use_prefilter_));
    else pool_ = std::make_unique<batch_pool>(threads_, default_log_type_, use_prefilter_, max_line_);
}

stream_judge::~stream_judge() = default;

void stream_judge::replace_rules(std::shared_ptr<const engine::ruleset> rules) {
    rules_ = std::move(rules);
    if (inline_processor_) inline_processor_ = std::make_unique<engine::event_processor>(rules_, mode_for(use_prefilter_));
}

bool stream_judge::run_inline(line_source& src, alert_sink& sink, const std::function<bool()>& on_pause) {
    engine::event_result result;
    std::string_view line;
    for (uint64_t n = 1;; ++n) {
        if ((n & 0x1FFF) == 0 && !on_pause()) return true;
        if (src.would_block()) sink.flush();  // a quiet stream shows its alerts before waiting
        switch (src.next(line)) {
            case line_source::status::line:
                if (is_blank(line)) break;  // a blank line carries no event
                inline_processor_->process(line, default_log_type_, result);
                sink.on_result(src.path(), src.line_number(), line, result);
                break;
            case line_source::status::too_long: sink.on_too_long(src.path(), src.line_number(), max_line_); break;
            case line_source::status::interrupted:
                sink.flush();
                if (!on_pause()) return true;
                break;
            case line_source::status::end: return true;
            case line_source::status::error: return false;
        }
    }
}

bool stream_judge::run(line_source& src, alert_sink& sink, const std::function<bool()>& on_pause) {
    if (inline_processor_) return run_inline(src, sink, on_pause);

    // Enough batches in flight to keep every worker busy while the oldest is being drained.
    std::vector<std::unique_ptr<batch>> storage;
    std::vector<batch*> free_batches;
    for (unsigned i = 0; i < threads_ * 2 + 2; ++i) {
        storage.push_back(std::make_unique<batch>());
        free_batches.push_back(storage.back().get());
    }
    std::deque<batch*> in_flight;

    uint64_t line_number = 0;  // lines are numbered here, in input order, as batches drain
    auto drain_oldest = [&] {
        batch* b = in_flight.front();
        in_flight.pop_front();
        pool_->wait(b);
        for (size_t i = 0; i < b->lines.size(); ++i) {
            const auto& l = b->lines[i];
            ++line_number;
            std::string_view line = trim_cr(std::string_view(b->data.data() + l.offset, l.length));
            if (l.too_long) sink.on_too_long(src.path(), line_number, max_line_);
            else if (!is_blank(line)) sink.on_result(src.path(), line_number, line, b->results[i]);
        }
        b->clear();
        free_batches.push_back(b);
    };

    bool ok = true, stop = false;
    for (;;) {
        if (signal_pending_ && !on_pause()) stop = true;
        signal_pending_ = false;
        if (stop) break;
        if (src.would_block()) {
            // A quiet stream: show every alert before waiting for more input.
            while (!in_flight.empty()) drain_oldest();
            sink.flush();
        }
        if (free_batches.empty()) drain_oldest();
        batch* b = free_batches.back();
        free_batches.pop_back();
        b->clear();
        b->rules = rules_;
        auto s = src.next_block(b->data, block_bytes);
        if (s == line_source::status::too_long) {
            b->too_long_marker = true;
        } else if (s != line_source::status::line) {
            free_batches.push_back(b);
            if (s == line_source::status::interrupted) {
                signal_pending_ = true;
                continue;
            }
            ok = s != line_source::status::error;
            break;
        }
        b->data.append(line_source::padding, '\0');
        in_flight.push_back(b);
        pool_->submit(b);
        if (++blocks_ % 8 == 0) signal_pending_ = true;  // progress and reload checks now and then
    }
    while (!in_flight.empty()) drain_oldest();
    return ok;
}

}  // namespace vigil::tools

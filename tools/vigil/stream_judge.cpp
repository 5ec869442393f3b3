// Batch pipeline: the calling thread reads lines into batches and drains finished batches in order
// into the sink; worker threads judge whole batches. Alerts therefore keep input order.
#include "stream_judge.hpp"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace vigil::tools {

namespace {

constexpr size_t batch_lines = 2048;
constexpr size_t batch_bytes = 2 << 20;

struct line_ref {
    size_t offset;
    size_t length;
    uint64_t number;
    bool too_long;
};

struct batch {
    std::string data;  // lines back to back; padding at the end keeps every line parseable in place
    std::vector<line_ref> lines;
    std::vector<engine::event_result> results;
    std::shared_ptr<const engine::ruleset> rules;
    bool done = false;

    void clear() {
        data.clear();
        lines.clear();
        done = false;
    }
};

}  // namespace

class batch_pool {
public:
    batch_pool(unsigned threads, std::string default_log_type, bool use_prefilter)
        : default_log_type_(std::move(default_log_type)), use_prefilter_(use_prefilter) {
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
            if (!processor || &processor->rules() != b->rules.get()) processor = std::make_unique<engine::event_processor>(b->rules, use_prefilter_);
            if (b->results.size() < b->lines.size()) b->results.resize(b->lines.size());
            for (size_t i = 0; i < b->lines.size(); ++i) {
                const auto& l = b->lines[i];
                if (!l.too_long) processor->process(std::string_view(b->data.data() + l.offset, l.length), default_log_type_, b->results[i]);
            }
            {
                std::lock_guard lock(mu_);
                b->done = true;
            }
            cv_done_.notify_all();
        }
    }

    std::string default_log_type_;
    bool use_prefilter_;
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
    if (threads_ == 1) inline_processor_ = std::make_unique<engine::event_processor>(rules_, use_prefilter_);
    else pool_ = std::make_unique<batch_pool>(threads_, default_log_type_, use_prefilter_);
}

stream_judge::~stream_judge() = default;

void stream_judge::replace_rules(std::shared_ptr<const engine::ruleset> rules) {
    rules_ = std::move(rules);
    if (inline_processor_) inline_processor_ = std::make_unique<engine::event_processor>(rules_, use_prefilter_);
}

bool stream_judge::run_inline(line_source& src, alert_sink& sink, const std::function<bool()>& on_pause) {
    engine::event_result result;
    std::string_view line;
    for (uint64_t n = 1;; ++n) {
        if ((n & 0x1FFF) == 0 && !on_pause()) return true;
        if (src.would_block()) sink.flush();  // a quiet stream shows its alerts before waiting
        switch (src.next(line)) {
            case line_source::status::line:
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

    auto drain_oldest = [&] {
        batch* b = in_flight.front();
        in_flight.pop_front();
        pool_->wait(b);
        for (size_t i = 0; i < b->lines.size(); ++i) {
            const auto& l = b->lines[i];
            if (l.too_long) sink.on_too_long(src.path(), l.number, max_line_);
            else sink.on_result(src.path(), l.number, std::string_view(b->data.data() + l.offset, l.length), b->results[i]);
        }
        b->clear();
        free_batches.push_back(b);
    };

    bool ok = true, stop = false, end = false;
    while (!end && !stop) {
        if (free_batches.empty()) drain_oldest();
        batch* b = free_batches.back();
        free_batches.pop_back();
        b->clear();
        b->rules = rules_;
        std::string_view line;
        while (b->lines.size() < batch_lines && b->data.size() < batch_bytes) {
            if (src.would_block()) {
                // A quiet stream: judge what we have now, and show every alert before waiting.
                if (!b->lines.empty()) break;
                while (!in_flight.empty()) drain_oldest();
                sink.flush();
            }
            auto s = src.next(line);
            if (s == line_source::status::line) {
                b->lines.push_back({b->data.size(), line.size(), src.line_number(), false});
                b->data.append(line);
            } else if (s == line_source::status::too_long) {
                b->lines.push_back({0, 0, src.line_number(), true});
            } else if (s == line_source::status::interrupted) {
                break;  // judge what was read so far, then let the caller react (stop or reload)
            } else {
                ok = s != line_source::status::error;
                end = true;
                break;
            }
        }
        if (b->lines.empty()) {
            free_batches.push_back(b);
        } else {
            b->data.append(line_source::padding, '\0');
            in_flight.push_back(b);
            pool_->submit(b);
        }
        if (!on_pause()) stop = true;
    }
    while (!in_flight.empty()) drain_oldest();
    return ok;
}

}  // namespace vigil::tools

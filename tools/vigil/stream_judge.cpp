// Batch pipeline: the calling thread reads lines into batches and drains finished batches in order
// into the sink; worker threads judge whole batches. Alerts therefore keep input order.
#include "stream_judge.hpp"

#include "file_block.hpp"

#include <array>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <sys/stat.h>
#include <thread>

namespace vigil::tools {

namespace {

constexpr size_t block_bytes = 1 << 20;

// A line the in-order stage must see (a match, a problem); other lines are only counted.
struct notable_line {
    uint32_t index;  // in the batch
    bool too_long;
    size_t offset;
    size_t length;  // without the newline and a trailing CR
    // With --envelope: the event's 1-based position in the line's envelope (0: the line itself), and
    // its text in the batch's `events` buffer (the envelope reader's copy is gone by the drain).
    uint32_t event = 0;
    size_t event_offset = 0, event_length = 0;
};

// Bad lines of one kind after the first few in a batch need nothing but counting: the in-order
// stage shows only the first few of each kind (bad_lines), so a batch lists no more of them than
// that and counts the rest. A batch's storage is then bounded by its matches, not by its lines: a
// MiB of "{}" lines or of blank lines no longer costs hundreds of bytes per line in each batch.
constexpr size_t listed_bad_per_kind = bad_lines::shown_per_kind;
enum unlisted_kind : size_t {
    unlisted_invalid_json,
    unlisted_missing_log_type,
    unlisted_unknown_log_type,
    unlisted_read_error,
    unlisted_not_an_event,
    unlisted_kinds
};

// A block of whole lines as read; the worker that judges it also splits it into lines. Most lines
// need nothing from the in-order stage but to be counted, so the worker counts them and lists only
// the notable ones: the reading thread then touches neither their bytes nor their results, and
// keeps up with the workers.
struct batch {
    std::string data;              // complete lines, then padding so each parses in place
    std::string events;            // the texts of notable events of envelopes (notable_line::event)
    bool too_long_marker = false;  // stands for one line too long even for the read buffer
    // When set, the worker itself finds the lines starting in [begin, end) of a mapped file.
    struct file_range {
        const mapped_file* file = nullptr;
        uint64_t begin = 0, end = 0;
    };
    std::optional<file_range> range;
    file_block block;  // the worker's slice of `range`
    uint32_t line_count = 0;
    engine::event_result scratch;              // each line's result, kept only if notable:
    std::vector<engine::event_result> results;  // results[k] belongs to line notable[k]
    std::vector<notable_line> notable;  // lines with matches, problems or read errors, ascending
    uint64_t quiet_events = 0, quiet_bytes = 0;
    std::array<uint64_t, unlisted_kinds> listed{}, unlisted{};  // bad lines listed, and counted only
    std::shared_ptr<const engine::ruleset> rules;
    bool done = false;

    // The lines (followed by padding), wherever they are.
    std::string_view text() const { return range ? block.text : std::string_view(data.data(), data.size() - line_source::padding); }
    // What a notable line or event was judged on.
    std::string_view raw(const notable_line& l) const {
        return l.event ? std::string_view(events.data() + l.event_offset, l.event_length) : std::string_view(text().data() + l.offset, l.length);
    }

    void clear() {
        // A long line grows the buffers; they go back rather than stay with every batch in the ring.
        if (data.capacity() > 4 * block_bytes) data = std::string{};
        if (block.copy.capacity() > 4 * block_bytes) block.copy = std::string{};
        if (events.capacity() > 4 * block_bytes) events = std::string{};
        data.clear();
        events.clear();
        line_count = 0;
        notable.clear();
        quiet_events = quiet_bytes = 0;
        listed.fill(0);
        unlisted.fill(0);
        range.reset();
        too_long_marker = false;
        done = false;
    }
};

// Lists line `i` as notable; its result goes to the returned slot (unused for a too-long line).
engine::event_result& note(batch& b, notable_line line) {
    const size_t k = b.notable.size();
    b.notable.push_back(line);
    if (b.results.size() <= k) b.results.resize(k + 1);
    return b.results[k];
}

bool notable_result(const engine::event_result& r) {
    return (r.status != engine::event_status::ok && r.status != engine::event_status::skipped) || r.match_count > 0 ||
           !r.read_errors.empty();
}

// The kind of bad line a notable result without matches is (unlisted_kinds: it must be listed).
size_t bad_kind_of(const engine::event_result& r) {
    switch (r.status) {
        case engine::event_status::invalid_json: return unlisted_invalid_json;
        case engine::event_status::missing_log_type: return unlisted_missing_log_type;
        case engine::event_status::unknown_log_type: return unlisted_unknown_log_type;
        case engine::event_status::not_an_event: return unlisted_not_an_event;
        default: return r.match_count == 0 ? unlisted_read_error : unlisted_kinds;
    }
}

engine::prefilter_mode mode_for(bool use_prefilter) {
    return use_prefilter ? engine::prefilter_mode::adaptive : engine::prefilter_mode::off;
}

bool is_blank(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string_view::npos; }

std::string_view trim_cr(std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

void set_not_an_event(engine::event_result& r, const std::string& why) {
    r.status = engine::event_status::not_an_event;
    r.error = why;
    r.log_type.clear();
    r.match_count = 0;
    r.read_errors.clear();
}

// Judges the events of the envelope on `line`, calling on_event(index, text, result) for each (index
// 1-based; an element that is no event comes with status not_an_event), or on_event(0, line, result)
// once when the line is no envelope of its kind. --log-type, when given, wins over the log type
// the envelope implies. False in the latter case.
template <class on_event_fn>
bool judge_envelope(engine::envelope_reader& envelopes, engine::event_processor& processor, std::string_view default_log_type,
                    std::string_view line, engine::event_result& scratch, on_event_fn&& on_event) {
    if (!envelopes.unwrap(line)) {
        set_not_an_event(scratch, envelopes.error());
        on_event(0, line, scratch);
        return false;
    }
    uint32_t k = 0;
    for (const auto& e : envelopes.events()) {
        ++k;
        if (!e.error.empty()) {
            set_not_an_event(scratch, e.error);
            on_event(k, std::string_view{}, scratch);
            continue;
        }
        processor.process(e.text, default_log_type.empty() ? e.default_log_type : default_log_type, scratch);
        on_event(k, e.text, scratch);
    }
    return true;
}

// Splits a batch into lines and judges them (on a worker, or inline with one thread); with an
// envelope reader, each line is an envelope whose events are judged.
void judge_batch(batch& b, engine::event_processor& processor, engine::envelope_reader* envelopes, const std::string& default_log_type,
                 size_t max_line) {
    if (b.too_long_marker) {
        note(b, {0, true, 0, 0});
        b.line_count = 1;
        return;
    }
    if (b.range) slice_file_block(*b.range->file, b.range->begin, b.range->end, max_line, line_source::padding, b.block);
    const std::string_view text = b.text();
    const char* base = text.data();
    const size_t end = text.size();
    // Each line is judged as soon as it is found, while its bytes are still in the nearest cache
    // (splitting the whole block first left them one cache level further away).
    for (size_t pos = 0; pos < end;) {
        const char* nl = static_cast<const char*>(std::memchr(base + pos, '\n', end - pos));
        size_t stop = nl ? static_cast<size_t>(nl - base) : end;
        std::string_view line = trim_cr(std::string_view(base + pos, stop - pos));
        const uint32_t i = b.line_count++;
        const bool too_long = stop - pos > max_line;
        const notable_line at{i, too_long, pos, line.size()};
        pos = stop + 1;
        if (too_long) {
            note(b, at);
        } else if (envelopes && !is_blank(line)) {
            auto on_event = [&](uint32_t k, std::string_view text, engine::event_result& r) {
                if (!notable_result(r)) {
                    ++b.quiet_events;
                    return;
                }
                const size_t kind = bad_kind_of(r);
                if (kind != unlisted_kinds && b.listed[kind]++ >= listed_bad_per_kind) {
                    b.unlisted[kind] += kind == unlisted_read_error ? r.read_errors.size() : 1;
                    ++b.quiet_events;
                    if (k == 0) b.quiet_bytes += line.size() + 1;
                    return;
                }
                notable_line l = at;
                if (k > 0) {
                    l.event = k;
                    l.event_offset = b.events.size();
                    l.event_length = text.size();
                    b.events.append(text);
                }
                std::swap(note(b, l), r);
            };
            // An envelope's bytes count once, whatever its events (the sink counts a refused line's).
            if (judge_envelope(*envelopes, processor, default_log_type, line, b.scratch, on_event)) b.quiet_bytes += line.size() + 1;
        } else if (!is_blank(line)) {
            // One result object for every line (it stays in the nearest cache); a notable one is
            // swapped into the batch's list, so the buffers it holds keep circulating.
            processor.process(line, default_log_type, b.scratch);
            if (notable_result(b.scratch)) {
                const size_t kind = bad_kind_of(b.scratch);
                if (kind == unlisted_kinds || b.listed[kind]++ < listed_bad_per_kind) {
                    std::swap(note(b, at), b.scratch);
                } else {
                    b.unlisted[kind] += kind == unlisted_read_error ? b.scratch.read_errors.size() : 1;
                    ++b.quiet_events;  // counted as events here, as bad lines by the sink
                    b.quiet_bytes += line.size() + 1;
                }
            } else {
                ++b.quiet_events;
                b.quiet_bytes += line.size() + 1;
            }
        }
    }
    if (b.range && b.block.too_long_tail) note(b, {b.line_count++, true, 0, 0});
}

}  // namespace

class batch_pool {
public:
    batch_pool(unsigned threads, std::string default_log_type, bool use_prefilter, size_t max_line, engine::envelope_kind envelope)
        : default_log_type_(std::move(default_log_type)), use_prefilter_(use_prefilter), max_line_(max_line), envelope_(envelope) {
        try {
            for (unsigned i = 0; i < threads; ++i) workers_.emplace_back([this] { work(); });
        } catch (...) {
            stop_workers();  // a thread could not start (a process limit): the caller says so
            throw;
        }
    }
    ~batch_pool() { stop_workers(); }

    void stop_workers() {
        {
            std::lock_guard lock(mu_);
            closing_ = true;
        }
        cv_work_.notify_all();
        for (auto& t : workers_)
            if (t.joinable()) t.join();
    }

    void submit(batch* b) {
        {
            std::lock_guard lock(mu_);
            queue_.push_back(b);
        }
        cv_work_.notify_one();
    }

    // Waits until `b` is judged, judging queued batches on the calling thread meanwhile: the reading
    // thread is one of the judging threads, so N threads keep N cores busy. (With a reader beside N
    // workers, its wake-up per batch preempted a worker: 17% more CPU time for the same work.)
    void wait(batch* b) {
        std::unique_lock lock(mu_);
        while (!b->done) {
            if (queue_.empty()) {
                cv_done_.wait(lock);
                continue;
            }
            batch* next = queue_.front();
            queue_.pop_front();
            lock.unlock();
            judge(*next, reader_processor_, reader_envelopes_);
            lock.lock();
            next->done = true;
        }
    }

private:
    void judge(batch& b, std::unique_ptr<engine::event_processor>& processor, std::unique_ptr<engine::envelope_reader>& envelopes) {
        if (!processor || &processor->rules() != b.rules.get()) processor = std::make_unique<engine::event_processor>(b.rules, mode_for(use_prefilter_));
        if (!envelopes && envelope_ != engine::envelope_kind::none) envelopes = std::make_unique<engine::envelope_reader>(envelope_);
        judge_batch(b, *processor, envelopes.get(), default_log_type_, max_line_);
    }

    void work() {
        std::unique_ptr<engine::event_processor> processor;
        std::unique_ptr<engine::envelope_reader> envelopes;
        for (;;) {
            batch* b = nullptr;
            {
                std::unique_lock lock(mu_);
                cv_work_.wait(lock, [&] { return closing_ || !queue_.empty(); });
                if (queue_.empty()) return;
                b = queue_.front();
                queue_.pop_front();
            }
            judge(*b, processor, envelopes);
            {
                std::lock_guard lock(mu_);
                b->done = true;
            }
            cv_done_.notify_all();
        }
    }

    std::string default_log_type_;
    bool use_prefilter_;
    size_t max_line_;
    engine::envelope_kind envelope_;
    std::mutex mu_;
    std::condition_variable cv_work_, cv_done_;
    std::deque<batch*> queue_;
    bool closing_ = false;
    std::unique_ptr<engine::event_processor> reader_processor_;  // used by the thread that calls wait()
    std::unique_ptr<engine::envelope_reader> reader_envelopes_;
    std::vector<std::thread> workers_;
};

stream_judge::stream_judge(std::shared_ptr<const engine::ruleset> rules, unsigned threads, std::string default_log_type, size_t max_line,
                           bool use_prefilter, engine::envelope_kind envelope)
    : rules_(std::move(rules)), threads_(std::max(1u, threads)), default_log_type_(std::move(default_log_type)), max_line_(max_line),
      use_prefilter_(use_prefilter) {
    if (threads_ == 1) {
        inline_processor_ = std::make_unique<engine::event_processor>(rules_, mode_for(use_prefilter_));
        if (envelope != engine::envelope_kind::none) inline_envelopes_ = std::make_unique<engine::envelope_reader>(envelope);
    } else {
        pool_ = std::make_unique<batch_pool>(threads_ - 1, default_log_type_, use_prefilter_, max_line_, envelope);  // the reader judges too
    }
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
                if (inline_envelopes_) {
                    auto on_event = [&](uint32_t k, std::string_view text, engine::event_result& r) {
                        sink.on_result(src.path(), src.line_number(), k, text, r);
                    };
                    if (judge_envelope(*inline_envelopes_, *inline_processor_, default_log_type_, line, result, on_event))
                        sink.on_quiet(0, line.size() + 1);
                } else {
                    inline_processor_->process(line, default_log_type_, result);
                    sink.on_result(src.path(), src.line_number(), 0, line, result);
                }
                if (sink.write_failed()) return true;  // the output is gone: judging more is for nothing
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
    // A regular file is mapped and cut into ranges that the judging threads split themselves (also
    // with one thread: no copy); other inputs are read and handed over in blocks.
    int fd = -1;
    uint64_t file_size = 0, next_offset = 0;
    mapped_file mapped;
    std::string map_error;
    const bool by_range = src.plain_file(fd, file_size) && mapped.open(fd, file_size, map_error);
    if (inline_processor_ && !by_range) {
        bool ok = run_inline(src, sink, on_pause);
        lines_ = src.line_number();
        return ok;
    }

    // Enough batches in flight to keep every worker busy while the oldest is being drained.
    std::vector<std::unique_ptr<batch>> storage;
    std::vector<batch*> free_batches;
    for (unsigned i = 0; i < threads_ * 2 + 2; ++i) {
        storage.push_back(std::make_unique<batch>());
        free_batches.push_back(storage.back().get());
    }
    std::deque<batch*> in_flight;

    bool ok = true, stop = false;
    error_.clear();
    lines_ = 0;  // lines are numbered here, in input order, as batches drain
    constexpr uint64_t release_every = 8 << 20;
    uint64_t released_to = 0;
    auto drain_oldest = [&] {
        batch* b = in_flight.front();
        in_flight.pop_front();
        if (pool_) pool_->wait(b);
        // A file that shrank while mapped reads as zeros past its new end: what was judged from
        // there is dropped, what was judged before is kept (and flushed), and the run stops.
        uint64_t valid_end = UINT64_MAX;
        if (by_range && mapped_file::input_shrank()) {
            struct stat st {};
            valid_end = fstat(fd, &st) == 0 ? std::min<uint64_t>(static_cast<uint64_t>(st.st_size), file_size) : 0;
            if (error_.empty())
                error_ = "the file shrank to " + std::to_string(valid_end) + " bytes while it was read (it had " + std::to_string(file_size) +
                         "); lines from byte " + std::to_string(valid_end) + " on were not judged";
            stop = true;
        }
        const bool whole = !b->range || b->block.start + b->block.text.size() <= valid_end;
        for (size_t k = 0; k < b->notable.size(); ++k) {
            const auto& l = b->notable[k];
            if (!whole && (l.too_long || b->block.start + l.offset + l.length >= valid_end)) continue;
            if (l.too_long) sink.on_too_long(src.path(), lines_ + l.index + 1, max_line_);
            else sink.on_result(src.path(), lines_ + l.index + 1, l.event, b->raw(l), b->results[k]);
        }
        if (whole) {
            sink.on_quiet(b->quiet_events, b->quiet_bytes);
            static constexpr bad_kind unlisted_as[] = {bad_kind::invalid_json, bad_kind::missing_log_type, bad_kind::unknown_log_type,
                                                       bad_kind::model_read_error, bad_kind::not_an_event};
            static_assert(std::size(unlisted_as) == unlisted_kinds);
            for (size_t k = 0; k < unlisted_kinds; ++k)
                if (b->unlisted[k]) sink.on_unlisted_bad(unlisted_as[k], b->unlisted[k]);
        }
        lines_ += b->line_count;
        if (b->range && b->range->end - released_to >= release_every) {
            // Not just from the last release: the kernel maps a whole page-cache folio (up to 2 MiB)
            // on a fault, so reading a range mapped some of the ranges before it back in. Released in
            // steps of several MiB: each release interrupts the other threads to flush their TLBs.
            constexpr uint64_t folio_slack = 4 << 20;
            const uint64_t end = b->range->end;
            b->range->file->release(released_to > folio_slack ? released_to - folio_slack : 0, end);
            released_to = end;
        }
        b->clear();
        free_batches.push_back(b);
    };

    auto dispatch = [&](batch* b) {
        in_flight.push_back(b);
        if (pool_) {
            pool_->submit(b);
        } else {
            judge_batch(*b, *inline_processor_, inline_envelopes_.get(), default_log_type_, max_line_);
            drain_oldest();
        }
        if (++blocks_ % 8 == 0) signal_pending_ = true;  // progress and reload checks now and then
    };

    for (;;) {
        if (signal_pending_ && !on_pause()) stop = true;
        signal_pending_ = false;
        if (sink.write_failed()) stop = true;  // the output is gone: judging more is for nothing
        if (stop) break;
        if (by_range) {
            // A regular file: the workers read it themselves, each its own range.
            if (next_offset >= file_size) break;
            if (free_batches.empty()) drain_oldest();
            batch* b = free_batches.back();
            free_batches.pop_back();
            b->clear();
            b->rules = rules_;
            uint64_t end = std::min<uint64_t>(next_offset + block_bytes, file_size);
            b->range = batch::file_range{&mapped, next_offset, end};
            src.count_bytes_read(end - next_offset);
            next_offset = end;
            dispatch(b);
            continue;
        }
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
        dispatch(b);
    }
    while (!in_flight.empty()) drain_oldest();
    return ok && error_.empty();
}

uint64_t stream_judge::lines_read() const { return lines_; }

}  // namespace vigil::tools

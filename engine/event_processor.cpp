// Per-event judging: log-type dispatch to the rules of that type, outputs rendered only on a match.
#include "engine/event_processor.hpp"

#include "engine/evaluator.hpp"
#include "engine/event_time.hpp"

namespace vigil::engine {

std::optional<int64_t> event_time_of(event_context& ctx) {
    value t;
    if (ctx.model() && ctx.model()->event_time && ctx.model_applies()) t = evaluate(*ctx.model()->event_time, ctx);
    if (t.is_null()) t = ctx.root().get("p_event_time");
    if (t.type() == value_type::string) return parse_timestamp_ms(t.as_string());
    return std::nullopt;
}

event_processor::event_processor(std::shared_ptr<const ruleset> rules, prefilter_mode mode)
    : rules_(std::move(rules)), adaptive_(mode == prefilter_mode::adaptive) {
    if (mode != prefilter_mode::off && rules_->prefilter().can_skip_lines()) scanner_ = std::make_unique<prefilter_scanner>(rules_->prefilter());
}

namespace {
// Object-shaped: the cheap check a skipped line gets (a truncated line fails it and is parsed).
bool looks_like_object(std::string_view line) {
    size_t b = line.find_first_not_of(" \t");
    size_t e = line.find_last_not_of(" \t");
    return b != std::string_view::npos && line[b] == '{' && line[e] == '}';
}
}  // namespace

// True when the line was skipped (no rule can match it).
bool event_processor::scan_line(std::string_view line, event_result& out) {
    constexpr uint32_t window = 1024, pause = 31 * 1024;
    bool skipped = false;
    if (!scanner_->scan(line) && looks_like_object(line)) {
        // No rule can match. The raw log type still has to be one we know, so that unknown and
        // missing log types are reported exactly as a full parse would (else: parse).
        std::string_view lt = scanner_->raw_log_type();
        if (!lt.empty() && rules_->find(lt)) {
            out.status = event_status::skipped;
            out.log_type = lt;
            skipped = true;
        }
    }
    window_skipped_ += skipped;
    if (adaptive_ && ++window_scanned_ == window) {
        if (window_skipped_ < window / 4) pause_left_ = pause;
        window_scanned_ = window_skipped_ = 0;
    }
    return skipped;
}

void event_processor::process(std::string_view line, std::string_view default_log_type, event_result& out) {
    // Nothing of the event is needed once its result is filled in (the results own their strings):
    // buffers that a big event grew go back now, not when the run ends.
    struct release_after {
        event_processor& p;
        ~release_after() {
            p.doc_.release_if_large();
            p.ctx_.release_large_scratch();
        }
    } release{*this};
    out.status = event_status::ok;
    out.error.clear();
    out.log_type.clear();
    out.match_count = 0;
    out.read_errors.clear();
    if (scanner_) {
        if (pause_left_ > 0) --pause_left_;
        else if (scan_line(line, out)) return;
    }
    if (!doc_.parse_padded(line)) {
        out.status = event_status::invalid_json;
        out.error = doc_.error();
        return;
    }
    value lt = doc_.root().get("p_log_type");
    if (lt.type() == value_type::string) out.log_type = lt.as_string();
    else if (!default_log_type.empty()) out.log_type = default_log_type;
    else {
        out.status = event_status::missing_log_type;
        return;
    }
    const log_type_entry* entry = rules_->find(out.log_type);
    if (!entry) {
        out.status = event_status::unknown_log_type;
        return;
    }
    ctx_.reset(doc_.root(), entry->model);
    candidates_.clear();
    entry->index->candidates(ctx_, candidates_);
    for (uint32_t i : candidates_) {
        const auto& ref = entry->rules[i];
        if (!matches(*ref.variant, ctx_, entry->index->proven(i))) continue;
        if (out.match_count == out.match_storage.size()) out.match_storage.emplace_back();
        rule_match& m = out.match_storage[out.match_count++];
        m.rule = ref.rule;
        m.variant = ref.variant;
        render_dedup(*ref.rule, *ref.variant, ctx_, m.dedup);
        m.has_distinct = render_distinct(*ref.variant, ctx_, m.distinct);
        m.event_time_ms = event_time_of(ctx_);
    }
    out.read_errors = ctx_.read_errors();
}

bool match_renderer::render(std::string_view line, const rule_match& m, rule_outputs& out, std::string& error) {
    if (!doc_.parse(line)) {
        error = doc_.error();
        return false;
    }
    ctx_.reset(doc_.root(), m.variant->model);
    out = render_outputs(*m.rule, *m.variant, ctx_);
    doc_.release_if_large();
    ctx_.release_large_scratch();
    return true;
}

}  // namespace vigil::engine

// Embedded-test execution: rule tests (result and outputs) and data-model tests (normalised fields).
#include "engine/test_runner.hpp"

#include "engine/dedup_tracker.hpp"
#include "engine/evaluator.hpp"
#include "engine/event_document.hpp"
#include "engine/event_processor.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace vigil::engine {

namespace {

std::string where_text(const dsl::file_position& p) {
    return p.file + ":" + std::to_string(p.line) + ":" + std::to_string(p.column);
}

// Key order inside values is not part of equality.
bool same_json(const nlohmann::ordered_json& a, const nlohmann::ordered_json& b) {
    return nlohmann::json::parse(a.dump()) == nlohmann::json::parse(b.dump());
}

std::string indent_reads(const std::vector<std::string>& reads) {
    std::string out;
    for (const auto& r : reads) out += "\n      read " + r;
    return out;
}

std::string describe_decision(const rule_variant& v, const dsl::rule_spec& spec, const decision& d, event_context& ctx) {
    if (d.failed_condition >= 0) {
        const auto& src = spec.conditions[static_cast<size_t>(d.failed_condition)];
        return "condition " + std::to_string(d.failed_condition + 1) + " at " + where_text(src.position()) + " was false: " +
               src.text + indent_reads(trace_reads(v.conditions[static_cast<size_t>(d.failed_condition)], src, ctx));
    }
    if (d.exclusion >= 0) {
        const auto& ex = spec.exclusions[static_cast<size_t>(d.exclusion)];
        return "exclusion '" + ex.name + "' at " + where_text(ex.condition.position()) + " held: " + ex.condition.text +
               indent_reads(trace_reads(v.exclusions[static_cast<size_t>(d.exclusion)], ex.condition, ctx));
    }
    std::string out = "all " + std::to_string(spec.conditions.size()) + " conditions held and no exclusion matched";
    std::vector<std::string> reads;
    for (size_t i = 0; i < v.conditions.size(); ++i) {
        auto r = trace_reads(v.conditions[i], spec.conditions[i], ctx);
        reads.insert(reads.end(), r.begin(), r.end());
    }
    return out + indent_reads(reads);
}

std::optional<std::string> named_log_type(const nlohmann::ordered_json& log) {
    auto it = log.find("p_log_type");
    if (it != log.end() && it->is_string()) return it->get<std::string>();
    return std::nullopt;
}

}  // namespace

std::vector<const nlohmann::ordered_json*> test_logs(const dsl::rule_test& t) {
    std::vector<const nlohmann::ordered_json*> logs;
    if (t.is_sequence())
        for (const auto& l : t.logs) logs.push_back(&l);
    else
        logs.push_back(&t.log);
    return logs;
}

std::string test_log_type(const dsl::rule_spec& spec, const nlohmann::ordered_json& log) {
    return named_log_type(log).value_or(spec.log_types.empty() ? "" : spec.log_types.front());
}

std::vector<std::string> trace_reads(const compiled_node& n, const dsl::expression_text& source, event_context& ctx) {
    std::vector<std::string> reads;
    ctx.listener = [&](const compiled_node& node, const value& v) {
        if (node.where.end > source.text.size() || node.where.end <= node.where.begin) return;
        std::string line = source.text.substr(node.where.begin, node.where.end - node.where.begin) + " = " + to_json(v).dump();
        if (std::find(reads.begin(), reads.end(), line) == reads.end()) reads.push_back(std::move(line));
    };
    (void)holds(n, ctx);
    ctx.listener = nullptr;
    return reads;
}

namespace {

// The differences between a test's Expected* outputs and what the rule produced.
std::vector<std::string> output_diffs(const dsl::rule_test& t, const rule_outputs& got) {
    std::vector<std::string> diffs;
    auto diff = [&](const char* what, const std::string& want, const std::string& have) {
        if (want != have) diffs.push_back(std::string(what) + ": expected \"" + want + "\", got \"" + have + "\"");
    };
    if (t.expected_title) diff("title", *t.expected_title, got.title);
    if (t.expected_dedup) diff("dedup", *t.expected_dedup, got.dedup);
    if (t.expected_severity) diff("severity", std::string(dsl::severity_name(*t.expected_severity)), std::string(dsl::severity_name(got.level)));
    if (t.expected_alert_context) {
        for (const auto& [key, want] : t.expected_alert_context->items()) {
            auto it = got.alert_context.find(key);
            if (it == got.alert_context.end()) diffs.push_back("alert_context." + key + ": expected " + want.dump() + ", but the rule has no such key");
            else if (!same_json(*it, want)) diffs.push_back("alert_context." + key + ": expected " + want.dump() + ", got " + it->dump());
        }
    }
    return diffs;
}

std::string join_reason(std::string why, const std::vector<std::string>& diffs) {
    for (const auto& df : diffs) why += (why.empty() ? "" : "\n    ") + df;
    return why;
}


// `Log:` one event, judged by the conditions and exclusions alone (Threshold does not apply).
void run_single_test(const compiled_rule& rule, const dsl::rule_test& t, test_outcome& o, event_document& doc, event_context& ctx) {
    std::string log_type = test_log_type(*rule.spec, t.log);
    const rule_variant* v = rule.variant_for(log_type);
    if (!v) {
        o.reason = "the test log's p_log_type '" + log_type + "' is not one of the rule's LogTypes";
        return;
    }
    if (!doc.parse(t.log.dump())) {
        o.reason = "invalid JSON: " + doc.error();
        return;
    }
    ctx.reset(doc.root(), v->model);
    decision d = decide(*v, ctx);
    o.actual = d.matched;
    std::vector<std::string> diffs;
    if (d.matched) {
        o.has_outputs = true;
        o.outputs = render_outputs(rule, *v, ctx);
        if (t.expected_result) diffs = output_diffs(t, o.outputs);
    }
    o.passed = o.actual == o.expected && diffs.empty();
    if (o.passed) return;
    std::string why;
    if (o.actual != o.expected)
        why = std::string("expected ") + (o.expected ? "true" : "false") + ", got " + (o.actual ? "true" : "false") + ": " +
              describe_decision(*v, *rule.spec, d, ctx);
    o.reason = join_reason(std::move(why), diffs);
}

// `Logs:` events judged in order as `vigil run` judges a stream: each match goes through the rule's
// dedup window (by the event's time; events without one share a window) and Threshold, DistinctOn
// included. The result is whether an alert opened; the outputs compared are those of the event that
// opened the first one.
void run_sequence_test(const compiled_rule& rule, const dsl::rule_test& t, test_outcome& o, event_document& doc, event_context& ctx) {
    const auto& spec = *rule.spec;
    dedup_tracker tracker;
    tracker.keep_summaries(false);
    size_t matched = 0;
    std::string first_miss;  // why the first event that did not match failed, for the reason
    std::map<std::string, std::set<std::string>> values;  // dedup -> DistinctOn values seen (for the reason)
    std::string dedup, distinct;
    for (size_t i = 0; i < t.logs.size(); ++i) {
        const auto& log = t.logs[i];
        const std::string which = "Logs[" + std::to_string(i) + "]";
        std::string log_type = test_log_type(spec, log);
        const rule_variant* v = rule.variant_for(log_type);
        if (!v) {
            o.reason = which + ": p_log_type '" + log_type + "' is not one of the rule's LogTypes";
            return;
        }
        if (!doc.parse(log.dump())) {
            o.reason = which + ": invalid JSON: " + doc.error();
            return;
        }
        ctx.reset(doc.root(), v->model);
        decision d = decide(*v, ctx);
        if (!d.matched) {
            if (first_miss.empty()) first_miss = which + " did not match: " + describe_decision(*v, spec, d, ctx);
            continue;
        }
        ++matched;
        render_dedup(rule, *v, ctx, dedup);
        distinct_value dv{render_distinct(*v, ctx, distinct), distinct};
        if (dv.present) values[dedup].insert(distinct);
        auto verdict = tracker.record(spec.rule_id, dedup, spec.dedup_period_minutes, spec.threshold, event_time_of(ctx).value_or(0),
                                      spec.distinct_on ? &dv : nullptr);
        if (verdict == dedup_tracker::verdict::opened && !o.actual) {
            o.actual = true;
            o.has_outputs = true;
            o.outputs = render_outputs(rule, *v, ctx);
            o.reason = which + " opened the alert";  // kept only if the test fails
        }
    }
    std::vector<std::string> diffs;
    if (o.actual && t.expected_result) diffs = output_diffs(t, o.outputs);
    o.passed = o.actual == o.expected && diffs.empty();
    if (o.passed) {
        o.reason.clear();
        return;
    }
    std::string why;
    if (o.actual != o.expected) {
        why = std::string("expected ") + (o.expected ? "an alert" : "no alert") + ", got " + (o.actual ? "one: " + o.reason : "none") + "; " +
              std::to_string(matched) + " of " + std::to_string(t.logs.size()) + " logs matched, Threshold " +
              std::to_string(spec.threshold);
        if (spec.distinct_on) {
            size_t most = 0;
            for (const auto& [key, set] : values) most = std::max(most, set.size());
            why += " different values of " + spec.distinct_on->text + " (at most " + std::to_string(most) + " seen for one dedup string)";
        }
        why += ", DedupPeriodMinutes " + std::to_string(spec.dedup_period_minutes);
        if (!first_miss.empty()) why += "\n    " + first_miss;
    }
    o.reason = join_reason(std::move(why), diffs);
}

}  // namespace

rule_test_report run_rule_tests(const ruleset&, const compiled_rule& rule, const std::string& only_test) {
    rule_test_report report;
    report.spec = rule.spec;
    event_document doc;
    event_context ctx;
    for (const auto& t : rule.spec->tests) {
        if (!only_test.empty() && t.name != only_test) continue;
        test_outcome o;
        o.name = t.name;
        o.where = t.where;
        o.expected = t.expected_result;
        if (t.is_sequence()) run_sequence_test(rule, t, o, doc, ctx);
        else run_single_test(rule, t, o, doc, ctx);
        report.tests.push_back(std::move(o));
    }
    return report;
}

model_test_report run_model_tests(const compiled_model& model, const std::string& only_test) {
    model_test_report report;
    report.spec = model.spec;
    event_document doc;
    event_context ctx;
    for (const auto& t : model.spec->tests) {
        if (!only_test.empty() && t.name != only_test) continue;
        test_outcome o;
        o.name = t.name;
        o.where = t.where;
        o.expected = t.expected_applies;
        auto normalised = nlohmann::ordered_json::object();
        if (!doc.parse(t.log.dump())) {
            o.reason = "invalid JSON: " + doc.error();
            report.tests.push_back(std::move(o));
            report.normalised.push_back(normalised);
            continue;
        }
        ctx.reset(doc.root(), &model);
        o.actual = ctx.model_applies();
        for (size_t i = 0; i < model.fields.size(); ++i) normalised[model.field_names[i]] = to_json(ctx.field(static_cast<uint32_t>(i)));
        std::vector<std::string> diffs;
        if (o.actual != o.expected)
            diffs.push_back(std::string("expected the model to ") + (o.expected ? "apply" : "not apply") + ", but its When guard was " +
                            (o.actual ? "true" : "false"));
        if (t.expected) {
            for (const auto& [key, want] : t.expected->items()) {
                int slot = model.field_slot(key);
                if (slot < 0) diffs.push_back(key + ": the data model has no mapping of that name");
                else if (!same_json(normalised[key], want)) diffs.push_back(key + ": expected " + want.dump() + ", got " + normalised[key].dump());
            }
        }
        o.passed = diffs.empty();
        if (!o.passed) {
            for (const auto& df : diffs) o.reason += (o.reason.empty() ? "" : "\n    ") + df;
            // A read error is expected for a deliberately broken log, so it only explains a failure.
            for (const auto& e : ctx.read_errors()) o.reason += "\n    note: " + e;
        }
        report.tests.push_back(std::move(o));
        report.normalised.push_back(normalised);
    }
    return report;
}

}  // namespace vigil::engine

// `vigil run`: startup (load, validate, report), the event stream loop, signals, summary and stats.
#include "run_command.hpp"

#include "alert_sink.hpp"
#include "common/load.hpp"
#include "engine/event_time.hpp"
#include "line_source.hpp"
#include "progress.hpp"
#include "signals.hpp"
#include "stream_judge.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <system_error>
#include <fstream>
#include <iostream>
#include <string_view>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace vigil::tools {

namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point t) { return std::chrono::duration<double>(clock_type::now() - t).count(); }

std::string plural(size_t n, const char* word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); }

// Loads and reports. Returns null when the rules must not be used (errors without --skip-invalid).
std::shared_ptr<const engine::ruleset> load(const run_options& o, const char* verb) {
    auto start = clock_type::now();
    engine::ruleset_options ro;
    ro.packs = o.packs;
    ro.threads = o.threads;  // one thread means one, for loading too (0: one per core)
    auto loaded = load_rules(o.rule_paths, ro);
    dsl::print_diagnostics(std::cerr, loaded.diags);
    if (loaded.diags.has_errors()) {
        if (!o.skip_invalid) {
            std::cerr << "vigil: " << (std::string_view(verb) == "loaded" ? "load" : "reload") << " failed: " << plural(loaded.diags.error_count(), "error")
                      << " (use --skip-invalid to run the valid rules)\n";
            return nullptr;
        }
        for (const auto& d : loaded.rules->dropped) std::cerr << "vigil: --skip-invalid: dropped " << d << "\n";
    }
    const auto& rs = *loaded.rules;
    std::string types;
    for (const auto& e : rs.log_types()) types += (types.empty() ? "" : ", ") + e.log_type;
    size_t enabled = 0;
    for (const auto& r : rs.rules()) enabled += r.spec->enabled;
    std::cerr << "vigil: " << verb << " " << plural(enabled, "rule") << ", " << plural(rs.models().size(), "data model") << ", "
              << plural(rs.log_types().size(), "log type") << (types.empty() ? "" : " (" + types + ")") << " in "
              << static_cast<int>(seconds_since(start) * 1000) << " ms\n";
    if (enabled == 0) std::cerr << "vigil: warning: no enabled rules: no alert can be raised\n";
    return loaded.rules;
}

std::string envelope_name_list() {
    std::string all;
    for (auto n : engine::envelope_names()) all += (all.empty() ? "" : ", ") + std::string(n);
    return all;
}

bool write_summary(const std::string& path, const engine::dedup_tracker& dedup) {
    auto doc = nlohmann::ordered_json::array();
    for (const auto& a : dedup.alerts()) {
        doc.push_back({{"rule_id", a.rule_id},
                       {"dedup", a.dedup},
                       {"title", a.title},
                       {"severity", a.severity},
                       {"event_count", a.event_count},
                       {"first_event_time", engine::format_timestamp_ms(a.first_event_ms)},
                       {"last_event_time", engine::format_timestamp_ms(a.last_event_ms)},
                       {"source", {{"file", a.source_file}, {"line", a.source_line}}}});
        if (a.source_index) doc.back()["source"]["index"] = a.source_index;
    }
    std::ofstream out(path);
    out << nlohmann::ordered_json{{"alerts", doc}}.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return static_cast<bool>(out);
}

}  // namespace

void add_run_command(CLI::App& app, run_options& o) {
    auto* cmd = app.add_subcommand("run", "Stream NDJSON events through the rule packs and write alerts as NDJSON");
    cmd->add_option("events", o.inputs, "NDJSON event files, plain or gzip; '-' or none for stdin");
    cmd->add_option("--rules", o.rule_paths, "Rule, data-model and pack files or folders (default: the bundled rules/ and schemas/); repeat for more")
        ->allow_extra_args(false);  // one path per --rules, so `--rules DIR events.ndjson` reads events.ndjson
    cmd->add_option("--pack", o.packs, "Run only the rules and data models of this pack (repeatable)")->allow_extra_args(false);
    cmd->add_option("--log-type", o.log_type, "Log type for events without p_log_type (with --envelope: instead of the one the envelope implies)");
    cmd->add_option("--envelope", o.envelope,
                    "Each line is an export envelope holding many events, judged one by one: " + envelope_name_list() +
                        " (Azure resource-log bodies {\"records\":[...]}, CloudWatch Logs subscription payloads, CloudTrail files {\"Records\":[...]})")
        ->check([](const std::string& v) {
            if (engine::envelope_named(v)) return std::string{};
            return "unknown envelope '" + v + "' (one of: " + envelope_name_list() + ")";
        })
        ->default_val("none");
    cmd->add_option("-o,--output", o.output, "Write alerts to this file instead of stdout");
    cmd->add_option("--summary", o.summary, "At the end, write each alert's event count and first/last event time (JSON)");
    cmd->add_option("--max-line-bytes", o.max_line_bytes, "Longer lines are skipped and reported")->default_val(16 << 20);
    cmd->add_option("--threads", o.threads, "Threads for loading the rules and judging events (default: one per core)");
    cmd->add_flag("--all-matches", o.all_matches, "Write every match, not only the first of each dedup window");
    cmd->add_flag("--strict", o.strict, "Exit 1 when any input line was bad");
    cmd->add_flag("--skip-invalid", o.skip_invalid, "Run the valid rules when some fail to load, and say which were dropped");
    cmd->add_flag("--no-progress", o.no_progress, "No progress line, even on a terminal");
    cmd->add_flag("--no-prefilter", o.no_prefilter,
                  "Parse and judge every line (the literal prefilter skips lines no rule can match; alerts are the same)");
}

int run(const run_options& o) {
    auto& signals = install_signal_handlers();
    if (!o.summary.empty()) {
        // Found out now, not after judging the whole input: the summary would be lost then.
        std::FILE* probe = std::fopen(o.summary.c_str(), "a");
        if (!probe) {
            std::cerr << "vigil: cannot write --summary " << o.summary << ": " << std::strerror(errno) << "\n";
            return 2;
        }
        std::fclose(probe);
    }
    auto rules = load(o, "loaded");
    if (!rules) return 2;

    std::FILE* out = stdout;
    if (!o.output.empty()) {
        out = std::fopen(o.output.c_str(), "w");
        if (!out) {
            std::cerr << "vigil: cannot write " << o.output << ": " << std::strerror(errno) << "\n";
            return 2;
        }
    }
    struct stat st {};
    bool out_is_file = fstat(fileno(out), &st) == 0 && S_ISREG(st.st_mode);

    bad_lines bad(std::cerr);
    alert_sink sink(out, o.output.empty() ? "stdout" : o.output, !out_is_file, o.all_matches, bad);
    sink.keep_summaries(!o.summary.empty());
    unsigned threads = o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
    std::unique_ptr<stream_judge> judge_owner;
    try {
        judge_owner = std::make_unique<stream_judge>(rules, threads, o.log_type, o.max_line_bytes, !o.no_prefilter,
                                                     engine::envelope_named(o.envelope).value_or(engine::envelope_kind::none));
    } catch (const std::system_error& e) {
        std::cerr << "vigil: cannot start " << threads << " threads: " << e.code().message() << " (try a smaller --threads)\n";
        return 2;
    }
    stream_judge& judge = *judge_owner;
    progress_line progress(!o.no_progress && isatty(2));

    auto start = clock_type::now();
    bool input_failed = false;  // an input could not be opened, or shrank while it was read
    std::vector<std::string> inputs = o.inputs.empty() ? std::vector<std::string>{"-"} : o.inputs;
    for (const auto& path : inputs) {
        if (signals.stop) break;
        line_source src(path, o.max_line_bytes);
        std::string err;
        if (!src.open(err)) {
            bad.report(bad_kind::read_error, path, 0, "cannot open: " + err);
            input_failed = true;  // the other inputs are still judged; the exit status says it
            continue;
        }
        progress.start_file(path == "-" ? "stdin" : path, src.total_bytes());
        auto on_pause = [&]() {
            // Called whenever the read was interrupted by a signal, and between batches.
            if (signals.reload) {
                signals.reload = 0;
                std::cerr << "vigil: SIGHUP: reloading rules\n";
                if (auto fresh = load(o, "reloaded")) judge.replace_rules(fresh);
                else std::cerr << "vigil: reload failed; still running the previous rules\n";
            }
            progress.update(src.bytes_read(), sink.counters().events, seconds_since(start));
            return signals.stop == 0 && !sink.write_failed();
        };
        if (!judge.run(src, sink, on_pause)) {
            // The read failed in the line after the last complete one.
            const std::string& why = !judge.error().empty() ? judge.error() : src.error();
            if (!why.empty()) bad.report(bad_kind::read_error, path, judge.error().empty() ? judge.lines_read() + 1 : 0, why);
            // A read error inside the stream (a damaged gzip member) is bad input, counted like a bad
            // line; a file that changed under the mapping is an operational failure.
            if (!judge.error().empty()) input_failed = true;
        }
        progress.finish();
        if (sink.write_failed()) break;
    }
    sink.detach();
    if (!o.output.empty() && std::fclose(out) != 0 && !sink.write_failed()) {
        std::cerr << "vigil: cannot write alerts to " << o.output << ": " << std::strerror(errno) << "\n";
        input_failed = true;
    }
    bool summary_failed = false;
    if (!o.summary.empty() && !write_summary(o.summary, sink.dedup())) {
        std::cerr << "vigil: cannot write --summary " << o.summary << "\n";
        summary_failed = true;
    }

    double secs = seconds_since(start);
    const auto& c = sink.counters();
    char rate[64];
    std::snprintf(rate, sizeof rate, "%.0f events/s", secs > 0 ? static_cast<double>(c.events) / secs : 0.0);
    const char* ending = signals.stop ? "interrupted: " : sink.write_failed() ? "stopped: " : "done: ";
    std::cerr << "vigil: " << ending << c.events << " events, " << c.bytes << " bytes, "
              << c.matches << " matches, " << c.alerts << " alerts; bad lines: " << bad.summary() << "; " << rate << " ("
              << threads << (threads == 1 ? " thread" : " threads") << ")\n";
    // The alerts judged before any of these were written (flushed above).
    if (sink.write_failed() || input_failed || summary_failed) return 2;
    // The process ends next: the OS takes the rules back at once, while destroying a large pack
    // node by node costs tens of milliseconds. Still reachable from here, so no leak is reported.
    static const auto* kept_until_exit = new std::shared_ptr<const engine::ruleset>(judge.rules());
    (void)kept_until_exit;
    if (signals.stop == SIGINT) return 130;
    return (o.strict && bad.total() > 0) ? 1 : 0;
}

}  // namespace vigil::tools

// vigil-bench: in ONE run on ONE generated file, measures vigil run (1, 100, 1,000 rules; 1 and N
// threads), simdjson parse-only, the hand-written simdjson reference, and the Python and Node.js
// baselines; prints events/s, MB/s, peak RSS and the ratios, and checks all find the same matches.
#include "in_process.hpp"
#include "measure.hpp"

#include "corpus.hpp"
#include "synthetic_rules.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <regex>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace vigil::bench;

namespace {

struct variant {
    std::string name;
    std::string kind;  // "vigil", "child", "baseline", "floor" (wc, grep)
    std::vector<std::string> argv;
    std::string summary_file;  // vigil: where --summary goes
    bool checks_matches = true;
};

struct result {
    double seconds = 0;
    long rss_kb = 0;
    uint64_t matches = 0;
    uint64_t hash = 0;        // of the match lines (reference and baselines)
    uint64_t alerts_hash = 0; // of the CSR alerts (vigil: first line and count of each)
    bool ok = true;
    std::string note;
    double judged_rate = 0;  // vigil: its own events/s, start-up and rule loading excluded
    double load_ms = 0;      // vigil: rule loading
};

uint64_t fnv_lines(const std::vector<uint64_t>& lines, uint64_t& count) {
    uint64_t h = 1469598103934665603ULL;
    count = lines.size();
    for (auto l : lines) h = (h ^ l) * 1099511628211ULL;
    return h;
}

// vigil runs as deployed (one alert per dedup window); its --summary gives each alert's first line
// and how many matches it stands for. The CSR matches are the sum of those counts.
void csr_alerts(const std::string& summary_path, result& r) {
    std::ifstream in(summary_path);
    auto j = nlohmann::json::parse(in, nullptr, false);
    std::vector<uint64_t> parts;
    r.matches = 0;
    if (j.is_discarded() || !j.contains("alerts")) return;
    for (const auto& a : j["alerts"]) {
        if (a.value("rule_id", "") != "Kubernetes.ClientCertificate.Created") continue;
        r.matches += a["event_count"].get<uint64_t>();
        parts.push_back(a["source"]["line"].get<uint64_t>());
        parts.push_back(a["event_count"].get<uint64_t>());
    }
    uint64_t n = 0;
    r.alerts_hash = fnv_lines(parts, n);
}

std::string self_dir() { return fs::canonical("/proc/self/exe").parent_path().string(); }

std::string with_commas(size_t n) {
    std::string s = std::to_string(n);
    for (size_t i = s.size(); i > 3; i -= 3) s.insert(i - 3, ",");
    return s;
}

std::string fmt(double v, const char* f) {
    char b[64];
    std::snprintf(b, sizeof b, f, v);
    return b;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Benchmarks vigil run against simdjson parse-only, a hand-written simdjson On Demand version of the\n"
                 "CSR rule and Python/Node.js baselines, on one generated Kubernetes audit corpus."};
    uint64_t events = 500000, seed = 1;
    std::string input, workdir, child, child_file;
    int runs = 3;
    unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    bool baselines = true;
    int baseline_runs = 3;
    std::vector<size_t> pack_sizes{100, 1000};
    app.add_option("--events", events, "Events to generate")->default_val(500000);
    app.add_option("--input", input, "Use this NDJSON file instead of generating one");
    app.add_option("--seed", seed, "Corpus seed")->default_val(1);
    app.add_option("--runs", runs, "Rounds; each runs every variant once (the median is reported)")->default_val(3)->check(CLI::PositiveNumber);
    app.add_option("--threads", threads, "Threads for the multi-threaded vigil run variant");
    app.add_option("--workdir", workdir, "Keep the corpus, rule packs and outputs here");
    app.add_flag("!--no-baselines", baselines, "Skip the Python and Node.js baselines");
    app.add_option("--baseline-runs", baseline_runs, "Rounds that also run the slow Python and Node.js baselines (the first ones)")
        ->default_val(3)
        ->check(CLI::PositiveNumber);
    app.add_option("--rule-counts", pack_sizes, "Sizes of the two synthetic packs (shipped rule included); the targets are for 100 and 1,000")
        ->expected(2)
        ->delimiter(',')
        ->check(CLI::Range(size_t{2}, size_t{100000}))
        ->default_str("100,1000");
    app.add_option("--child", child, "(internal) run one in-process variant: dom | reference")->group("");
    app.add_option("--child-file", child_file, "(internal)")->group("");
    CLI11_PARSE(app, argc, argv);
    if (!child.empty()) return run_in_process(child, child_file);

    const std::string src = VIGIL_SOURCE_DIR;
    if (workdir.empty()) {
        char tmpl[] = "/tmp/vigil-bench-XXXXXX";
        workdir = mkdtemp(tmpl);
    }
    fs::create_directories(workdir);
    std::string corpus = input;
    std::error_code ec;
    if (!corpus.empty() && !fs::is_regular_file(corpus, ec)) {
        std::cerr << "vigil-bench: --input " << corpus << ": not a readable file\n";
        return 2;
    }
    if (corpus.empty()) {
        corpus = workdir + "/corpus.ndjson";
        std::ofstream out(corpus, std::ios::binary);
        vigil::corpus::corpus_options co;
        co.events = events;
        co.seed = seed;
        auto st = vigil::corpus::generate_corpus(co, out);
        std::cerr << "vigil-bench: generated " << st.events << " events (" << st.bytes / 1048576 << " MiB) into " << corpus << "\n";
    }
    uint64_t bytes = fs::file_size(corpus);
    {
        // Count lines, and warm the page cache so every variant reads from memory.
        std::ifstream in(corpus, std::ios::binary);
        std::vector<char> buf(1 << 20);
        events = 0;
        while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0)
            for (std::streamsize i = 0; i < in.gcount(); ++i) events += buf[static_cast<size_t>(i)] == '\n';
    }
    std::string error;
    // The CSR rule is one of each synthetic pack's rules.
    auto pack_dir = [&](size_t n) { return workdir + "/synthetic" + std::to_string(n); };
    auto pack_name = [&](size_t n) { return with_commas(n) + " rules"; };
    for (size_t n : pack_sizes)
        if (!vigil::rule_gen::write_synthetic_rules(pack_dir(n), n - 1, error)) {
            std::cerr << "vigil-bench: " << error << "\n";
            return 1;
        }

    const std::string bin = self_dir();
    // Where each variant sits in `variants` (pushed in this order below; the baselines come last).
    enum variant_at : size_t { v_wc, v_grep, v_dom, v_reference, v_one_rule, v_small, v_large, v_one_rule_mt, v_large_mt, v_no_prefilter, v_pack,
                               v_pack_mt, v_baselines };
    std::vector<variant> variants;
    // The floor: reading the file and finding its lines (wc -l), and finding the CSR rule's rarest
    // literal in it (grep -F), each a whole process reading the same cached file as every variant.
    variants.push_back({"wc -l (read + count lines)", "floor", {"/usr/bin/env", "wc", "-l", corpus}, "", false});
    variants.push_back({"grep -c -F certificatesigningrequests", "floor", {"/usr/bin/env", "grep", "-c", "-F", "certificatesigningrequests", corpus}, "", false});
    variants.push_back({"simdjson DOM, parse only, no rule", "child", {bin + "/vigil-bench", "--child", "dom", "--child-file", corpus}, "", false});
    variants.push_back({"hand-written simdjson On Demand, CSR rule (reference)", "child",
                        {bin + "/vigil-bench", "--child", "reference", "--child-file", corpus}, "", true});
    // The 1-rule figures are the CSR rule alone (with the pack's shared macros and the data models);
    // the pack variants load the whole rules/ folder.
    const std::vector<std::string> one_rule = {src + "/rules/kubernetes/k8s_client_certificate_created.yml", src + "/rules/kubernetes/k8s_shared.yml",
                                               src + "/schemas"};
    const std::vector<std::string> whole_pack = {src + "/rules", src + "/schemas"};
    auto vigil_variant = [&](const std::string& name, unsigned t, const std::vector<std::string>& extra_rules, const std::string& tag,
                             bool prefilter = true, const std::vector<std::string>& base_rules = {}) {
        variant v{name, "vigil", {bin + "/vigil", "run", "--threads", std::to_string(t), "--no-progress"}, workdir + "/summary_" + tag + ".json", true};
        if (!prefilter) v.argv.push_back("--no-prefilter");
        v.argv.insert(v.argv.end(), {"-o", workdir + "/alerts_" + tag + ".ndjson", "--summary", v.summary_file});
        for (const auto& r : base_rules.empty() ? one_rule : base_rules) v.argv.insert(v.argv.end(), {"--rules", r});
        for (const auto& r : extra_rules) v.argv.insert(v.argv.end(), {"--rules", r});
        v.argv.push_back(corpus);
        variants.push_back(v);
    };
    vigil_variant("vigil run, CSR rule (1 rule), 1 thread", 1, {}, "1rule");
    const size_t small = pack_sizes[0], large = pack_sizes[1];
    vigil_variant("vigil run, " + pack_name(small) + ", 1 thread", 1, {pack_dir(small)}, "small_pack");
    vigil_variant("vigil run, " + pack_name(large) + ", 1 thread", 1, {pack_dir(large)}, "large_pack");
    vigil_variant("vigil run, CSR rule, " + std::to_string(threads) + " threads", threads, {}, "1rule_mt");
    vigil_variant("vigil run, " + pack_name(large) + ", " + std::to_string(threads) + " threads", threads, {pack_dir(large)}, "large_pack_mt");
    vigil_variant("vigil run, CSR rule, 1 thread, prefilter off", 1, {}, "1rule_nopf", false);
    vigil_variant("vigil run, whole Kubernetes pack, 1 thread", 1, {}, "pack", true, whole_pack);
    vigil_variant("vigil run, whole Kubernetes pack, " + std::to_string(threads) + " threads", threads, {}, "pack_mt", true, whole_pack);
    if (baselines) {
        if (access("/usr/bin/node", X_OK) == 0 || access("/usr/local/bin/node", X_OK) == 0)
            variants.push_back({"Node.js, JSON.parse + the rule in plain JS", "baseline", {"/usr/bin/env", "node", src + "/tools/baselines/csr_rule.js", corpus, "--list"}, "", true});
        variants.push_back({"CPython, json.loads + the rule, Panther style", "baseline", {"/usr/bin/env", "python3", src + "/tools/baselines/csr_rule.py", corpus, "--list"}, "", true});
    }

    // Round-robin: each round runs every variant once, so that this VM's drifting speed (it changes
    // by tens of percent over minutes) falls on all variants alike and the ratios stay fair.
    std::vector<result> results(variants.size());
    // Per variant and round (0: not run). Ratios are taken round by round, from runs seconds apart.
    const auto per_round = std::vector<std::vector<double>>(variants.size(), std::vector<double>(static_cast<size_t>(runs), 0.0));
    auto secs = per_round, judged = per_round;
    std::vector<std::vector<double>> loads(variants.size());
    // The runs of a thread ratio go back to back, first one then the other in turn (1 thread first in
    // even rounds): runs minutes apart met different machine speeds, and a fixed order would give
    // the drift within a round to one side of the ratio.
    auto round_order = [&](int round) {
        std::vector<size_t> order = {v_wc, v_grep, v_dom, v_reference, v_one_rule, v_one_rule_mt, v_large, v_large_mt, v_small, v_no_prefilter,
                                     v_pack, v_pack_mt};
        if (round % 2) std::swap(order[4], order[5]), std::swap(order[6], order[7]), std::swap(order[10], order[11]);
        for (size_t vi = v_baselines; vi < variants.size(); ++vi) order.push_back(vi);
        return order;
    };
    for (int round = 0; round < runs; ++round) {
        for (size_t vi : round_order(round)) {
            const auto& v = variants[vi];
            result& r = results[vi];
            if (!r.ok || (v.kind == "baseline" && round >= baseline_runs)) continue;  // the slow baselines: fewer rounds
            std::cerr << "vigil-bench: round " << round + 1 << "/" << runs << ": " << v.name << "\n";
            auto m = run_child(v.argv, workdir + "/stderr.txt");
            std::ifstream e(workdir + "/stderr.txt");
            std::stringstream err;
            err << e.rdbuf();
            if (m.exit_code != 0) {
                r.ok = false;
                r.note = "exit " + std::to_string(m.exit_code) + ": " + err.str().substr(0, 300);
                continue;
            }
            secs[vi][static_cast<size_t>(round)] = m.seconds;
            r.rss_kb = std::max(r.rss_kb, m.peak_rss_kb);
            if (v.kind == "vigil") {
                // vigil's own figures: rule loading, and events/s from the first byte read to the last alert written.
                std::smatch sm;
                std::string text = err.str();
                if (std::regex_search(text, sm, std::regex(R"(; (\d+) events/s \()"))) judged[vi][static_cast<size_t>(round)] = std::stod(sm[1]);
                if (std::regex_search(text, sm, std::regex(R"(loaded .* in (\d+) ms)"))) loads[vi].push_back(std::stod(sm[1]));
            }
            if (round == 0) {
                std::vector<uint64_t> lines;
                if (v.kind == "vigil") {
                    csr_alerts(v.summary_file, r);
                } else if (v.kind == "baseline") {
                    std::istringstream ss(m.output);
                    for (uint64_t l; ss >> l;) lines.push_back(l);
                    r.hash = fnv_lines(lines, r.matches);
                } else {
                    std::istringstream ss(m.output);
                    uint64_t ev = 0;
                    ss >> ev >> r.matches >> r.hash;
                }
            }
        }
    }
    auto run_ones = [](const std::vector<double>& xs) {
        std::vector<double> out;
        std::copy_if(xs.begin(), xs.end(), std::back_inserter(out), [](double x) { return x > 0; });
        return out;
    };
    for (size_t vi = 0; vi < variants.size(); ++vi) {
        results[vi].seconds = median(run_ones(secs[vi]));
        results[vi].judged_rate = median(run_ones(judged[vi]));
        results[vi].load_ms = median(loads[vi]);
    }
    // Each ratio is taken round by round (both runs of a pair met about the same VM speed); reported
    // are the median round and, where a ratio sits near its target, the lowest and highest.
    struct ratio_rounds {
        std::vector<double> q;
        double median_value() const { return median(q); }
        std::string spread(const char* f) const {
            if (q.size() < 2) return "";
            auto [lo, hi] = std::minmax_element(q.begin(), q.end());
            return " (rounds " + fmt(*lo, f) + "-" + fmt(*hi, f) + ")";
        }
    };
    auto round_ratios = [&](const std::vector<std::vector<double>>& xs, size_t num, size_t den) {
        ratio_rounds out;
        for (size_t r = 0; r < static_cast<size_t>(runs); ++r)
            if (xs[num][r] > 0 && xs[den][r] > 0) out.q.push_back(xs[num][r] / xs[den][r]);
        return out;
    };
    // How many times faster variant a is than b: from wall times (b over a) and from vigil's own
    // judged events/s (a over b).
    auto speedup = [&](size_t a, size_t b) { return round_ratios(secs, b, a); };
    auto judged_speedup = [&](size_t a, size_t b) { return round_ratios(judged, a, b); };

    // Report.
    const double mb = static_cast<double>(bytes) / 1e6;
    auto rate = [&](const result& r) { return r.seconds > 0 ? static_cast<double>(events) / r.seconds : 0.0; };
    std::cout << "\nCorpus: " << events << " events, " << fmt(mb, "%.1f") << " MB (" << fmt(static_cast<double>(bytes) / static_cast<double>(events), "%.0f")
              << " B/event), " << corpus << "\n";
    std::cout << "Machine: " << std::thread::hardware_concurrency() << " cores; median of " << runs << " rounds (baselines: "
              << std::min(runs, baseline_runs) << ")\n\n";
    std::cout << "| variant | events/s | MB/s | peak RSS | CSR matches | judged events/s | rule loading |\n"
                 "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n";
    // Same matches: the reference's match lines for the other programs; for vigil, the same number of
    // CSR matches and the very same CSR alerts (first line and count) in every variant.
    const result& ref = results[v_reference];
    const result& first_vigil = results[v_one_rule];
    bool all_same = true;
    for (size_t i = 0; i < variants.size(); ++i) {
        const auto& r = results[i];
        bool agrees = variants[i].kind == "vigil" ? r.matches == ref.matches && r.alerts_hash == first_vigil.alerts_hash
                                                  : r.hash == ref.hash && r.matches == ref.matches;
        std::string same = !variants[i].checks_matches ? "n/a" : agrees ? std::to_string(r.matches) : std::to_string(r.matches) + " (DIFFERS)";
        if (variants[i].checks_matches && !agrees) all_same = false;
        if (!r.ok) {
            std::cout << "| " << variants[i].name << " | failed: " << r.note << " | | | | | |\n";
            all_same = false;
            continue;
        }
        const bool own = variants[i].kind == "vigil";
        std::cout << "| " << variants[i].name << " | " << fmt(rate(r), "%.0f") << " | " << fmt(mb / r.seconds, "%.0f") << " | "
                  << fmt(static_cast<double>(r.rss_kb) / 1024.0, "%.1f") << " MB | " << same << " | " << (own ? fmt(r.judged_rate, "%.0f") : "")
                  << " | " << (own ? fmt(r.load_ms, "%.0f ms") : "") << " |\n";
    }
    auto ratio = [&](size_t a, size_t b) { return speedup(a, b).median_value(); };
    auto judged_ratio = [&](size_t a, size_t b) { return judged_speedup(a, b).median_value(); };
    // A speed-up with its round spread, e.g. "1.96x (rounds 1.55-2.04)".
    auto with_rounds = [](const ratio_rounds& r, const char* f) { return fmt(r.median_value(), f) + "x" + r.spread(f); };
    std::cout << "\nRatios (events/s of the first over the second; median over the rounds of each round's ratio):\n";
    std::cout << "- vigil (CSR rule, 1 thread) / hand-written simdjson reference (read(2) into a reused buffer, On Demand per line): "
              << with_rounds(speedup(v_one_rule, v_reference), "%.2f") << " (target >= 1.3)\n";
    std::cout << "- vigil (CSR rule, 1 thread) / grep -c -F: " << fmt(ratio(v_one_rule, v_grep) * 100, "%.0f") << "% (target >= 70%); / wc -l: "
              << fmt(ratio(v_one_rule, v_wc) * 100, "%.0f") << "%\n";
    for (size_t i = v_baselines; i < variants.size(); ++i)
        std::cout << "- vigil (CSR rule, 1 thread) / " << variants[i].name << ": " << with_rounds(speedup(v_one_rule, i), "%.1f") << "\n";
    // The same ratios from vigil's own judged events/s: start-up and rule loading left out, as in a
    // long-running deployment (a 1,000-rule pack takes a few hundred ms to load, a fixed cost).
    std::cout << "- " << pack_name(small) << " / 1 rule: " << fmt(ratio(v_small, v_one_rule) * 100, "%.0f") << "%, judged " << fmt(judged_ratio(v_small, v_one_rule) * 100, "%.0f")
              << "% (target >= 50%)\n";
    std::cout << "- " << pack_name(large) << " / 1 rule: " << fmt(ratio(v_large, v_one_rule) * 100, "%.0f") << "%, judged " << fmt(judged_ratio(v_large, v_one_rule) * 100, "%.0f")
              << "% (target >= 25%)\n";
    std::cout << "- " << threads << " threads / 1 thread (CSR rule): " << with_rounds(speedup(v_one_rule_mt, v_one_rule), "%.2f") << ", judged "
              << with_rounds(judged_speedup(v_one_rule_mt, v_one_rule), "%.2f") << "; (" << pack_name(large)
              << "): " << with_rounds(speedup(v_large_mt, v_large), "%.2f") << ", judged " << with_rounds(judged_speedup(v_large_mt, v_large), "%.2f") << " (target >= 1.8x)\n";
    std::cout << "- prefilter on / off: " << fmt(ratio(v_one_rule, v_no_prefilter), "%.1f") << "x\n";
    std::cout << "- whole Kubernetes pack / 1 rule: " << fmt(ratio(v_pack, v_one_rule) * 100, "%.0f") << "%, judged "
              << fmt(judged_ratio(v_pack, v_one_rule) * 100, "%.0f") << "% (target >= 60%); " << threads << " threads / 1 thread (whole pack): "
              << with_rounds(speedup(v_pack_mt, v_pack), "%.2f") << "\n";
    std::cout << "\nSame CSR matches in every variant: " << (all_same ? "yes" : "NO") << "\n";
    return all_same ? 0 : 1;
}

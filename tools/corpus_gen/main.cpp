// vigil-corpus-gen: writes a deterministic NDJSON corpus of EKS, AKS and GKE Kubernetes audit events.
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include "byte_size.hpp"
#include "corpus.hpp"

int main(int argc, char** argv) {
    vigil::corpus::corpus_options options;
    std::string bytes_text;
    std::string output;
    bool quiet = false;

    CLI::App app{"Deterministic Kubernetes audit corpus (Amazon.EKS.Audit, Azure.MonitorActivity, GCP.AuditLog) as NDJSON"};
    // A string first: CLI11 would wrap "-5" into a huge unsigned count.
    std::string events_text;
    auto* events_opt = app.add_option("--events", events_text, "Number of events (lines) to write")->type_name("N");
    auto* bytes_opt = app.add_option("--bytes", bytes_text, "Write until the output reaches SIZE (e.g. 200M, 1G; K/M/G = 1024^n)")
                          ->type_name("SIZE");
    events_opt->excludes(bytes_opt);
    app.add_option("--seed", options.seed, "PRNG seed; the same seed gives byte-identical output")->capture_default_str();
    app.add_option("--csr-rate", options.csr_rate, "Share of events that are CSR creations")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    app.add_option("--attack-rate", options.attack_rate,
                   "Share of the other events that are a Kubernetes attack technique of the threat pack (one of 11, "
                   "picked uniformly); they replace background events, so the CSR creations stay the same; 0: none")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    app.add_option("--output,-o", output, "Output file (default: stdout)");
    app.add_flag("--quiet,-q", quiet, "Do not print the summary on stderr");
    CLI11_PARSE(app, argc, argv);

    if (events_opt->count() == 0 && bytes_opt->count() == 0) {
        std::cerr << "vigil-corpus-gen: give --events N or --bytes SIZE\n";
        return 2;
    }
    if (events_opt->count() > 0) {
        const auto count = vigil::corpus::parse_count(events_text);
        if (!count) {
            std::cerr << "vigil-corpus-gen: bad --events value '" << events_text << "'\n";
            return 2;
        }
        options.events = *count;
    }
    if (bytes_opt->count() > 0) {
        const auto size = vigil::corpus::parse_byte_size(bytes_text);
        if (!size || *size == 0) {
            std::cerr << "vigil-corpus-gen: bad --bytes value '" << bytes_text << "'\n";
            return 2;
        }
        options.bytes = *size;
    }

    std::ofstream file;
    std::ostream* out = &std::cout;
    if (!output.empty() && output != "-") {
        file.open(output, std::ios::binary | std::ios::trunc);
        if (!file) {
            std::cerr << "vigil-corpus-gen: cannot open " << output << "\n";
            return 1;
        }
        out = &file;
    } else {
        std::ios::sync_with_stdio(false);
    }

    const auto start = std::chrono::steady_clock::now();
    const auto stats = vigil::corpus::generate_corpus(options, *out);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!*out) {
        std::cerr << "vigil-corpus-gen: write failed\n";
        return 1;
    }
    if (!quiet) {
        std::fprintf(stderr,
                     "vigil-corpus-gen: %llu events, %llu bytes (%.0f B/event) in %.2f s (%.0f MB/s); "
                     "EKS %llu, AKS %llu, GKE %llu; CSR creations %llu, expected CSR alerts %llu\n",
                     static_cast<unsigned long long>(stats.events), static_cast<unsigned long long>(stats.bytes),
                     stats.events ? static_cast<double>(stats.bytes) / static_cast<double>(stats.events) : 0.0,
                     seconds, static_cast<double>(stats.bytes) / 1e6 / (seconds > 0 ? seconds : 1e-9),
                     static_cast<unsigned long long>(stats.eks_events), static_cast<unsigned long long>(stats.aks_events),
                     static_cast<unsigned long long>(stats.gke_events),
                     static_cast<unsigned long long>(stats.csr_creations),
                     static_cast<unsigned long long>(stats.expected_alerts));
        // One line more, so that the first keeps its format for whoever reads it.
        std::fprintf(stderr, "vigil-corpus-gen: attack events %llu", static_cast<unsigned long long>(stats.attack_events));
        const char* separator = " (";
        for (std::size_t i = 0; i < vigil::corpus::attack_technique_count; ++i) {
            if (stats.attack_events == 0) break;
            std::fprintf(stderr, "%s%s %llu", separator, vigil::corpus::attack_technique_name(static_cast<vigil::corpus::attack_technique>(i)),
                         static_cast<unsigned long long>(stats.attacks_by_technique[i]));
            separator = ", ";
        }
        std::fprintf(stderr, "%s\n", stats.attack_events == 0 ? "" : ")");
    }
    return 0;
}

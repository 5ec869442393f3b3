// Public API of the corpus generator (library vigil_corpus): deterministic Kubernetes audit NDJSON.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

namespace vigil::corpus {

struct corpus_options {
    std::uint64_t events = 0;  // lines to generate; ignored when bytes > 0
    std::uint64_t bytes = 0;   // when > 0: generate until the output (newlines included) reaches this size
    std::uint64_t seed = 1;
    double csr_rate = 0.001;   // share of events that are certificatesigningrequests creations
};

struct corpus_stats {
    std::uint64_t events = 0;
    std::uint64_t bytes = 0;           // newlines included
    std::uint64_t eks_events = 0;      // Amazon.EKS.Audit
    std::uint64_t aks_events = 0;      // Azure.MonitorActivity
    std::uint64_t gke_events = 0;      // GCP.AuditLog
    std::uint64_t csr_creations = 0;   // certificatesigningrequests create events
    std::uint64_t expected_alerts = 0; // how many of those Kubernetes.ClientCertificate.Created must match
};

// Pull-style generator: the same options always yield the same lines, and a shorter run is a prefix
// of a longer one with the same seed.
class corpus_generator {
public:
    explicit corpus_generator(const corpus_options& options);
    ~corpus_generator();
    corpus_generator(const corpus_generator&) = delete;
    corpus_generator& operator=(const corpus_generator&) = delete;

    // Replaces line with the next event (no trailing newline); false once the events/bytes limit is reached.
    bool next(std::string& line);

    const corpus_stats& stats() const noexcept;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

// Writes the whole corpus as NDJSON through 1 MiB chunks.
corpus_stats generate_corpus(const corpus_options& options, std::ostream& out);

// Calls on_line for every event (without the newline), for in-process benchmarks.
corpus_stats generate_corpus(const corpus_options& options, const std::function<void(std::string_view)>& on_line);

}  // namespace vigil::corpus

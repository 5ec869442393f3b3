// Public API of the corpus generator (library vigil_corpus): deterministic Kubernetes audit NDJSON.
#pragma once

#include <array>
#include <cstddef>
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
    // Share of the other events that are one attack technique of the Kubernetes threat pack, so that a
    // benchmark or a test runs every rule of the pack on a realistic stream. The attacks come from their
    // own random stream and replace background events, so the CSR creations (and everything in the
    // corpus but the replaced lines) are the same whatever this rate; 0 gives the corpus of before.
    double attack_rate = 0.0005;
};

// The techniques the corpus emits, each an event that raises the named rule of rules/kubernetes/.
enum class attack_technique : std::uint8_t {
    secrets_listed_cluster_wide,  // Kubernetes.Secrets.ListedClusterWide
    token_read_via_exec,          // Kubernetes.ServiceAccountToken.ReadViaExec (EKS/AKS), Kubernetes.Pod.Exec
    wildcard_cluster_role,        // Kubernetes.AdminRole.Created
    cluster_admin_binding,        // Kubernetes.AdminRoleBinding.Created
    service_account_token,        // Kubernetes.ServiceAccountToken.Created
    hostpath_pod,                 // Kubernetes.HostPathVolume.Created
    privileged_pod,               // Kubernetes.PrivilegedPod.Created
    nodes_proxy,                  // Kubernetes.NodesProxy.Accessed
    csr_approval,                 // Kubernetes.ClientCertificate.Approved
    port_forward,                 // Kubernetes.Pod.PortForward
    anonymous_request,            // Kubernetes.Anonymous.RequestAllowed
};
inline constexpr std::size_t attack_technique_count = 11;

// A short stable name for the summary line (secrets-list-all, token-exec, ...).
const char* attack_technique_name(attack_technique t) noexcept;

struct corpus_stats {
    std::uint64_t events = 0;
    std::uint64_t bytes = 0;           // newlines included
    std::uint64_t eks_events = 0;      // Amazon.EKS.Audit
    std::uint64_t aks_events = 0;      // Azure.MonitorActivity
    std::uint64_t gke_events = 0;      // GCP.AuditLog
    std::uint64_t csr_creations = 0;   // certificatesigningrequests create events
    std::uint64_t expected_alerts = 0; // how many of those Kubernetes.ClientCertificate.Created must match
    std::uint64_t attack_events = 0;   // events that are an attack technique (never a CSR creation)
    std::array<std::uint64_t, attack_technique_count> attacks_by_technique{};  // indexed by attack_technique
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

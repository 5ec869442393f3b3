// The corpus generator: picks log type, cluster and scenario per event, advances time, renders the line.
#include "corpus.hpp"

#include <ostream>
#include <vector>

#include "attack_events.hpp"
#include "audit_event.hpp"
#include "background.hpp"
#include "cluster.hpp"
#include "csr_events.hpp"
#include "log_writers.hpp"
#include "prng.hpp"
#include "random_text.hpp"

namespace vigil::corpus {
namespace {

// 2025-03-03T08:00:00Z: a fixed start keeps corpora identical whatever day they are generated.
constexpr std::uint64_t start_micros = 1740988800ULL * 1000000;

// 60% EKS, 20% AKS, 20% GKE.
constexpr weighted<platform> platform_mix[] = {{platform::eks, 60}, {platform::aks, 20}, {platform::gke, 20}};

constexpr double aks_other_category_rate = 0.06;  // kube-apiserver, guard, ... records
constexpr double aks_admin_category_rate = 0.3;   // writes also appear as kube-audit-admin
constexpr double aks_truncated_log_rate = 0.0005; // a kube-audit record whose Event text was cut short
constexpr double gcp_other_service_rate = 0.04;   // container/compute/iam audit entries

// The attacks' own stream: drawing from the main one would shift every later event, CSR creations
// included, so a corpus with attacks would no longer be the same corpus plus attacks.
constexpr std::uint64_t attack_seed_mix = 0x5bd1e9955bd1e995ULL;

}  // namespace

struct corpus_generator::impl {
    corpus_options options;
    prng rng;
    std::vector<cluster> clusters;
    audit_event event;
    std::string scratch;
    corpus_stats stats;
    std::uint64_t now = start_micros;

    prng attack_rng;

    explicit impl(const corpus_options& o)
        : options(o), rng(o.seed), clusters(make_clusters(rng)), attack_rng(o.seed ^ attack_seed_mix) {}

    bool done() const {
        return options.bytes > 0 ? stats.bytes >= options.bytes : stats.events >= options.events;
    }

    void render(std::string& line) {
        now += 200 + rng.below(5600);  // ~340 events/s, a busy cluster fleet
        const platform kind = rng.pick_weighted<platform>(platform_mix);
        const cluster& c = clusters[2 * static_cast<std::size_t>(kind) + (rng.chance(0.7) ? 0 : 1)];
        const bool csr = rng.chance(options.csr_rate);

        if (!csr && kind == platform::aks && rng.chance(aks_other_category_rate)) {
            write_aks_other_line(line, c, rng, now);
        } else if (!csr && kind == platform::gke && rng.chance(gcp_other_service_rate)) {
            write_gcp_other_line(line, c, rng, now);
        } else {
            audit_event& e = event;
            e.reset();
            append_uuid(e.audit_id, rng);
            e.stage_micros = now;
            e.received_micros = now - 300 - rng.below(12000);
            if (csr) {
                fill_csr_creation(e, rng, c);
            } else {
                fill_background(e, rng, c);
            }
            write(line, e, kind, c, rng, !csr);
            stats.csr_creations += e.is_csr_creation;
            stats.expected_alerts += e.csr_should_alert;
        }
        // An attack takes the place of a background line, which was still drawn above so that the main
        // stream (and the CSR creations in it) stays what it is without attacks.
        if (!csr && options.attack_rate > 0 && attack_rng.chance(options.attack_rate)) render_attack(line, kind, c);
        ++stats.events;
        stats.bytes += line.size() + 1;
        (kind == platform::eks ? stats.eks_events : kind == platform::aks ? stats.aks_events : stats.gke_events)++;
    }

    void write(std::string& line, const audit_event& e, platform kind, const cluster& c, prng& r, bool may_truncate) {
        switch (kind) {
            case platform::eks: write_eks_line(line, e, c, r); break;
            case platform::aks: {
                const bool is_write = e.verb != "get" && e.verb != "list" && e.verb != "watch";
                const bool admin = is_write && r.chance(aks_admin_category_rate);
                const bool truncate = may_truncate && r.chance(aks_truncated_log_rate);
                write_aks_line(line, scratch, e, c, r, admin, truncate);
                break;
            }
            case platform::gke: write_gke_line(line, e, c, r); break;
        }
    }

    // Same time, cloud and cluster as the line it replaces; never truncated, so every attack is judged.
    void render_attack(std::string& line, platform kind, const cluster& c) {
        audit_event& e = event;
        e.reset();
        append_uuid(e.audit_id, attack_rng);
        e.stage_micros = now;
        e.received_micros = now - 300 - attack_rng.below(12000);
        const attack_technique t = fill_attack(e, attack_rng, c);
        write(line, e, kind, c, attack_rng, false);
        ++stats.attack_events;
        ++stats.attacks_by_technique[static_cast<std::size_t>(t)];
    }
};

corpus_generator::corpus_generator(const corpus_options& options) : impl_(std::make_unique<impl>(options)) {}
corpus_generator::~corpus_generator() = default;

bool corpus_generator::next(std::string& line) {
    if (impl_->done()) return false;
    impl_->render(line);
    return true;
}

const corpus_stats& corpus_generator::stats() const noexcept { return impl_->stats; }

corpus_stats generate_corpus(const corpus_options& options, std::ostream& out) {
    constexpr std::size_t chunk_size = 1 << 20;
    corpus_generator generator(options);
    std::string chunk, line;
    chunk.reserve(chunk_size + 64 * 1024);
    while (generator.next(line)) {
        chunk.append(line).push_back('\n');
        if (chunk.size() >= chunk_size) {
            out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
            chunk.clear();
        }
    }
    out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    out.flush();
    return generator.stats();
}

corpus_stats generate_corpus(const corpus_options& options, const std::function<void(std::string_view)>& on_line) {
    corpus_generator generator(options);
    std::string line;
    while (generator.next(line)) on_line(line);
    return generator.stats();
}

}  // namespace vigil::corpus

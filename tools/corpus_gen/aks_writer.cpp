// Azure.MonitorActivity: AKS diagnostic records; kube-audit ones carry the audit Event as an escaped JSON string.
#include <string_view>

#include "audit_json.hpp"
#include "log_writers.hpp"
#include "panther_fields.hpp"
#include "random_text.hpp"
#include "time_format.hpp"

namespace vigil::corpus {
namespace {

void close_record(json_out& o, const cluster& c, prng& rng, std::uint64_t micros, std::size_t pod) {
    o.raw(R"(,"pod":")").raw(c.apiserver_pods[pod]).raw(R"(","stream":"stdout"},"resourceId":)").str(c.resource_id);
    o.raw(R"(,"time":")");
    append_rfc3339_7digits(o.buffer(), micros);
    o.ch('"');
    append_panther_fields(o, "Azure.MonitorActivity", micros, c, rng);
    o.ch('}');
}

}  // namespace

void write_aks_line(std::string& line, std::string& scratch, const audit_event& e, const cluster& c, prng& rng,
                    bool admin_category, bool truncate_log) {
    scratch.clear();
    json_out inner(scratch);
    write_audit_event_members(e, inner);
    inner.raw("}\n");
    if (truncate_log) scratch.resize(scratch.size() * (40 + rng.below(50)) / 100);

    const std::size_t pod = rng.below(static_cast<std::uint32_t>(c.apiserver_pods.size()));
    line.clear();
    json_out o(line);
    o.raw(admin_category ? R"({"category":"kube-audit-admin")" : R"({"category":"kube-audit")");
    o.raw(R"(,"ccpNamespace":")").raw(c.ccp_namespace);
    o.raw(R"(","operationName":"Microsoft.ContainerService/managedClusters/diagnosticLogs/Read","properties":{"containerID":")");
    o.raw(c.container_ids[pod]).raw(R"(","log":")").escaped(scratch).ch('"');
    close_record(o, c, rng, e.stage_micros, pod);
}

void write_aks_other_line(std::string& line, const cluster& c, prng& rng, std::uint64_t now_micros) {
    static constexpr weighted<std::string_view> categories[] = {
        {"kube-apiserver", 45}, {"kube-controller-manager", 25}, {"cluster-autoscaler", 15}, {"guard", 15}};
    const std::string_view category = rng.pick_weighted<std::string_view>(categories);
    const std::size_t pod = rng.below(static_cast<std::uint32_t>(c.apiserver_pods.size()));

    line.clear();
    json_out o(line);
    o.raw(R"({"category":")").raw(category).raw(R"(","ccpNamespace":")").raw(c.ccp_namespace);
    o.raw(R"(","operationName":"Microsoft.ContainerService/managedClusters/diagnosticLogs/Read","properties":{"containerID":")");
    o.raw(c.container_ids[pod]).raw(R"(","log":")");
    // klog text lines: the escaped quotes are real, and an apiserver line may name CSRs without being an audit event.
    o.ch(category == "guard" ? 'I' : (rng.chance(0.1) ? 'W' : 'I'));
    append_klog_time(line, now_micros);
    if (category == "kube-apiserver") {
        const bool csr = rng.chance(0.1);
        o.raw(R"(      11 httplog.go:132] \"HTTP\" verb=\")").raw(csr ? "POST" : "GET").raw(R"(\" URI=\")");
        o.raw(csr ? "/apis/certificates.k8s.io/v1/certificatesigningrequests" : "/api/v1/namespaces/kube-system/pods?limit=500");
        o.raw(R"(\" latency=\")").u64(rng.between(1, 40)).raw(R"(ms\" userAgent=\"kubectl/v1.29.2 (darwin/arm64) kubernetes/4b8e819\" audit-ID=\")");
        append_uuid(line, rng);
        o.raw(R"(\" srcIP=\"203.0.113.)").u64(rng.between(2, 250)).ch(':').u64(rng.between(32768, 60999));
        o.raw(R"(\" resp=)").raw(csr ? "201" : "200");
    } else if (category == "kube-controller-manager") {
        o.raw(R"(       1 event.go:376] \"Event occurred\" object=\"default/nginx-7c5b8d65b8\" fieldPath=\"\" )"
              R"(kind=\"ReplicaSet\" apiVersion=\"apps/v1\" type=\"Normal\" reason=\"SuccessfulCreate\" )"
              R"(message=\"Created pod: nginx-7c5b8d65b8-)");
        append_k8s_suffix(line, rng, 5);
        o.raw(R"(\")");
    } else if (category == "cluster-autoscaler") {
        o.raw(R"(       1 static_autoscaler.go:290] Starting main loop)");
    } else {
        o.raw(R"(       1 utils.go:113] Access allowed for user with UPN )");
        o.raw(rng.chance(0.5) ? "alice@contoso.com" : "bob@contoso.com");
    }
    o.raw(R"(\n")");
    close_record(o, c, rng, now_micros, pod);
}

}  // namespace vigil::corpus

// Request/response bodies, shaped like the objects the Kubernetes API really returns.
#include "object_bodies.hpp"

#include "json_out.hpp"
#include "random_text.hpp"
#include "time_format.hpp"

namespace vigil::corpus {

void append_lease(std::string& out, std::string_view ns, std::string_view name, std::string_view holder,
                  std::uint64_t now_micros, std::uint32_t duration_seconds, std::uint64_t resource_version) {
    json_out o(out);
    o.raw(R"({"kind":"Lease","apiVersion":"coordination.k8s.io/v1","metadata":{"name":)").str(name);
    o.raw(R"(,"namespace":)").str(ns).raw(R"(,"uid":")");
    append_name_uuid(out, name);
    o.raw(R"(","resourceVersion":")").u64(resource_version).raw(R"(","creationTimestamp":")");
    append_rfc3339_seconds(out, now_micros - 86400ULL * 1000000 * 41);
    o.raw(R"("},"spec":{"holderIdentity":)").str(holder).raw(R"(,"leaseDurationSeconds":)").u64(duration_seconds);
    o.raw(R"(,"renewTime":")");
    append_rfc3339_micros(out, now_micros);
    o.raw("\"}}");
}

void append_node_status_patch(std::string& out, std::uint64_t now_micros) {
    static constexpr std::string_view types[] = {"MemoryPressure", "DiskPressure", "PIDPressure", "Ready"};
    json_out o(out);
    o.raw(R"({"status":{"$setElementOrder/conditions":[)");
    for (const auto t : types) o.raw(R"({"type":")").raw(t).raw(t == "Ready" ? "\"}" : "\"},");
    o.raw(R"(],"conditions":[)");
    for (const auto t : types) {
        o.raw(R"({"lastHeartbeatTime":")");
        append_rfc3339_seconds(out, now_micros);
        o.raw(R"(","type":")").raw(t).raw(t == "Ready" ? "\"}" : "\"},");
    }
    o.raw("]}}");
}

void append_event_object(std::string& out, prng& rng, std::string_view ns, std::string_view pod,
                         std::string_view container, std::string_view reason, std::string_view message,
                         std::string_view host, std::uint64_t now_micros) {
    json_out o(out);
    o.raw(R"({"kind":"Event","apiVersion":"v1","metadata":{"name":")").raw(pod).ch('.');
    append_hex(out, rng, 16);
    o.raw(R"(","namespace":)").str(ns).raw(R"(,"creationTimestamp":null},"involvedObject":{"kind":"Pod","namespace":)");
    o.str(ns).raw(R"(,"name":)").str(pod).raw(R"(,"uid":")");
    append_name_uuid(out, pod);
    o.raw(R"(","apiVersion":"v1","resourceVersion":")").u64(18000000 + rng.below(9000000));
    o.raw(R"(","fieldPath":"spec.containers{)").raw(container).raw(R"(}"},"reason":)").str(reason);
    o.raw(R"(,"message":)").str(message).raw(R"(,"source":{"component":"kubelet","host":)").str(host);
    o.raw(R"(},"firstTimestamp":")");
    append_rfc3339_seconds(out, now_micros);
    o.raw(R"(","lastTimestamp":")");
    append_rfc3339_seconds(out, now_micros);
    o.raw(R"(","count":1,"type":"Normal","eventTime":null,"reportingComponent":"kubelet","reportingInstance":)");
    o.str(host).ch('}');
}

void append_pod_object(std::string& out, std::string_view ns, std::string_view deployment,
                       std::string_view replicaset, std::string_view service_account, std::string_view image) {
    const std::string_view hash = replicaset.substr(replicaset.rfind('-') + 1);
    json_out o(out);
    o.raw(R"({"kind":"Pod","apiVersion":"v1","metadata":{"generateName":")").raw(replicaset);
    o.raw(R"(-","namespace":)").str(ns).raw(R"(,"creationTimestamp":null,"labels":{"app":)").str(deployment);
    o.raw(R"(,"pod-template-hash":")").raw(hash).raw(R"("},"ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":")");
    o.raw(replicaset).raw(R"(","uid":")");
    append_name_uuid(out, replicaset);
    o.raw(R"(","controller":true,"blockOwnerDeletion":true}]},"spec":{"containers":[{"name":)").str(deployment);
    o.raw(R"(,"image":)").str(image);
    o.raw(R"(,"ports":[{"containerPort":8080,"protocol":"TCP"}],"resources":{"limits":{"cpu":"500m","memory":"512Mi"},)"
          R"("requests":{"cpu":"100m","memory":"128Mi"}},"terminationMessagePath":"/dev/termination-log",)"
          R"("terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"}],"restartPolicy":"Always",)"
          R"("terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","serviceAccountName":)");
    o.str(service_account).raw(R"(,"serviceAccount":)").str(service_account);
    o.raw(R"(,"securityContext":{},"schedulerName":"default-scheduler","tolerations":[)"
          R"({"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300},)"
          R"({"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}],)"
          R"("priority":0,"enableServiceLinks":true,"preemptionPolicy":"PreemptLowerPriority"},"status":{}})");
}

void append_deployment_patch(std::string& out, prng& rng, std::uint64_t now_micros) {
    json_out o(out);
    if (rng.chance(0.5)) {
        o.raw(R"({"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":")");
        append_rfc3339_seconds(out, now_micros);
        o.raw("\"}}}}}");
    } else {
        o.raw(R"({"spec":{"replicas":)").u64(rng.between(1, 12)).raw("}}");
    }
}

void append_token_request(std::string& out, std::string_view pod, std::uint32_t expiration_seconds) {
    json_out o(out);
    o.raw(R"({"kind":"TokenRequest","apiVersion":"authentication.k8s.io/v1","metadata":{"creationTimestamp":null},)"
          R"("spec":{"audiences":["https://kubernetes.default.svc.cluster.local"],"expirationSeconds":)");
    o.u64(expiration_seconds).raw(R"(,"boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":)").str(pod);
    o.raw(R"(,"uid":")");
    append_name_uuid(out, pod);
    o.raw(R"("}},"status":{"token":"","expirationTimestamp":null}})");
}

void append_csr_object(std::string& out, prng& rng, const csr_body& csr, std::string_view requester,
                       std::uint64_t now_micros, bool as_response) {
    json_out o(out);
    o.raw(R"({"kind":"CertificateSigningRequest","apiVersion":"certificates.k8s.io/v1","metadata":{"name":)");
    o.str(csr.name);
    if (as_response) {
        o.raw(R"(,"uid":")");
        append_uuid(out, rng);
        o.raw(R"(","resourceVersion":")").u64(18000000 + rng.below(9000000)).raw(R"(","creationTimestamp":")");
        append_rfc3339_seconds(out, now_micros);
        o.raw("\"}");
    } else {
        o.raw(R"(,"creationTimestamp":null})");
    }
    // A PEM CSR is base64 again inside the object: "-----BEGIN CERTIFICATE REQUEST-----\n..." .
    o.raw(R"(,"spec":{"request":"LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0K)");
    append_base64(out, rng, 4 * rng.between(120, 230));
    o.raw(R"(Ci0tLS0tRU5EIENFUlRJRklDQVRFIFJFUVVFU1QtLS0tLQo=","signerName":)").str(csr.signer);
    if (csr.with_expiration) o.raw(R"(,"expirationSeconds":86400)");
    o.raw(R"(,"usages":[)");
    bool first = true;
    for (const auto usage : csr.usages) {
        if (!first) o.ch(',');
        o.str(usage);
        first = false;
    }
    o.ch(']');
    if (as_response) {
        o.raw(R"(,"username":)").str(requester).raw(R"(,"groups":["system:authenticated"])");
    } else if (csr.with_groups) {
        o.raw(R"(,"groups":["system:authenticated"])");
    }
    o.raw(R"(},"status":{}})");
}

}  // namespace vigil::corpus

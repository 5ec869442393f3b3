// CSR creations: who asks for which certificate, mirroring the cases the rule distinguishes.
#include "csr_events.hpp"

#include <string>
#include <string_view>

#include "actors.hpp"
#include "object_bodies.hpp"
#include "outcomes.hpp"
#include "random_text.hpp"
#include "target.hpp"

namespace vigil::corpus {
namespace {

using sv = std::string_view;

constexpr sv client_signer = "kubernetes.io/kube-apiserver-client";
constexpr sv kubelet_client_signer = "kubernetes.io/kube-apiserver-client-kubelet";
constexpr sv kubelet_serving_signer = "kubernetes.io/kubelet-serving";

constexpr sv usages_client[] = {"digital signature", "key encipherment", "client auth"};
constexpr sv usages_client_only[] = {"client auth"};
constexpr sv usages_signing_client[] = {"digital signature", "client auth"};
constexpr sv usages_no_client[] = {"digital signature", "key encipherment"};
constexpr sv usages_server[] = {"digital signature", "key encipherment", "server auth"};

enum class csr_case {
    // alerting
    human_client,         // a person requests a client certificate for the API server
    workload_client,      // a service account outside kube-system does the same
    human_custom_signer,  // custom signer, but the usages include client auth
    human_signer_only,    // kube-apiserver-client signer, usages without client auth
    // not alerting
    node_client,         // kubelet client certificate rotation (system:node:...)
    node_serving,        // kubelet serving certificate (server auth)
    kube_system_sa,      // a kube-system service account
    platform_principal,  // eks:/gke-/masterclient/aksService
    node_bootstrap,      // AKS kubelet-nodepool-bootstrap, system:bootstrap:<token> elsewhere
    forbidden,           // a person is refused (403 / gRPC 7)
    human_server_auth,   // a person asks for a serving certificate
    metadata_only,       // audited at Metadata level: no requestObject to inspect
};

constexpr weighted<csr_case> cases[] = {
    {csr_case::human_client, 22},     {csr_case::workload_client, 9},    {csr_case::human_custom_signer, 4},
    {csr_case::human_signer_only, 5}, {csr_case::node_client, 14},       {csr_case::node_serving, 10},
    {csr_case::kube_system_sa, 5},    {csr_case::platform_principal, 4}, {csr_case::node_bootstrap, 6},
    {csr_case::forbidden, 7},         {csr_case::human_server_auth, 6},  {csr_case::metadata_only, 8},
};

bool alerts(csr_case k) {
    return k == csr_case::human_client || k == csr_case::workload_client || k == csr_case::human_custom_signer ||
           k == csr_case::human_signer_only;
}

struct requester_sa {
    sv ns, name, agent;
};

constexpr requester_sa outside_sas[] = {
    {"ci", "gitlab-runner", "kubectl/v1.29.2 (linux/amd64) kubernetes/4b8e819"},
    {"default", "compromised-sa", "curl/8.5.0"},
    {"cert-manager", "cert-manager", "cert-manager-certificaterequests-issuer-ca/v1.14.4 (linux/amd64) cert-manager/f7ab5a1e"},
    {"argocd", "argocd-server", "argocd-server/v0.0.0 (linux/amd64) kubernetes/$Format"},
    {"payments", "payments-api", "Go-http-client/2.0"},
};

constexpr requester_sa kube_system_sas[] = {
    {"kube-system", "konnectivity-agent", "konnectivity-agent/v0.1.4"},
    {"kube-system", "csi-secrets-store", "secrets-store-csi-driver/v1.4.2"},
    {"kube-system", "kube-proxy", "kube-proxy/v1.29.10"},
};

sv platform_principal_for(const cluster& c, prng& rng) {
    switch (c.kind) {
        case platform::eks: return "eks:node-manager";
        case platform::aks: return rng.chance(0.5) ? "aksService" : "masterclient";
        case platform::gke: return "gke-certificate-controller";
    }
    return "masterclient";
}

}  // namespace

void fill_csr_creation(audit_event& e, prng& rng, const cluster& c) {
    csr_case k = rng.pick_weighted<csr_case>(cases);
    std::string name;
    csr_body body{{}, client_signer, usages_client};

    switch (k) {
        case csr_case::human_client:
        case csr_case::human_custom_signer:
        case csr_case::human_signer_only:
        case csr_case::forbidden:
        case csr_case::human_server_auth:
        case csr_case::metadata_only: {
            const std::uint32_t human = rng.below(human_count);
            as_human(e, c, rng, human);
            name = rng.chance(0.5) ? "client-cert-" : "user-csr-";
            append_k8s_suffix(name, rng, 5);
            body.with_expiration = rng.chance(0.5);
            body.with_groups = rng.chance(0.3);
            if (k == csr_case::human_custom_signer) {
                body.signer = rng.chance(0.5) ? "acme.dev/internal-client-ca" : "vault.example.com/pki-client";
                body.usages = usages_signing_client;
            } else if (k == csr_case::human_signer_only) {
                body.usages = usages_no_client;
            } else if (k == csr_case::human_server_auth) {
                body.signer = kubelet_serving_signer;
                body.usages = usages_server;
            } else if (rng.chance(0.3)) {
                body.usages = usages_client_only;
            }
            break;
        }
        case csr_case::workload_client: {
            const requester_sa& sa = rng.pick(outside_sas);
            as_workload_sa(e, c, sa.ns, sa.name, sa.name, sa.agent);
            name = std::string(sa.name) + "-";
            append_k8s_suffix(name, rng, 5);
            break;
        }
        case csr_case::kube_system_sa: {
            const requester_sa& sa = rng.pick(kube_system_sas);
            as_workload_sa(e, c, sa.ns, sa.name, sa.name, sa.agent);
            name = std::string(sa.name) + "-";
            append_k8s_suffix(name, rng, 5);
            break;
        }
        case csr_case::node_client:
        case csr_case::node_serving: {
            as_node(e, c, rng.pick(c.nodes));
            name = "csr-";
            append_k8s_suffix(name, rng, 5);
            if (k == csr_case::node_client) {
                body.signer = kubelet_client_signer;
            } else {
                body.signer = kubelet_serving_signer;
                body.usages = usages_server;
            }
            break;
        }
        case csr_case::platform_principal:
            as_platform_principal(e, c, platform_principal_for(c, rng), "Go-http-client/2.0");
            name = "csr-";
            append_k8s_suffix(name, rng, 5);
            break;
        case csr_case::node_bootstrap: {
            if (c.kind == platform::aks) {
                as_platform_principal(e, c, "kubelet-nodepool-bootstrap", "kubelet/v1.29.7 (linux/amd64) kubernetes/9c2b5e1");
                e.user_groups_json = R"(["system:bootstrappers","system:bootstrappers:aks","system:authenticated"])";
            } else {
                std::string token = "system:bootstrap:";
                append_k8s_suffix(token, rng, 6);
                as_platform_principal(e, c, token, "kubelet/v1.29.10 (linux/amd64) kubernetes/7f9249a");
                e.user_groups_json = R"(["system:bootstrappers","system:authenticated"])";
            }
            e.source_ip = rng.pick(c.nodes).ip;
            name = "node-csr-";
            append_base64(name, rng, 43);
            for (auto& ch : name) ch = ch == '+' ? '-' : (ch == '/' ? '_' : ch);  // base64url, as kubelet names it
            body.signer = kubelet_client_signer;
            body.usages = usages_signing_client;
            break;
        }
    }

    e.verb = "create";
    body.name = name;
    set_target(e, rng, res::csrs, {}, name);
    e.status_code = 201;
    if (k == csr_case::metadata_only) {
        e.level = "Metadata";
    } else if (k == csr_case::forbidden) {
        e.level = "Request";
        append_csr_object(e.request_object_json, rng, body, e.username, e.received_micros, false);
        set_forbidden(e);
    } else {
        e.level = rng.chance(0.5) ? "Request" : "RequestResponse";
        append_csr_object(e.request_object_json, rng, body, e.username, e.received_micros, false);
        if (e.level == "RequestResponse") {
            append_csr_object(e.response_object_json, rng, body, e.username, e.received_micros, true);
        }
    }
    e.is_csr_creation = true;
    e.csr_should_alert = alerts(k);
}

}  // namespace vigil::corpus

// Background traffic, weighted roughly like a busy production cluster's audit log.
#include "background.hpp"

#include <string>
#include <string_view>

#include "actors.hpp"
#include "json_out.hpp"
#include "object_bodies.hpp"
#include "outcomes.hpp"
#include "random_text.hpp"
#include "target.hpp"
#include "workloads.hpp"

namespace vigil::corpus {
namespace {

enum class activity {
    control_plane_lease,
    node_lease,
    node_status,
    kubelet_reads,
    kubelet_token,
    controller_writes,
    kubelet_events,
    kubectl,
    cicd,
    monitoring,
    cluster_addons,
    csr_housekeeping,
    secrets_access,
    non_resource,
    apiserver_self,
    access_reviews,
    platform_principals,
};

constexpr weighted<activity> activities[] = {
    {activity::control_plane_lease, 13}, {activity::node_lease, 13},       {activity::node_status, 4},
    {activity::kubelet_reads, 10},       {activity::kubelet_token, 3},     {activity::controller_writes, 12},
    {activity::kubelet_events, 6},       {activity::kubectl, 8},           {activity::cicd, 5},
    {activity::monitoring, 6},           {activity::cluster_addons, 4},    {activity::csr_housekeeping, 2},
    {activity::secrets_access, 3},       {activity::non_resource, 8},      {activity::apiserver_self, 9},
    {activity::access_reviews, 2},       {activity::platform_principals, 3},
};

using sv = std::string_view;

std::uint64_t resource_version(prng& rng) { return 18000000 + rng.below(9000000); }

// Watches end when their timeout expires, minutes after they were received.
void as_watch(audit_event& e, prng& rng) {
    if (rng.chance(0.5)) {
        e.stage = "ResponseStarted";
    } else {
        e.received_micros = e.stage_micros - (300ULL + rng.below(300)) * 1000000;
    }
}

void control_plane_lease(audit_event& e, prng& rng, const cluster& c) {
    const sv component = rng.chance(0.5) ? "kube-scheduler" : "kube-controller-manager";
    as_control_plane(e, c, component, "/leader-election");
    e.verb = rng.chance(0.85) ? "update" : "get";
    set_target(e, rng, res::leases, "kube-system", component);
    if (e.verb == "update") {
        if (rng.chance(0.02)) {
            set_conflict(e);
        } else if (rng.chance(0.2)) {
            e.level = "RequestResponse";
            std::string holder = c.nodes.front().name + "_";
            append_name_uuid(holder, c.label + std::string(component));
            const std::uint64_t rv = resource_version(rng);
            append_lease(e.request_object_json, "kube-system", component, holder, e.received_micros, 15, rv);
            append_lease(e.response_object_json, "kube-system", component, holder, e.received_micros, 15, rv + 1);
        }
    }
}

void node_lease(audit_event& e, prng& rng, const cluster& c) {
    const node_info& node = rng.pick(c.nodes);
    as_node(e, c, node);
    e.verb = rng.chance(0.9) ? "update" : "get";
    set_target(e, rng, res::leases, "kube-node-lease", node.name);
    if (e.verb == "update" && rng.chance(0.15)) {
        e.level = "Request";
        append_lease(e.request_object_json, "kube-node-lease", node.name, node.name, e.received_micros, 40,
                     resource_version(rng));
    }
}

void node_status(audit_event& e, prng& rng, const cluster& c) {
    const node_info& node = rng.pick(c.nodes);
    as_node(e, c, node);
    e.verb = "patch";
    set_target(e, rng, res::nodes, {}, node.name, "status");
    if (rng.chance(0.3)) {
        e.level = "Request";
        append_node_status_patch(e.request_object_json, e.received_micros);
    }
}

void kubelet_reads(audit_event& e, prng& rng, const cluster& c) {
    const node_info& node = rng.pick(c.nodes);
    const workload& w = rng.pick(workloads);
    as_node(e, c, node);
    static constexpr weighted<sv> verbs[] = {{"get", 45}, {"list", 15}, {"watch", 40}};
    e.verb = rng.pick_weighted<sv>(verbs);
    const bool named = e.verb == "get";
    switch (rng.below(5)) {
        case 0: set_target(e, rng, res::configmaps, w.ns, named ? "kube-root-ca.crt" : sv{}); break;
        case 1: {
            std::string secret(w.deployment);
            secret.append(rng.chance(0.5) ? "-tls" : "-credentials");
            set_target(e, rng, res::secrets, w.ns, named ? sv(secret) : sv{});
            break;
        }
        case 2: set_target(e, rng, res::pods, named ? w.ns : sv{}, named ? sv(pod_name(rng, w)) : sv{}); break;
        case 3: set_target(e, rng, res::services, {}, {}); break;
        default: set_target(e, rng, res::nodes, {}, named ? sv(node.name) : sv{}); break;
    }
    if (e.verb == "watch") as_watch(e, rng);
    if (named && rng.chance(0.02)) set_not_found(e);
}

void kubelet_token(audit_event& e, prng& rng, const cluster& c) {
    const workload& w = rng.pick(workloads);
    as_node(e, c, rng.pick(c.nodes));
    e.verb = "create";
    set_target(e, rng, res::serviceaccounts, w.ns, w.service_account, "token");
    e.status_code = 201;
    if (rng.chance(0.25)) {
        e.level = "Request";
        append_token_request(e.request_object_json, pod_name(rng, w), 3607);
    }
}

void controller_writes(audit_event& e, prng& rng, const cluster& c) {
    const workload& w = rng.pick(workloads);
    std::string replicaset(w.deployment);
    replicaset.push_back('-');
    append_k8s_suffix(replicaset, rng, 10);
    switch (rng.below(8)) {
        case 0:
        case 1:
            as_controller_sa(e, c, "replicaset-controller");
            e.verb = "create";
            set_target(e, rng, res::pods, w.ns, pod_name(rng, w));
            e.status_code = 201;
            e.extra_annotations_json = R"(,"pod-security.kubernetes.io/enforce-policy":"privileged:latest")";
            if (c.kind == platform::eks) {
                e.extra_annotations_json.append(
                    R"(,"mutation.webhook.admission.k8s.io/round_0_index_0":"{\"configuration\":\"pod-identity-webhook\",)"
                    R"(\"webhook\":\"iam-for-pods.amazonaws.com\",\"mutated\":false}")");
            }
            if (rng.chance(0.2)) {
                e.level = "Request";
                append_pod_object(e.request_object_json, w.ns, w.deployment, replicaset, w.service_account, w.image);
            }
            break;
        case 2:
            as_controller_sa(e, c, "deployment-controller");
            e.verb = rng.chance(0.5) ? "update" : "patch";
            if (e.verb == "update") {
                set_target(e, rng, res::deployments, w.ns, w.deployment, "status");
            } else {
                set_target(e, rng, res::replicasets, w.ns, replicaset);
            }
            if (rng.chance(0.05)) set_conflict(e);
            break;
        case 3: {
            as_controller_sa(e, c, "endpointslice-controller");
            e.verb = "update";
            std::string slice(w.deployment);
            slice.push_back('-');
            append_k8s_suffix(slice, rng, 5);
            set_target(e, rng, res::endpointslices, w.ns, slice);
            break;
        }
        case 4:
            as_controller_sa(e, c, "endpoint-controller");
            e.verb = "update";
            set_target(e, rng, res::endpoints, w.ns, w.deployment);
            break;
        case 5:
            as_controller_sa(e, c, "replicaset-controller");
            e.verb = "update";
            set_target(e, rng, res::replicasets, w.ns, replicaset, "status");
            break;
        case 6:
            as_controller_sa(e, c, "horizontal-pod-autoscaler");
            e.verb = rng.chance(0.5) ? "get" : "update";
            if (e.verb == "get") {
                set_target(e, rng, res::deployments, w.ns, w.deployment, "scale");
            } else {
                set_target(e, rng, res::hpas, w.ns, w.deployment, "status");
            }
            break;
        default:
            as_controller_sa(e, c, rng.chance(0.5) ? "generic-garbage-collector" : "job-controller");
            e.verb = "delete";
            set_target(e, rng, res::pods, w.ns, pod_name(rng, w));
            if (rng.chance(0.1)) set_not_found(e);
            break;
    }
}

void kubelet_events(audit_event& e, prng& rng, const cluster& c) {
    struct note {
        sv reason, message;
    };
    static constexpr note notes[] = {
        {"Pulled", "Container image already present on machine"},
        {"Created", "Created container app"},
        {"Started", "Started container app"},
        {"Killing", "Stopping container app"},
        {"Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503"},
        {"BackOff", "Back-off restarting failed container app in pod"},
    };
    const node_info& node = rng.pick(c.nodes);
    const workload& w = rng.pick(workloads);
    as_node(e, c, node);
    e.verb = rng.chance(0.75) ? "create" : "patch";
    const std::string pod = pod_name(rng, w);
    std::string event_name = pod + ".";
    append_hex(event_name, rng, 16);
    set_target(e, rng, res::events, w.ns, event_name);
    e.status_code = e.verb == "create" ? 201 : 200;
    if (e.verb == "create" && rng.chance(0.2)) {
        const note& n = rng.pick(notes);
        e.level = "Request";
        append_event_object(e.request_object_json, rng, w.ns, pod, w.deployment, n.reason, n.message, node.name,
                            e.received_micros);
    }
}

void kubectl(audit_event& e, prng& rng, const cluster& c) {
    const workload& w = rng.pick(workloads);
    as_human(e, c, rng, rng.below(human_count));
    static constexpr weighted<int> actions[] = {{0, 28}, {1, 28}, {2, 4}, {3, 8}, {4, 6}, {5, 5}, {6, 9}, {7, 4}};
    const std::string pod = pod_name(rng, w);
    switch (rng.pick_weighted<int>(actions)) {
        case 0:  // kubectl get <thing> <name>
            e.verb = "get";
            switch (rng.below(4)) {
                case 0: set_target(e, rng, res::pods, w.ns, pod); break;
                case 1: set_target(e, rng, res::deployments, w.ns, w.deployment); break;
                case 2: set_target(e, rng, res::configmaps, w.ns, w.deployment); break;
                default: set_target(e, rng, res::services, w.ns, w.deployment); break;
            }
            if (rng.chance(0.04)) set_not_found(e);
            break;
        case 1:  // kubectl get <things>
            e.verb = "list";
            switch (rng.below(5)) {
                case 0: set_target(e, rng, res::pods, w.ns, {}); break;
                case 1: set_target(e, rng, res::deployments, w.ns, {}); break;
                case 2: set_target(e, rng, res::events, w.ns, {}); break;
                case 3: set_target(e, rng, res::nodes, {}, {}); break;
                default: set_target(e, rng, res::namespaces, {}, {}); break;
            }
            break;
        case 2:
            e.verb = "watch";
            set_target(e, rng, res::pods, w.ns, {});
            as_watch(e, rng);
            break;
        case 3:  // kubectl rollout restart / scale / apply
            e.verb = "patch";
            set_target(e, rng, res::deployments, w.ns, w.deployment);
            e.request_uri.append("?fieldManager=kubectl-rollout");
            if (rng.chance(0.6)) {
                e.level = "Request";
                append_deployment_patch(e.request_object_json, rng, e.received_micros);
            }
            break;
        case 4:  // kubectl exec
            e.verb = "create";
            set_target(e, rng, res::pods, w.ns, pod, "exec");
            e.request_uri.append("?command=sh&container=").append(w.deployment).append("&stdin=true&stdout=true&tty=true");
            e.status_code = 101;
            break;
        case 5:
            e.verb = "delete";
            set_target(e, rng, res::pods, w.ns, pod);
            break;
        case 6:  // kubectl logs
            e.verb = "get";
            set_target(e, rng, res::pods, w.ns, pod, "log");
            e.request_uri.append("?container=").append(w.deployment).append("&tailLines=200");
            break;
        default:
            e.verb = "get";
            set_target(e, rng, res::secrets, w.ns, w.deployment);
            break;
    }
    // People poke at things they may not touch.
    if (e.status_code < 300 && rng.chance(0.04)) set_forbidden(e);
}

void cicd(audit_event& e, prng& rng, const cluster& c) {
    const workload& w = rng.pick(workloads);
    if (rng.chance(0.6)) {
        as_workload_sa(e, c, "argocd", "argocd-application-controller", "argocd-application-controller",
                       "argocd-application-controller/v0.0.0 (linux/amd64) kubernetes/$Format");
    } else {
        as_workload_sa(e, c, "flux-system", "kustomize-controller", "kustomize-controller",
                       "flux-client/v0.0.0 (linux/amd64) kubernetes/$Format");
    }
    static constexpr weighted<sv> verbs[] = {{"list", 30}, {"watch", 30}, {"get", 20}, {"patch", 20}};
    e.verb = rng.pick_weighted<sv>(verbs);
    if (e.verb == "patch" || e.verb == "get") {
        set_target(e, rng, rng.chance(0.7) ? res::deployments : res::configmaps, w.ns, w.deployment);
        if (e.verb == "patch") {
            e.request_uri.append("?fieldManager=argocd-controller&force=true");
            if (rng.chance(0.5)) {
                e.level = "Request";
                append_deployment_patch(e.request_object_json, rng, e.received_micros);
            }
        }
    } else {
        static constexpr const resource_kind* kinds[] = {&res::deployments, &res::services, &res::configmaps,
                                                         &res::ingresses, &res::statefulsets, &res::cronjobs};
        set_target(e, rng, *rng.pick(kinds), {}, {});
        if (e.verb == "watch") as_watch(e, rng);
    }
}

void monitoring(audit_event& e, prng& rng, const cluster& c) {
    if (rng.chance(0.6)) {
        as_workload_sa(e, c, "monitoring", "prometheus-k8s", "prometheus-k8s", "Prometheus/2.51.0");
    } else {
        as_workload_sa(e, c, "monitoring", "kube-state-metrics", "kube-state-metrics",
                       "kube-state-metrics/v2.12.0 (linux/amd64) kubernetes/$Format");
    }
    e.verb = rng.chance(0.5) ? "list" : "watch";
    static constexpr const resource_kind* kinds[] = {&res::pods,     &res::endpoints,   &res::services,
                                                     &res::nodes,    &res::daemonsets,  &res::replicasets,
                                                     &res::jobs,     &res::pvcs,        &res::namespaces};
    set_target(e, rng, *rng.pick(kinds), {}, {});
    if (e.verb == "watch") as_watch(e, rng);
}

void cluster_addons(audit_event& e, prng& rng, const cluster& c) {
    const sv cni_sa = c.kind == platform::eks ? "aws-node" : (c.kind == platform::aks ? "azure-cns" : "netd");
    if (rng.chance(0.6)) {
        as_workload_sa(e, c, "kube-system", "coredns", "coredns", "coredns/v0.0.0 (linux/amd64) kubernetes/$Format");
        e.verb = rng.chance(0.3) ? "list" : "watch";
        static constexpr const resource_kind* kinds[] = {&res::endpointslices, &res::services, &res::namespaces};
        set_target(e, rng, *rng.pick(kinds), {}, {});
        if (e.verb == "watch") as_watch(e, rng);
    } else {
        as_workload_sa(e, c, "kube-system", cni_sa, cni_sa, "Go-http-client/2.0");
        e.verb = rng.chance(0.7) ? "get" : "patch";
        const node_info& node = rng.pick(c.nodes);
        set_target(e, rng, res::nodes, {}, node.name);
    }
}

void csr_housekeeping(audit_event& e, prng& rng, const cluster& c) {
    std::string name = "csr-";
    append_k8s_suffix(name, rng, 5);
    switch (rng.below(5)) {
        case 0:
            as_control_plane(e, c, "kube-controller-manager", "/shared-informers");
            e.verb = rng.chance(0.5) ? "list" : "watch";
            set_target(e, rng, res::csrs, {}, {});
            if (e.verb == "watch") as_watch(e, rng);
            break;
        case 1:  // the csrapproving controller auto-approves kubelet certificates
            as_controller_sa(e, c, "certificate-controller");
            e.verb = "update";
            set_target(e, rng, res::csrs, {}, name, "approval");
            break;
        case 2:
            as_controller_sa(e, c, "certificate-controller");
            e.verb = "get";
            set_target(e, rng, res::csrs, {}, name);
            break;
        case 3:  // kubectl get csr / kubectl certificate approve
            as_human(e, c, rng, rng.below(human_count));
            e.verb = rng.chance(0.7) ? "list" : "update";
            set_target(e, rng, res::csrs, {}, e.verb == "list" ? sv{} : sv(name), e.verb == "list" ? sv{} : "approval");
            break;
        default:
            as_controller_sa(e, c, "certificate-controller");
            e.verb = "update";
            set_target(e, rng, res::csrs, {}, name, "status");
            break;
    }
}

void secrets_access(audit_event& e, prng& rng, const cluster& c) {
    const workload& w = rng.pick(workloads);
    if (rng.chance(0.6)) {
        as_workload_sa(e, c, "cert-manager", "cert-manager", "cert-manager",
                       "cert-manager-certificates-issuing/v1.14.4 (linux/amd64) cert-manager/f7ab5a1e");
    } else {
        as_workload_sa(e, c, "external-secrets", "external-secrets", "external-secrets",
                       "external-secrets/v0.9.14 (linux/amd64) kubernetes/$Format");
    }
    e.verb = rng.chance(0.6) ? "get" : "update";
    std::string secret(w.deployment);
    secret.append("-tls");
    set_target(e, rng, res::secrets, w.ns, secret);
}

void non_resource(audit_event& e, prng& rng, const cluster& c) {
    static constexpr sv health[] = {"/readyz", "/livez", "/healthz"};
    static constexpr sv discovery[] = {"/version", "/api?timeout=32s", "/apis?timeout=32s", "/openapi/v2?timeout=32s"};
    e.verb = "get";
    if (rng.chance(0.6)) {
        e.username = "system:anonymous";
        e.user_groups_json = R"(["system:unauthenticated"])";
        e.source_ip = rng.pick(c.nodes).ip;
        e.user_agent = "kube-probe/1.29";
        e.authz_reason =
            R"(RBAC: allowed by ClusterRoleBinding "system:public-info-viewer" of ClusterRole "system:public-info-viewer" to Group "system:unauthenticated")";
        set_non_resource(e, rng.pick(health));
    } else {
        as_human(e, c, rng, rng.below(human_count));
        set_non_resource(e, rng.pick(discovery));
    }
}

void apiserver_self(audit_event& e, prng& rng, const cluster& c) {
    as_control_plane(e, c, "apiserver", {});
    e.source_ip = "::1";
    e.user_agent.clear();
    append_component_user_agent(e.user_agent, c, "kube-apiserver");
    switch (rng.below(4)) {
        case 0: {
            e.verb = rng.chance(0.8) ? "update" : "get";
            std::string lease = "apiserver-";
            append_name_uuid(lease, c.label);
            lease.resize(10 + 26);
            set_target(e, rng, res::leases, "kube-system", lease);
            break;
        }
        case 1:
            e.verb = "get";
            set_target(e, rng, res::namespaces, {}, rng.chance(0.5) ? "default" : "kube-system");
            break;
        case 2:
            e.verb = "get";
            set_target(e, rng, res::services, "default", "kubernetes");
            break;
        default:
            e.verb = "get";
            set_target(e, rng, res::endpoints, "default", "kubernetes");
            break;
    }
}

void access_reviews(audit_event& e, prng& rng, const cluster& c) {
    as_workload_sa(e, c, "kube-system", "metrics-server", "metrics-server", "metrics-server/v0.7.1 (linux/amd64) kubernetes/$Format");
    e.verb = "create";
    set_target(e, rng, rng.chance(0.5) ? res::tokenreviews : res::subjectaccessreviews, {}, {});
    e.status_code = 201;
}

void platform_principals(audit_event& e, prng& rng, const cluster& c) {
    struct who {
        sv username, agent;
    };
    static constexpr who eks[] = {{"eks:node-manager", "eks-node-manager/v0.0.0"},
                                  {"eks:cloud-controller-manager", "aws-cloud-controller-manager/v1.29.0"},
                                  {"eks:addon-manager", "eks-addon-manager/v0.0.0"}};
    static constexpr who aks[] = {{"masterclient", "kubectl/v1.29.7 (linux/amd64) kubernetes/9c2b5e1"},
                                  {"aksService", "aks-operator/v0.0.0"},
                                  {"system:serviceaccount:kube-system:cloud-node-manager", "cloud-node-manager/v1.29.7"}};
    static constexpr who gke[] = {{"system:gcp-controller-manager", "gcp-controller-manager/v1.30.5"},
                                  {"system:clustermetrics", "clustermetrics/v0.0.0"},
                                  {"system:l7-lb-controller", "glbc/v1.30.5"}};
    const who& w = c.kind == platform::eks ? rng.pick(eks) : (c.kind == platform::aks ? rng.pick(aks) : rng.pick(gke));
    as_platform_principal(e, c, w.username, w.agent);
    e.verb = rng.chance(0.6) ? "get" : (rng.chance(0.5) ? "list" : "update");
    const node_info& node = rng.pick(c.nodes);
    if (rng.chance(0.5)) {
        set_target(e, rng, res::nodes, {}, e.verb == "list" ? sv{} : sv(node.name));
    } else {
        set_target(e, rng, res::configmaps, "kube-system", e.verb == "list" ? sv{} : sv("aws-auth"));
    }
}

}  // namespace

void fill_background(audit_event& e, prng& rng, const cluster& c) {
    activity a = rng.pick_weighted<activity>(activities);
    // GKE's audit pipeline records no objectRef-less requests, so those become kubelet reads there.
    if (a == activity::non_resource && c.kind == platform::gke) a = activity::kubelet_reads;
    switch (a) {
        case activity::control_plane_lease: control_plane_lease(e, rng, c); break;
        case activity::node_lease: node_lease(e, rng, c); break;
        case activity::node_status: node_status(e, rng, c); break;
        case activity::kubelet_reads: kubelet_reads(e, rng, c); break;
        case activity::kubelet_token: kubelet_token(e, rng, c); break;
        case activity::controller_writes: controller_writes(e, rng, c); break;
        case activity::kubelet_events: kubelet_events(e, rng, c); break;
        case activity::kubectl: kubectl(e, rng, c); break;
        case activity::cicd: cicd(e, rng, c); break;
        case activity::monitoring: monitoring(e, rng, c); break;
        case activity::cluster_addons: cluster_addons(e, rng, c); break;
        case activity::csr_housekeeping: csr_housekeeping(e, rng, c); break;
        case activity::secrets_access: secrets_access(e, rng, c); break;
        case activity::non_resource: non_resource(e, rng, c); break;
        case activity::apiserver_self: apiserver_self(e, rng, c); break;
        case activity::access_reviews: access_reviews(e, rng, c); break;
        case activity::platform_principals: platform_principals(e, rng, c); break;
    }
    // Slow requests get kube-apiserver's latency-breakdown annotations.
    if (e.stage == "ResponseComplete" && rng.chance(0.03)) {
        json_out o(e.extra_annotations_json);
        o.raw(R"(,"apiserver.latency.k8s.io/etcd":")").u64(rng.between(300, 900)).raw(R"(.)").u64(rng.below(1000));
        o.raw(R"(ms","apiserver.latency.k8s.io/total":")").u64(rng.between(500, 1500)).raw(R"(.)").u64(rng.below(1000));
        o.raw(R"(ms","apiserver.latency.k8s.io/transform-response-object":")").u64(rng.below(900)).raw(R"(ns")");
    }
}

}  // namespace vigil::corpus

// Attack techniques: one audit event per Stratus-style technique, in the shape each rule of the pack judges.
#include "attack_events.hpp"

#include <string>
#include <string_view>

#include "actors.hpp"
#include "json_out.hpp"
#include "random_text.hpp"
#include "target.hpp"
#include "time_format.hpp"
#include "workloads.hpp"

namespace vigil::corpus {
namespace {

using sv = std::string_view;

// Every technique is done by a person of the corpus's actors list (the rules leave control-plane
// identities out), except the anonymous request, whose subject is system:anonymous.
void as_attacker(audit_event& e, prng& rng, const cluster& c) { as_human(e, c, rng, rng.below(human_count)); }

// A long-running request (exec, attach, portforward, proxy) is judged on its ResponseStarted record
// (k8s_shared.yml, k8s_one_record_per_request): the status line went out a moment after it arrived.
void as_long_running(audit_event& e, prng& rng, int status) {
    e.stage = "ResponseStarted";
    e.status_code = status;
    e.received_micros = e.stage_micros - 2000 - rng.below(60000);
}

// The rules that read a body need it logged: Request or RequestResponse level.
void with_body_level(audit_event& e, prng& rng) { e.level = rng.chance(0.5) ? "Request" : "RequestResponse"; }

std::uint64_t resource_version(prng& rng) { return 18000000 + rng.below(9000000); }

// An object's metadata as the request body names it (no uid, no creation time yet), or, `created`,
// as the API server gives it back in the response to the create.
void append_metadata(json_out& o, std::string_view name, bool created, std::uint64_t now_micros, prng& rng) {
    o.raw(R"("metadata":{"name":)").str(name);
    if (!created) {
        o.raw(R"(,"creationTimestamp":null})");
        return;
    }
    o.raw(R"(,"uid":")");
    append_name_uuid(o.buffer(), name);
    o.raw(R"(","resourceVersion":")").u64(resource_version(rng)).raw(R"(","creationTimestamp":")");
    append_rfc3339_seconds(o.buffer(), now_micros);
    o.raw(R"("})");
}

// kubectl get secrets -A: GET /api/v1/secrets?limit=500. The verb is set after the target so that
// set_target adds no informer query string (resourceVersion=), which is what a controller sends.
void secrets_listed_cluster_wide(audit_event& e, prng& rng, const cluster& c) {
    as_attacker(e, rng, c);
    set_target(e, rng, res::secrets, {}, {});
    e.verb = "list";
    if (rng.chance(0.6)) e.request_uri.append("?limit=500");  // kubectl; Stratus's client sends no query
}

// kubectl exec <pod> -- cat /var/run/secrets/kubernetes.io/serviceaccount/token. GKE records no query
// string, so there only Kubernetes.Pod.Exec sees it.
void token_read_via_exec(audit_event& e, prng& rng, const cluster& c) {
    const workload& w = rng.pick(workloads);
    as_attacker(e, rng, c);
    // SPDY POST (client-go's remotecommand, kubectl before 1.30) or the WebSocket GET of kubectl 1.30+.
    e.verb = rng.chance(0.5) ? "create" : "get";
    set_target(e, rng, res::pods, w.ns, pod_name(rng, w), "exec");
    e.request_uri.append("?command=cat&command=%2Fvar%2Frun%2Fsecrets%2Fkubernetes.io%2Fserviceaccount%2Ftoken&container=");
    e.request_uri.append(w.deployment).append("&stderr=true&stdout=true");
    as_long_running(e, rng, 101);
}

constexpr sv role_names[] = {"ops-superuser", "debug-all-access", "stratus-red-team-clusterrole", "ci-break-glass"};

// kubectl create clusterrole <name> --verb='*' --resource='*': the rule reads the rules from the body.
void wildcard_cluster_role(audit_event& e, prng& rng, const cluster& c) {
    as_attacker(e, rng, c);
    e.verb = "create";
    const sv name = rng.pick(role_names);
    set_target(e, rng, res::clusterroles, {}, name);
    e.request_uri.append("?fieldManager=kubectl-create&fieldValidation=Strict");
    e.status_code = 201;
    with_body_level(e, rng);
    const bool all_groups = rng.chance(0.5);
    auto role = [&](std::string& out, bool created) {
        json_out o(out);
        o.raw(R"({"kind":"ClusterRole","apiVersion":"rbac.authorization.k8s.io/v1",)");
        append_metadata(o, name, created, e.stage_micros, rng);
        o.raw(R"(,"rules":[{"verbs":["*"],"apiGroups":[)").raw(all_groups ? R"("*")" : R"("")");
        o.raw(R"(],"resources":["*"]}]})");
    };
    role(e.request_object_json, false);
    if (e.level == "RequestResponse") role(e.response_object_json, true);
}

// kubectl create clusterrolebinding <name> --clusterrole=cluster-admin --user|--serviceaccount=...
void cluster_admin_binding(audit_event& e, prng& rng, const cluster& c) {
    static constexpr sv names[] = {"ops-admin-everywhere", "debug-cluster-admin", "backup-admin", "temp-admin"};
    as_attacker(e, rng, c);
    e.verb = "create";
    const sv name = rng.pick(names);
    set_target(e, rng, res::clusterrolebindings, {}, name);
    e.request_uri.append("?fieldManager=kubectl-create&fieldValidation=Strict");
    e.status_code = 201;
    with_body_level(e, rng);
    const workload& w = rng.pick(workloads);
    const bool to_service_account = rng.chance(0.5);
    auto binding = [&](std::string& out, bool created) {
        json_out o(out);
        o.raw(R"({"kind":"ClusterRoleBinding","apiVersion":"rbac.authorization.k8s.io/v1",)");
        append_metadata(o, name, created, e.stage_micros, rng);
        o.raw(R"(,"subjects":[)");
        if (to_service_account) {
            o.raw(R"({"kind":"ServiceAccount","name":)").str(w.service_account).raw(R"(,"namespace":)").str(w.ns).ch('}');
        } else {
            o.raw(R"({"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":)").str(e.username).ch('}');
        }
        o.raw(R"(],"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"cluster-admin"}})");
    };
    binding(e.request_object_json, false);
    if (e.level == "RequestResponse") binding(e.response_object_json, true);
}

// kubectl create token <sa> [--duration ...]: Stratus asks for a kube-system controller's token.
void service_account_token(audit_event& e, prng& rng, const cluster& c) {
    as_attacker(e, rng, c);
    e.verb = "create";
    if (rng.chance(0.3)) {
        set_target(e, rng, res::serviceaccounts, "kube-system", "clusterrole-aggregation-controller", "token");
    } else {
        const workload& w = rng.pick(workloads);
        set_target(e, rng, res::serviceaccounts, w.ns, w.service_account, "token");
    }
    e.status_code = 201;
    // The clouds' default policies log it at Metadata (no lifetime); a stricter policy logs the body.
    if (rng.chance(0.5)) {
        e.level = "Request";
        static constexpr std::uint64_t durations[] = {3600, 86400, 31536000};
        json_out o(e.request_object_json);
        o.raw(R"({"kind":"TokenRequest","apiVersion":"authentication.k8s.io/v1","metadata":{"creationTimestamp":null},)");
        o.raw(R"("spec":{"audiences":null,"expirationSeconds":)").u64(rng.pick(durations));
        o.raw(R"(,"boundObjectRef":null},"status":{"token":"","expirationTimestamp":null}})");
    }
}

// A bare pod created by a person (kubectl run / apply -f), the kind of pod a node escape uses.
struct attack_pod {
    std::string name;
    sv ns;
    sv image;
    bool privileged = false;
    sv host_path;  // empty: no hostPath volume
};

void append_attack_pod(std::string& out, const attack_pod& p) {
    json_out o(out);
    o.raw(R"({"kind":"Pod","apiVersion":"v1","metadata":{"name":)").str(p.name).raw(R"(,"namespace":)").str(p.ns);
    o.raw(R"(,"creationTimestamp":null,"labels":{"run":)").str(p.name).raw(R"(}},"spec":{"containers":[{"name":)");
    o.str(p.name).raw(R"(,"image":)").str(p.image).raw(R"(,"command":["sleep","infinity"],"resources":{})");
    if (!p.host_path.empty()) o.raw(R"(,"volumeMounts":[{"name":"host","mountPath":"/host"}])");
    if (p.privileged) o.raw(R"(,"securityContext":{"privileged":true})");
    o.raw(R"(,"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"}])");
    if (!p.host_path.empty()) o.raw(R"(,"volumes":[{"name":"host","hostPath":{"path":)").str(p.host_path).raw(R"(,"type":""}}])");
    o.raw(R"(,"restartPolicy":"Never","dnsPolicy":"ClusterFirst"},"status":{}})");
}

void pod_creation(audit_event& e, prng& rng, const cluster& c, attack_pod& p) {
    static constexpr sv images[] = {"busybox:1.36", "alpine:3.19", "ubuntu:22.04", "nicolaka/netshoot:v0.12"};
    static constexpr sv prefixes[] = {"debug-", "tmp-shell-", "node-inspect-", "k8s-privesc-"};
    as_attacker(e, rng, c);
    e.verb = "create";
    p.ns = rng.pick(workloads).ns;
    p.image = rng.pick(images);
    p.name.assign(rng.pick(prefixes));
    append_k8s_suffix(p.name, rng, 5);
    set_target(e, rng, res::pods, p.ns, p.name);
    e.request_uri.append("?fieldManager=kubectl-run");
    e.status_code = 201;
    e.level = "RequestResponse";  // what the clouds' policies log pod writes at, body included
    append_attack_pod(e.request_object_json, p);
}

// A pod mounting a node path: a shell there owns the node's files (Stratus mounts "/").
void hostpath_pod(audit_event& e, prng& rng, const cluster& c) {
    static constexpr sv paths[] = {"/", "/etc", "/var/run/docker.sock", "/var/lib/kubelet", "/root"};
    attack_pod p;
    p.host_path = rng.pick(paths);
    pod_creation(e, rng, c, p);
}

// A pod with a privileged container: every device of the node, a mount of its disk away from root.
void privileged_pod(audit_event& e, prng& rng, const cluster& c) {
    attack_pod p;
    p.privileged = true;
    pod_creation(e, rng, c, p);
}

// kubectl get --raw /api/v1/nodes/<node>/proxy/<path>: the kubelet API through the API server (the
// kubelet's /pods lists every pod's spec, env values included; /run runs commands).
void nodes_proxy(audit_event& e, prng& rng, const cluster& c) {
    static constexpr sv paths[] = {"/pods", "/configz", "/runningpods/", "/logs/", "/spec/"};
    as_attacker(e, rng, c);
    e.verb = "get";
    set_target(e, rng, res::nodes, {}, rng.pick(c.nodes).name, "proxy");
    e.request_uri.append(rng.pick(paths));
    as_long_running(e, rng, 200);
}

// kubectl certificate approve <csr>: the approval, not the creation (a CSR creation would change the
// CSR rule's ground truth, which the bench compares with a reference program).
void csr_approval(audit_event& e, prng& rng, const cluster& c) {
    as_attacker(e, rng, c);
    e.verb = "update";
    std::string name = rng.chance(0.5) ? "client-cert-" : "user-csr-";
    append_k8s_suffix(name, rng, 5);
    set_target(e, rng, res::csrs, {}, name, "approval");
    // At Metadata level the write to approval alerts on its own; with the body, its Approved condition does.
    if (rng.chance(0.5)) {
        e.level = "Request";
        json_out o(e.request_object_json);
        o.raw(R"({"kind":"CertificateSigningRequest","apiVersion":"certificates.k8s.io/v1","metadata":{"name":)").str(name);
        o.raw(R"(,"resourceVersion":")").u64(resource_version(rng)).raw(R"("},"spec":{"request":")");
        append_base64(e.request_object_json, rng, 120);
        o.raw(R"(","signerName":"kubernetes.io/kube-apiserver-client","usages":["client auth"],"username":)").str(e.username);
        o.raw(R"(},"status":{"conditions":[{"type":"Approved","status":"True","reason":"KubectlApprove",)"
              R"("message":"This CSR was approved by kubectl certificate approve.","lastUpdateTime":")");
        append_rfc3339_seconds(e.request_object_json, e.stage_micros);
        o.raw(R"(","lastTransitionTime":null}]}})");
    }
}

// kubectl port-forward pod/<pod> 5432: a tunnel from the laptop into the pod network.
void port_forward(audit_event& e, prng& rng, const cluster& c) {
    const workload& w = rng.pick(workloads);
    as_attacker(e, rng, c);
    const bool websocket = rng.chance(0.5);  // kubectl 1.31+ tunnels over a WebSocket GET with ?ports=
    e.verb = websocket ? "get" : "create";
    set_target(e, rng, res::pods, w.ns, pod_name(rng, w), "portforward");
    static constexpr sv ports[] = {"5432", "6379", "8080", "9200"};
    if (websocket) e.request_uri.append("?ports=").append(rng.pick(ports));
    as_long_running(e, rng, 101);
}

// An unauthenticated client that a binding to system:anonymous lets read the cluster; GKE records
// no request without an objectRef, so it reads resources, not a non-resource path.
void anonymous_request(audit_event& e, prng& rng, const cluster& /*c: the client is outside*/) {
    static constexpr sv agents[] = {"curl/8.5.0", "python-requests/2.31.0", "Go-http-client/1.1", "kube-hunter/0.6.8"};
    e.username = "system:anonymous";
    e.user_groups_json = R"(["system:unauthenticated"])";
    e.source_ip.append(rng.chance(0.5) ? "192.0.2." : "198.51.100.").append(std::to_string(rng.between(2, 250)));
    e.user_agent = rng.pick(agents);
    e.authz_reason = R"(RBAC: allowed by ClusterRoleBinding "anonymous-view" of ClusterRole "view" to User "system:anonymous")";
    const workload& w = rng.pick(workloads);
    switch (rng.below(3)) {
        case 0:
            e.verb = "list";
            set_target(e, rng, res::pods, w.ns, {});
            break;
        case 1:
            e.verb = "list";
            set_target(e, rng, res::configmaps, "kube-system", {});
            break;
        default:
            e.verb = "get";
            set_target(e, rng, res::deployments, w.ns, w.deployment);
            break;
    }
}

using fill_function = void (*)(audit_event&, prng&, const cluster&);

struct technique_entry {
    attack_technique technique;
    fill_function fill;
    const char* name;
};

// In attack_technique's order, so that a technique's value indexes its entry.
constexpr technique_entry techniques[attack_technique_count] = {
    {attack_technique::secrets_listed_cluster_wide, secrets_listed_cluster_wide, "secrets-list-all"},
    {attack_technique::token_read_via_exec, token_read_via_exec, "token-exec"},
    {attack_technique::wildcard_cluster_role, wildcard_cluster_role, "wildcard-role"},
    {attack_technique::cluster_admin_binding, cluster_admin_binding, "admin-binding"},
    {attack_technique::service_account_token, service_account_token, "sa-token"},
    {attack_technique::hostpath_pod, hostpath_pod, "hostpath-pod"},
    {attack_technique::privileged_pod, privileged_pod, "privileged-pod"},
    {attack_technique::nodes_proxy, nodes_proxy, "nodes-proxy"},
    {attack_technique::csr_approval, csr_approval, "csr-approval"},
    {attack_technique::port_forward, port_forward, "port-forward"},
    {attack_technique::anonymous_request, anonymous_request, "anonymous"},
};

constexpr bool table_in_order() {
    for (std::size_t i = 0; i < attack_technique_count; ++i) {
        if (static_cast<std::size_t>(techniques[i].technique) != i) return false;
    }
    return true;
}
static_assert(table_in_order(), "techniques[] must follow attack_technique's order");

}  // namespace

attack_technique fill_attack(audit_event& e, prng& rng, const cluster& c) {
    const technique_entry& t = rng.pick(techniques);
    t.fill(e, rng, c);
    return t.technique;
}

const char* attack_technique_name(attack_technique t) noexcept {
    const auto i = static_cast<std::size_t>(t);
    return i < attack_technique_count ? techniques[i].name : "unknown";
}

}  // namespace vigil::corpus

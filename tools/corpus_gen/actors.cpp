// Actor identities: what real API servers record about nodes, controllers, workloads and people.
#include "actors.hpp"

#include <string>

#include "json_out.hpp"
#include "random_text.hpp"

namespace vigil::corpus {
namespace {

constexpr std::string_view human_names[human_count] = {"alice", "bob",   "carol", "dmitri", "erin", "farah",
                                                       "gwen",  "hiro",  "ivan",  "jules",  "kenji", "lena"};

constexpr std::string_view human_agents[] = {
    "kubectl/v1.29.2 (darwin/arm64) kubernetes/4b8e819",
    "kubectl/v1.30.1 (linux/amd64) kubernetes/6911225",
    "kubectl/v1.28.4 (windows/amd64) kubernetes/bae2c62",
    "k9s/v0.0.0 (darwin/arm64) kubernetes/$Format",
    "Lens/6.5.2",
    "OpenAPI-Generator/29.0.0/python",
    "Terraform/1.7.5 (+https://www.terraform.io) kubernetes/2.27.0",
};

void group_list(audit_event& e, std::initializer_list<std::string_view> groups) {
    json_out o(e.user_groups_json);
    o.ch('[');
    bool first = true;
    for (const auto g : groups) {
        if (!first) o.ch(',');
        o.str(g);
        first = false;
    }
    o.ch(']');
}

void rbac_reason(audit_event& e, std::string_view binding_kind, std::string_view binding, std::string_view role_kind,
                 std::string_view role, std::string_view subject_kind, std::string_view subject) {
    auto& r = e.authz_reason;
    r.append("RBAC: allowed by ").append(binding_kind).append(" \"").append(binding).append("\" of ");
    r.append(role_kind).append(" \"").append(role).append("\" to ").append(subject_kind).append(" \"");
    r.append(subject).push_back('"');
}

std::string_view short_version(const cluster& c) {
    const std::string_view v = c.git_version;
    return v.substr(0, v.find('-'));
}

// One stable pseudo-random suffix for a name, so a workload keeps its pod name across events.
void append_stable_suffix(std::string& out, std::uint64_t hash, std::size_t count) {
    static constexpr std::string_view alphabet = "bcdfghjklmnpqrstvwxz2456789";
    for (std::size_t i = 0; i < count; ++i) {
        out.push_back(alphabet[hash % alphabet.size()]);
        hash = hash / alphabet.size() ^ (hash << 29);
    }
}

}  // namespace

void append_component_user_agent(std::string& out, const cluster& c, std::string_view component) {
    out.append(component).push_back('/');
    out.append(short_version(c)).push_back(' ');
    out.append(c.user_agent_tail);
}

void as_node(audit_event& e, const cluster& c, const node_info& node) {
    e.username.append("system:node:").append(node.name);
    group_list(e, {"system:nodes", "system:authenticated"});
    if (c.kind == platform::eks) {
        // EKS nodes authenticate through aws-iam-authenticator with the node group's IAM role.
        e.user_uid.append("aws-iam-authenticator:").append(c.account).append(":").append(c.node_role_id);
        auto& x = e.user_extra_json;
        x.append(R"({"accessKeyId":["ASIA)");
        x.append(std::string_view(c.node_role_id).substr(4, 16));
        x.append(R"("],"arn":["arn:aws:sts::)").append(c.account).append(":assumed-role/").append(c.node_role);
        x.append("/").append(node.instance_id).append(R"("],"principalId":[")").append(c.node_role_id);
        x.append(R"("],"sessionName":[")").append(node.instance_id).append("\"]}");
    }
    e.source_ip = node.ip;
    append_component_user_agent(e.user_agent, c, "kubelet");
    // The Node authorizer records no reason.
}

void as_control_plane(audit_event& e, const cluster& c, std::string_view component, std::string_view ua_suffix) {
    e.username.append("system:").append(component);
    group_list(e, {"system:authenticated"});
    e.source_ip = c.control_plane_ips.front();
    append_component_user_agent(e.user_agent, c, component);
    e.user_agent.append(ua_suffix);
    rbac_reason(e, "ClusterRoleBinding", e.username, "ClusterRole", e.username, "User", e.username);
}

void as_controller_sa(audit_event& e, const cluster& c, std::string_view controller) {
    e.username.append("system:serviceaccount:kube-system:").append(controller);
    append_name_uuid(e.user_uid, e.username);
    group_list(e, {"system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"});
    e.source_ip = c.control_plane_ips.back();
    append_component_user_agent(e.user_agent, c, "kube-controller-manager");
    e.user_agent.append("/system:serviceaccount:kube-system:").append(controller);
    std::string binding = "system:controller:";
    binding.append(controller);
    std::string subject(controller);
    subject.append("/kube-system");
    rbac_reason(e, "ClusterRoleBinding", binding, "ClusterRole", binding, "ServiceAccount", subject);
}

void as_workload_sa(audit_event& e, const cluster& c, std::string_view ns, std::string_view service_account,
                    std::string_view deployment, std::string_view user_agent) {
    e.username.append("system:serviceaccount:").append(ns).append(":").append(service_account);
    append_name_uuid(e.user_uid, e.username);
    std::string ns_group = "system:serviceaccounts:";
    ns_group.append(ns);
    group_list(e, {"system:serviceaccounts", ns_group, "system:authenticated"});

    const std::uint64_t pod_hash = fnv1a(c.label) ^ fnv1a(deployment);
    std::string pod(deployment);
    pod.push_back('-');
    append_stable_suffix(pod, pod_hash, 10);
    pod.push_back('-');
    append_stable_suffix(pod, pod_hash * 31 + 7, 5);
    const node_info& node = c.nodes[pod_hash % c.nodes.size()];

    auto& x = e.user_extra_json;
    if (c.kind == platform::gke) {
        // Kubernetes 1.30 added the token's credential id and node to the extra; the 1.29 clusters lack them.
        x.append(R"({"authentication.kubernetes.io/credential-id":["JTI=)");
        append_name_uuid(x, pod + "/token");
        x.append(R"("],"authentication.kubernetes.io/node-name":[")").append(node.name);
        x.append(R"("],"authentication.kubernetes.io/node-uid":[")");
        append_name_uuid(x, node.name);
        x.append(R"("],"authentication.kubernetes.io/pod-name":[")").append(pod);
    } else {
        x.append(R"({"authentication.kubernetes.io/pod-name":[")").append(pod);
    }
    x.append(R"("],"authentication.kubernetes.io/pod-uid":[")");
    append_name_uuid(x, pod);
    x.append("\"]}");

    e.source_ip = node.ip;
    e.user_agent.append(user_agent);
    std::string subject(service_account);
    subject.append("/").append(ns);
    rbac_reason(e, "RoleBinding", service_account, "Role", service_account, "ServiceAccount", subject);
}

void as_human(audit_event& e, const cluster& c, prng& rng, std::uint32_t human) {
    const std::string_view name = human_names[human % human_count];
    switch (c.kind) {
        case platform::eks:
            if (human % 3 == 0) {
                const std::string role = "AWSReservedSSO_PlatformEngineers_4f1d2e3c5b6a7980";
                e.username.append("arn:aws:sts::").append(c.account).append(":assumed-role/").append(role);
                e.username.append("/").append(name);
                std::string role_id = "AROA";
                append_upper_alnum(role_id, rng, 17);
                e.user_uid.append("aws-iam-authenticator:").append(c.account).append(":").append(role_id);
                auto& x = e.user_extra_json;
                x.append(R"({"accessKeyId":["ASIA)");
                append_upper_alnum(x, rng, 16);
                x.append(R"("],"arn":[")").append(e.username).append(R"("],"canonicalArn":["arn:aws:iam::)");
                x.append(c.account).append(":role/").append(role).append(R"("],"principalId":[")").append(role_id);
                x.append(R"("],"sessionName":[")").append(name).append("\"]}");
                group_list(e, {"platform-engineers", "system:authenticated"});
            } else if (human % 3 == 1) {
                e.username.append(name).append("@example.com");
                group_list(e, {"oidc:developers", "system:authenticated"});
            } else {
                e.username.append("kubernetes-admin");
                group_list(e, {"system:masters", "system:authenticated"});
            }
            rbac_reason(e, "ClusterRoleBinding", "platform-engineers", "ClusterRole", "cluster-admin", "Group",
                        "platform-engineers");
            break;
        case platform::aks: {
            e.username.append(name).append("@contoso.com");
            std::string group_a, group_b;
            append_name_uuid(group_a, "aad-group-sre");
            append_name_uuid(group_b, name);
            group_list(e, {group_a, group_b, "system:authenticated"});
            rbac_reason(e, "ClusterRoleBinding", "aad-sre-admins", "ClusterRole", "cluster-admin", "Group", group_a);
            break;
        }
        case platform::gke:
            e.username.append(name).append("@acme-corp.com");
            group_list(e, {"system:authenticated"});
            rbac_reason(e, "ClusterRoleBinding", "sre-admins", "ClusterRole", "cluster-admin", "User", e.username);
            break;
    }
    e.source_ip.append(human % 2 ? "198.51.100." : "203.0.113.").append(std::to_string(10 + human * 17 % 240));
    e.user_agent.append(rng.pick(human_agents));
}

void as_platform_principal(audit_event& e, const cluster& c, std::string_view username, std::string_view user_agent) {
    e.username.append(username);
    group_list(e, {"system:authenticated"});
    e.source_ip = c.control_plane_ips.front();
    e.user_agent.append(user_agent);
    rbac_reason(e, "ClusterRoleBinding", username, "ClusterRole", username, "User", username);
}

}  // namespace vigil::corpus

// Builds the simulated clusters and their node pools from the seed.
#include "cluster.hpp"

#include <string_view>

#include "random_text.hpp"

namespace vigil::corpus {
namespace {

std::string digits(prng& rng, int count) {
    std::string out;
    out.push_back(static_cast<char>('1' + rng.below(9)));
    for (int i = 1; i < count; ++i) out.push_back(static_cast<char>('0' + rng.below(10)));
    return out;
}

std::string ip(std::string_view prefix, std::uint32_t a, std::uint32_t b) {
    return std::string(prefix) + std::to_string(a) + "." + std::to_string(b);
}

cluster make_common(platform kind, std::string label, std::string region, std::string git_version) {
    cluster c;
    c.kind = kind;
    c.label = std::move(label);
    c.region = std::move(region);
    const auto commit = git_version.substr(git_version.size() - 7);
    c.git_version = std::move(git_version);
    c.user_agent_tail = "(linux/amd64) kubernetes/" + commit;
    return c;
}

cluster make_eks(prng& rng, std::string label, std::string region, std::string name) {
    cluster c = make_common(platform::eks, std::move(label), region, "v1.29.10-eks-7f9249a");
    c.name = std::move(name);
    c.account = digits(rng, 12);
    c.node_role = "eks-" + c.name + "-node-role";
    c.node_role_id = "AROA";
    append_upper_alnum(c.node_role_id, rng, 17);
    const std::uint32_t subnet = 16 * rng.between(0, 3);
    for (std::uint32_t i = 0, n = rng.between(6, 12); i < n; ++i) {
        const std::uint32_t a = subnet + rng.below(16);
        const std::uint32_t b = rng.between(2, 254);
        node_info node{"ip-10-0-" + std::to_string(a) + "-" + std::to_string(b) + "." + region + ".compute.internal",
                       ip("10.0.", a, b), "i-0"};
        append_hex(node.instance_id, rng, 16);
        c.nodes.push_back(std::move(node));
    }
    for (int i = 0; i < 2; ++i) {
        // Separate statements: the order of draws inside one argument list differs between compilers.
        const std::uint32_t a = subnet + rng.below(16);
        const std::uint32_t b = rng.between(2, 254);
        c.control_plane_ips.push_back(ip("10.0.", a, b));
    }
    return c;
}

cluster make_aks(prng& rng, std::string label, std::string region, std::string name, std::string resource_group) {
    cluster c = make_common(platform::aks, std::move(label), region, "v1.29.7-aks-9c2b5e1");
    c.name = std::move(name);
    append_uuid(c.account, rng);
    std::string upper_name = c.name, upper_group = resource_group, upper_sub = c.account;
    for (auto* s : {&upper_name, &upper_group, &upper_sub})
        for (auto& ch : *s) ch = static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
    c.resource_id = "/SUBSCRIPTIONS/" + upper_sub + "/RESOURCEGROUPS/" + upper_group +
                    "/PROVIDERS/MICROSOFT.CONTAINERSERVICE/MANAGEDCLUSTERS/" + upper_name;
    append_hex(c.ccp_namespace, rng, 24);
    for (int i = 0; i < 2; ++i) {
        std::string pod = "kube-apiserver-";
        append_k8s_suffix(pod, rng, 10);
        pod.push_back('-');
        append_k8s_suffix(pod, rng, 5);
        c.apiserver_pods.push_back(std::move(pod));
        std::string container;
        append_hex(container, rng, 64);
        c.container_ids.push_back(std::move(container));
    }
    const std::string pool_id = digits(rng, 8);
    for (std::uint32_t i = 0, n = rng.between(4, 10); i < n; ++i) {
        static constexpr char base36[] = "0123456789abcdefghijklmnopqrstuvwxyz";
        std::string name_ = "aks-nodepool1-" + pool_id + "-vmss0000";
        name_.push_back(base36[i / 36]);
        name_.push_back(base36[i % 36]);
        c.nodes.push_back({std::move(name_), ip("10.224.", 0, 4 + i), {}});
    }
    c.control_plane_ips.push_back("172.31.0." + std::to_string(rng.between(2, 60)));
    return c;
}

cluster make_gke(prng& rng, std::string label, std::string region, std::string name, std::string project) {
    cluster c = make_common(platform::gke, std::move(label), region, "v1.30.5-gke.1014001-d5d2a3f");
    c.name = std::move(name);
    c.account = std::move(project);
    std::string pool_hash;
    append_hex(pool_hash, rng, 8);
    for (std::uint32_t i = 0, n = rng.between(5, 12); i < n; ++i) {
        std::string node = "gke-" + c.name + "-default-pool-" + pool_hash + "-";
        append_k8s_suffix(node, rng, 4);
        c.nodes.push_back({std::move(node), ip("10.128.", 0, 10 + i), {}});
    }
    c.control_plane_ips.push_back("172.16.0." + std::to_string(rng.between(2, 14)));
    return c;
}

}  // namespace

std::vector<cluster> make_clusters(prng& rng) {
    std::vector<cluster> clusters;
    clusters.push_back(make_eks(rng, "prod-eks-use1", "us-east-1", "prod-platform"));
    clusters.push_back(make_eks(rng, "staging-eks-usw2", "us-west-2", "staging-platform"));
    clusters.push_back(make_aks(rng, "aks-prod-weu", "westeurope", "aks-prod-weu", "rg-aks-prod"));
    clusters.push_back(make_aks(rng, "aks-dev-neu", "northeurope", "aks-dev-neu", "rg-aks-dev"));
    clusters.push_back(make_gke(rng, "gke-prod-euw1", "europe-west1", "prod-euw1", "acme-prod-281903"));
    clusters.push_back(make_gke(rng, "gke-data-usc1", "us-central1", "data-usc1", "acme-data-55120"));
    return clusters;
}

}  // namespace vigil::corpus

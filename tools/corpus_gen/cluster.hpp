// A simulated cluster: identity (label, cloud ids, nodes) drawn once from the seed so its events stay consistent.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "prng.hpp"

namespace vigil::corpus {

enum class platform : std::uint8_t { eks, aks, gke };

struct node_info {
    std::string name;
    std::string ip;
    std::string instance_id;  // EKS: i-0..., otherwise unused
};

struct cluster {
    platform kind = platform::eks;
    std::string label;          // p_source_label
    std::string name;           // cloud-side cluster name
    std::string region;
    std::string account;        // AWS account id, Azure subscription id or GCP project id
    std::string git_version;    // v1.29.10-eks-7f9249a
    std::string user_agent_tail;  // "(linux/amd64) kubernetes/7f9249a"
    std::string node_role;      // EKS node IAM role name
    std::string node_role_id;   // EKS node role unique id (AROA...)
    std::string resource_id;    // AKS: /SUBSCRIPTIONS/.../MANAGEDCLUSTERS/NAME
    std::string ccp_namespace;  // AKS control-plane namespace
    std::vector<std::string> apiserver_pods;  // AKS kube-apiserver pod names
    std::vector<std::string> container_ids;   // AKS kube-apiserver container ids
    std::vector<std::string> control_plane_ips;
    std::vector<node_info> nodes;
};

// Two clusters per platform, in the order eks, eks, aks, aks, gke, gke.
std::vector<cluster> make_clusters(prng& rng);

}  // namespace vigil::corpus

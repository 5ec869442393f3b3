// The applications running in every simulated cluster (namespaces, deployments, service accounts, images).
#pragma once

#include <string>
#include <string_view>

#include "prng.hpp"
#include "random_text.hpp"

namespace vigil::corpus {

struct workload {
    std::string_view ns;
    std::string_view deployment;
    std::string_view service_account;
    std::string_view image;
};

inline constexpr workload workloads[] = {
    {"default", "nginx", "default", "nginx:1.25.4"},
    {"web", "frontend", "frontend", "registry.acme.dev/web/frontend:3.18.2"},
    {"checkout", "checkout-service", "checkout", "registry.acme.dev/shop/checkout:2.4.0"},
    {"payments", "payments-api", "payments-api", "registry.acme.dev/payments/api:7.1.3"},
    {"payments", "ledger-worker", "ledger", "registry.acme.dev/payments/ledger:7.1.3"},
    {"data-pipeline", "kafka-connect", "kafka-connect", "confluentinc/cp-kafka-connect:7.6.0"},
    {"data-pipeline", "spark-operator", "spark-operator", "ghcr.io/kubeflow/spark-operator:v1beta2-1.4.3"},
    {"monitoring", "grafana", "grafana", "grafana/grafana:10.4.1"},
    {"ingress-nginx", "ingress-nginx-controller", "ingress-nginx", "registry.k8s.io/ingress-nginx/controller:v1.10.0"},
    {"search", "elasticsearch-client", "elasticsearch", "docker.elastic.co/elasticsearch/elasticsearch:8.13.0"},
    {"auth", "keycloak", "keycloak", "quay.io/keycloak/keycloak:24.0.2"},
    {"kube-system", "coredns", "coredns", "registry.k8s.io/coredns/coredns:v1.11.1"},
};

// The pod a workload's ReplicaSet runs, named like real ones (deployment-rshash-podsuffix).
inline std::string pod_name(prng& rng, const workload& w) {
    std::string pod(w.deployment);
    pod.push_back('-');
    append_k8s_suffix(pod, rng, 10);
    pod.push_back('-');
    append_k8s_suffix(pod, rng, 5);
    return pod;
}

}  // namespace vigil::corpus

// Request/response bodies recorded at Request and RequestResponse level: the bulk of a verbose audit event.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "prng.hpp"

namespace vigil::corpus {

void append_lease(std::string& out, std::string_view ns, std::string_view name, std::string_view holder,
                  std::uint64_t now_micros, std::uint32_t duration_seconds, std::uint64_t resource_version);

// The strategic-merge patch a kubelet sends with each node status heartbeat.
void append_node_status_patch(std::string& out, std::uint64_t now_micros);

void append_event_object(std::string& out, prng& rng, std::string_view ns, std::string_view pod,
                         std::string_view container, std::string_view reason, std::string_view message,
                         std::string_view host, std::uint64_t now_micros);

// The Pod a ReplicaSet controller creates for a deployment.
void append_pod_object(std::string& out, std::string_view ns, std::string_view deployment,
                       std::string_view replicaset, std::string_view service_account, std::string_view image);

// kubectl rollout restart (a template annotation) or kubectl scale (replicas).
void append_deployment_patch(std::string& out, prng& rng, std::uint64_t now_micros);

void append_token_request(std::string& out, std::string_view pod, std::uint32_t expiration_seconds);

struct csr_body {
    std::string_view name;
    std::string_view signer;
    std::span<const std::string_view> usages;  // points at static arrays
    bool with_groups = false;      // some clients send spec.groups themselves
    bool with_expiration = false;  // spec.expirationSeconds
};

// A CertificateSigningRequest with a base64 PEM request; as_response adds the server-filled fields.
void append_csr_object(std::string& out, prng& rng, const csr_body& csr, std::string_view requester,
                       std::uint64_t now_micros, bool as_response);

}  // namespace vigil::corpus

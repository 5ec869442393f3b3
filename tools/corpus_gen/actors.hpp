// Sets the "who" of an audit event (user, groups, extra, source IP, user agent, RBAC reason) per kind of actor.
#pragma once

#include <cstdint>
#include <string_view>

#include "audit_event.hpp"
#include "cluster.hpp"
#include "prng.hpp"

namespace vigil::corpus {

inline constexpr std::uint32_t human_count = 12;

// system:node:<name>, authorised by the Node authorizer.
void as_node(audit_event& e, const cluster& c, const node_info& node);

// A control-plane component authenticating as system:<component> (kube-scheduler, kube-controller-manager, apiserver).
void as_control_plane(audit_event& e, const cluster& c, std::string_view component, std::string_view ua_suffix);

// A kube-controller-manager controller using its kube-system service account (not pod-bound).
void as_controller_sa(audit_event& e, const cluster& c, std::string_view controller);

// A workload's service account with a pod-bound token; the pod and its node are stable per cluster.
void as_workload_sa(audit_event& e, const cluster& c, std::string_view ns, std::string_view service_account,
                    std::string_view deployment, std::string_view user_agent);

// A person: ARN/OIDC/kubernetes-admin usernames on EKS, Entra ID UPNs on AKS, Google accounts on GKE.
void as_human(audit_event& e, const cluster& c, prng& rng, std::uint32_t human);

// Cloud-provider principals such as eks:node-manager, masterclient, aksService.
void as_platform_principal(audit_event& e, const cluster& c, std::string_view username, std::string_view user_agent);

// Appends "<component>/v1.29.10 (linux/amd64) kubernetes/<commit>" for the cluster's version.
void append_component_user_agent(std::string& out, const cluster& c, std::string_view component);

}  // namespace vigil::corpus

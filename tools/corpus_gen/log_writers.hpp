// One line per log type: Amazon.EKS.Audit, Azure.MonitorActivity and GCP.AuditLog renderings of an event.
#pragma once

#include <string>

#include "audit_event.hpp"
#include "cluster.hpp"
#include "prng.hpp"

namespace vigil::corpus {

// Plain audit.k8s.io/v1 Event plus Panther's p_ fields.
void write_eks_line(std::string& line, const audit_event& e, const cluster& c, prng& rng);

// AKS diagnostic log (category kube-audit or kube-audit-admin) carrying the Event as a JSON string.
// truncate_log cuts the embedded Event short, as happens to oversized diagnostic records.
void write_aks_line(std::string& line, std::string& scratch, const audit_event& e, const cluster& c, prng& rng,
                    bool admin_category, bool truncate_log);

// AKS diagnostic log of another category (kube-apiserver, guard, ...): no Kubernetes audit view.
void write_aks_other_line(std::string& line, const cluster& c, prng& rng, std::uint64_t now_micros);

// GKE Cloud Audit Log entry (serviceName k8s.io) for the event.
void write_gke_line(std::string& line, const audit_event& e, const cluster& c, prng& rng);

// A GCP audit entry from another service (container.googleapis.com, compute, iam): no Kubernetes view.
void write_gcp_other_line(std::string& line, const cluster& c, prng& rng, std::uint64_t now_micros);

}  // namespace vigil::corpus

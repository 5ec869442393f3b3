// GCP.AuditLog data model: derives verb, resource and username from protoPayload facts (logtypes.md).
#pragma once

#include "event_scan.hpp"
#include "k8s_view.hpp"

namespace vigil::reference {

// Call only when serviceName is k8s.io. The returned views point into the facts' strings.
k8s_view gke_view(const gke_facts& gke) noexcept;

}  // namespace vigil::reference

// The five steps of Kubernetes.ClientCertificate.Created over a normalised view (csr-rule.md).
#pragma once

#include <string_view>

#include "k8s_view.hpp"

namespace vigil::reference {

// system:serviceaccount:kube-system:*, eks:*, masterclient*, gke-*, azure-*, aksService, and system:* that
// is not a service account.
bool is_system_principal(std::string_view username) noexcept;

bool csr_rule_matches(const k8s_view& view) noexcept;

}  // namespace vigil::reference

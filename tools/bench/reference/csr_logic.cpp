// Rule logic, kept apart from JSON access so the steps read like the specification.
#include "csr_logic.hpp"

namespace vigil::reference {

bool is_system_principal(std::string_view username) noexcept {
    static constexpr std::string_view system_prefixes[] = {"system:serviceaccount:kube-system:", "eks:",
                                                           "masterclient", "gke-", "azure-"};
    for (const auto prefix : system_prefixes) {
        if (username.starts_with(prefix)) return true;
    }
    if (username == "masterclient" || username == "aksService") return true;
    return username.starts_with("system:") && username.find("serviceaccount") == std::string_view::npos;
}

bool csr_rule_matches(const k8s_view& view) noexcept {
    // 1. Creating a CSR.
    if (!view.verb.is_string("create") || !view.resource.is_string("certificatesigningrequests")) return false;
    // 2. That did not fail.
    if (view.failed) return false;
    // 3. By someone who is not a system principal (a non-string or empty username is not one).
    const bool has_name = view.username.k == json_text::kind::string && !view.username.text.empty();
    if (has_name && is_system_principal(view.username.text)) return false;
    // 4. Nor node bootstrap: AKS's bootstrap user, or GKE's asking for a kubelet client certificate.
    if (view.username.is_string("kubelet-nodepool-bootstrap")) return false;
    if (view.username.is_string("kubelet-bootstrap") && view.kubelet_signer) return false;
    // 5. For a client-auth credential.
    return view.client_auth;
}

}  // namespace vigil::reference

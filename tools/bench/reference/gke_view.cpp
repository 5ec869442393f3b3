// The GKE mapping: methodName's last segment, resourceName's path parts, the principal fallbacks.
#include "gke_view.hpp"

namespace vigil::reference {
namespace {

// verb = the last dot-separated segment of methodName.
json_text last_segment(const json_text& method) noexcept {
    if (method.k != json_text::kind::string) return {};
    const auto dot = method.text.rfind('.');
    return {json_text::kind::string, dot == std::string_view::npos ? method.text : method.text.substr(dot + 1)};
}

// resource = part 4 when resourceName has at least 5 '/'-separated parts, else part 2 (when present).
json_text resource_part(const json_text& resource_name) noexcept {
    if (resource_name.k != json_text::kind::string) return {};
    const std::string_view name = resource_name.text;
    std::string_view parts[5];
    std::size_t count = 0, start = 0;
    while (count < 5) {
        const auto slash = name.find('/', start);
        parts[count++] = name.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    if (count >= 5) return {json_text::kind::string, parts[4]};
    if (count >= 3) return {json_text::kind::string, parts[2]};
    return {};
}

// username = principalEmail, else principalSubject, else authoritySelector (the first that is not null).
json_text principal(const gke_facts& gke) noexcept {
    for (const json_text* candidate : {&gke.principal_email, &gke.principal_subject, &gke.authority_selector}) {
        if (candidate->is_set()) return *candidate;
    }
    return {json_text::kind::string, "<UNKNOWN ACTOR USER>"};
}

}  // namespace

k8s_view gke_view(const gke_facts& gke) noexcept {
    k8s_view view;
    view.verb = last_segment(gke.method_name);
    view.resource = resource_part(gke.resource_name);
    view.username = principal(gke);
    view.failed = gke.failed;
    view.client_auth = gke.client_auth;
    view.kubelet_signer = gke.kubelet_signer;
    return view;
}

}  // namespace vigil::reference

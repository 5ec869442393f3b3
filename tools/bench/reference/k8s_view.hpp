// The normalised Kubernetes audit facts the CSR rule needs, as extracted from any of the three log types.
#pragma once

#include <string_view>

namespace vigil::reference {

// A JSON value reduced to what the rule can observe: missing, null, a string (its text), or anything else.
struct json_text {
    enum class kind : unsigned char { absent, null, string, other };
    kind k = kind::absent;
    std::string_view text;  // valid while the parsed document lives; set only for kind::string

    bool is_string(std::string_view s) const noexcept { return k == kind::string && text == s; }
    bool is_set() const noexcept { return k != kind::absent && k != kind::null; }
};

struct k8s_view {
    json_text verb;
    json_text resource;
    json_text username;
    bool failed = false;       // responseStatus.code is an integer >= 400 or in 1..16
    bool client_auth = false;  // requestObject.spec asks for a client certificate
    bool kubelet_signer = false;  // requestObject.spec.signerName is the kubelet client signer
};

}  // namespace vigil::reference

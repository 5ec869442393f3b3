// One-pass scans: each object walked once in document order, only the members the rule reads decoded.
#include "event_scan.hpp"

#include <utility>

namespace vigil::reference {
namespace {

// Walks an object's members, calling on_member(key, value) for each; a non-object is simply ignored,
// because for the rule a non-object parent means its children are missing.
template <class OnMember>
error_code for_each_member(od::value& value, OnMember&& on_member) noexcept {
    od::json_type type;
    if (const auto error = value.type().get(type)) return error;
    if (type != od::json_type::object) return simdjson::SUCCESS;
    od::object members;
    if (const auto error = value.get_object().get(members)) return error;
    for (auto member : members) {
        od::field field;
        if (const auto error = std::move(member).get(field)) return error;
        std::string_view key;
        if (const auto error = key_text(field, key)) return error;
        if (const auto error = on_member(key, field.value())) return error;
    }
    return simdjson::SUCCESS;
}

error_code scan_response_status(od::value& value, bool& failed) noexcept {
    failed = false;
    return for_each_member(value, [&](std::string_view key, od::value& member) noexcept -> error_code {
        return key == "code" ? code_is_failure(member, failed) : simdjson::SUCCESS;
    });
}

error_code scan_spec(od::value& value, bool& client_auth, bool& kubelet_signer) noexcept {
    bool usages_client_auth = false, signer_client = false;
    const auto error = for_each_member(value, [&](std::string_view key, od::value& member) noexcept -> error_code {
        if (key == "usages") return contains_text(member, "client auth", usages_client_auth);
        if (key == "signerName") {
            // A string is read once for both tests; any other kind keeps contains' list and key forms.
            od::json_type type;
            if (const auto e = member.type().get(type)) return e;
            if (type != od::json_type::string) return contains_text(member, "kubernetes.io/kube-apiserver-client", signer_client);
            json_text signer;
            if (const auto e = read_text(member, signer)) return e;
            kubelet_signer = signer.is_string("kubernetes.io/kube-apiserver-client-kubelet");
            signer_client = signer.text.find("kubernetes.io/kube-apiserver-client") != std::string_view::npos;
        }
        return simdjson::SUCCESS;
    });
    client_auth = usages_client_auth || signer_client;
    return error;
}

error_code scan_request_object(od::value& value, bool& client_auth, bool& kubelet_signer) noexcept {
    client_auth = kubelet_signer = false;
    return for_each_member(value, [&](std::string_view key, od::value& member) noexcept -> error_code {
        return key == "spec" ? scan_spec(member, client_auth, kubelet_signer) : simdjson::SUCCESS;
    });
}

error_code read_member_text(od::value& value, std::string_view wanted, json_text& out) noexcept {
    out = {};
    return for_each_member(value, [&](std::string_view key, od::value& member) noexcept -> error_code {
        return key == wanted ? read_text(member, out) : simdjson::SUCCESS;
    });
}

// The audit Event members the rule reads; false when key is not one of them.
bool scan_audit_member(std::string_view key, od::value& value, k8s_view& view, error_code& error) noexcept {
    if (key == "verb") {
        error = read_text(value, view.verb);
    } else if (key == "objectRef") {
        error = read_member_text(value, "resource", view.resource);
    } else if (key == "user") {
        error = read_member_text(value, "username", view.username);
    } else if (key == "responseStatus") {
        error = scan_response_status(value, view.failed);
    } else if (key == "requestObject") {
        error = scan_request_object(value, view.client_auth, view.kubelet_signer);
    } else {
        return false;
    }
    return true;
}

error_code scan_proto_payload(od::value& value, gke_facts& gke) noexcept {
    gke = {};
    return for_each_member(value, [&](std::string_view key, od::value& member) noexcept -> error_code {
        if (key == "serviceName") return read_text(member, gke.service_name);
        if (key == "methodName") return read_text(member, gke.method_name);
        if (key == "resourceName") return read_text(member, gke.resource_name);
        if (key == "status") return scan_response_status(member, gke.failed);
        if (key == "request") return scan_request_object(member, gke.client_auth, gke.kubelet_signer);
        if (key == "authenticationInfo") {
            gke.principal_email = gke.principal_subject = gke.authority_selector = {};
            return for_each_member(member, [&](std::string_view k, od::value& v) noexcept -> error_code {
                if (k == "principalEmail") return read_text(v, gke.principal_email);
                if (k == "principalSubject") return read_text(v, gke.principal_subject);
                if (k == "authoritySelector") return read_text(v, gke.authority_selector);
                return simdjson::SUCCESS;
            });
        }
        return simdjson::SUCCESS;
    });
}

// Walks the root object, then insists the document ends there (On Demand does not check that by itself).
template <class OnMember>
error_code for_each_root_member(od::document& doc, OnMember&& on_member) noexcept {
    od::object root;
    if (const auto error = doc.get_object().get(root)) return error;
    for (auto member : root) {
        od::field field;
        if (const auto error = std::move(member).get(field)) return error;
        std::string_view key;
        if (const auto error = key_text(field, key)) return error;
        if (const auto error = on_member(key, field.value())) return error;
    }
    const auto location = doc.current_location();
    return location.error() == simdjson::OUT_OF_BOUNDS ? simdjson::SUCCESS : simdjson::TRAILING_CONTENT;
}

}  // namespace

error_code scan_event(od::document& doc, event_facts& out) noexcept {
    return for_each_root_member(doc, [&](std::string_view key, od::value& value) noexcept -> error_code {
        error_code error = simdjson::SUCCESS;
        if (scan_audit_member(key, value, out.eks, error)) return error;
        if (key == "p_log_type") return read_text(value, out.log_type);
        if (key == "category") return read_text(value, out.category);
        if (key == "properties") return read_member_text(value, "log", out.aks_log);
        if (key == "protoPayload") return scan_proto_payload(value, out.gke);
        return simdjson::SUCCESS;
    });
}

error_code scan_audit_event(od::document& doc, k8s_view& out) noexcept {
    return for_each_root_member(doc, [&](std::string_view key, od::value& value) noexcept -> error_code {
        error_code error = simdjson::SUCCESS;
        scan_audit_member(key, value, out, error);
        return error;
    });
}

}  // namespace vigil::reference

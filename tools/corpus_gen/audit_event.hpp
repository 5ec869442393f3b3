// The platform-neutral Kubernetes audit record; each log-type writer renders it in its own shape.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace vigil::corpus {

struct audit_event {
    std::string_view level;  // Metadata | Request | RequestResponse
    std::string_view stage;  // RequestReceived | ResponseStarted | ResponseComplete
    std::string_view verb;
    std::string audit_id;
    std::string request_uri;

    // Who: groups and extra are preformatted JSON (an array and an object) because each actor kind
    // builds them differently; an empty extra means the member is omitted.
    std::string username;
    std::string user_uid;
    std::string user_groups_json;
    std::string user_extra_json;
    std::string source_ip;
    std::string user_agent;

    // What: no objectRef for non-resource requests such as GET /readyz.
    bool has_object_ref = false;
    std::string_view resource;
    std::string_view subresource;
    std::string_view api_group;    // "" for the core group
    std::string_view api_version;
    std::string_view gke_method_prefix;  // io.k8s.core, io.k8s.apps, ... (GKE methodName)
    std::string object_namespace;
    std::string object_name;

    // Outcome: responseStatus members other than metadata/code for failures (preformatted, leading comma).
    int status_code = 200;
    std::string status_failure_json;
    std::string_view decision = "allow";
    std::string authz_reason;
    std::string extra_annotations_json;  // further annotation members, each with a leading comma

    std::uint64_t received_micros = 0;
    std::uint64_t stage_micros = 0;

    // Bodies at Request/RequestResponse level (preformatted JSON objects; empty when absent).
    std::string request_object_json;
    std::string response_object_json;

    // Ground truth for the CSR rule, so the generator can report how many alerts a corpus must raise.
    bool is_csr_creation = false;
    bool csr_should_alert = false;

    void reset() {
        level = "Metadata";
        stage = "ResponseComplete";
        verb = {};
        audit_id.clear();
        request_uri.clear();
        username.clear();
        user_uid.clear();
        user_groups_json.clear();
        user_extra_json.clear();
        source_ip.clear();
        user_agent.clear();
        has_object_ref = false;
        resource = subresource = api_group = api_version = gke_method_prefix = {};
        object_namespace.clear();
        object_name.clear();
        status_code = 200;
        status_failure_json.clear();
        decision = "allow";
        authz_reason.clear();
        extra_annotations_json.clear();
        request_object_json.clear();
        response_object_json.clear();
        is_csr_creation = false;
        csr_should_alert = false;
    }
};

}  // namespace vigil::corpus

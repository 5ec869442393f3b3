// GCP.AuditLog: GKE Kubernetes audit as Cloud Audit Log entries (protoPayload), plus other GCP services' entries.
#include <string_view>

#include "log_writers.hpp"
#include "panther_fields.hpp"
#include "random_text.hpp"
#include "time_format.hpp"

namespace vigil::corpus {
namespace {

// core/v1/namespaces/default/pods/nginx/exec: the resourceName GKE records for Kubernetes requests.
void append_resource_name(json_out& o, const audit_event& e) {
    o.raw(e.api_group.empty() ? std::string_view("core") : e.api_group).ch('/').raw(e.api_version);
    if (!e.object_namespace.empty()) o.raw("/namespaces/").raw(e.object_namespace);
    o.ch('/').raw(e.resource);
    if (!e.object_name.empty()) o.ch('/').raw(e.object_name);
    if (!e.subresource.empty()) o.ch('/').raw(e.subresource);
}

// GKE reports failures as google.rpc status codes rather than HTTP codes.
void append_status(json_out& o, int http_code) {
    switch (http_code) {
        case 403: o.raw(R"(,"status":{"code":7,"message":"PERMISSION_DENIED"})"); break;
        case 404: o.raw(R"(,"status":{"code":5,"message":"NOT_FOUND"})"); break;
        case 409: o.raw(R"(,"status":{"code":10,"message":"ABORTED"})"); break;
        case 422: o.raw(R"(,"status":{"code":3,"message":"INVALID_ARGUMENT"})"); break;
        default: break;  // success: no status member
    }
}

void append_resource_and_times(json_out& o, const cluster& c, prng& rng, std::uint64_t micros,
                               std::string_view resource_type, std::string_view severity) {
    o.raw(R"(,"receiveTimestamp":")");
    append_rfc3339_micros(o.buffer(), micros + 300000 + rng.below(1500000));
    o.raw(R"(","resource":{"labels":{"cluster_name":)").str(c.name).raw(R"(,"location":)").str(c.region);
    o.raw(R"(,"project_id":)").str(c.account).raw(R"(},"type":")").raw(resource_type);
    o.raw(R"("},"severity":")").raw(severity).raw(R"(","timestamp":")");
    append_rfc3339_micros(o.buffer(), micros);
    o.ch('"');
}

}  // namespace

void write_gke_line(std::string& line, const audit_event& e, const cluster& c, prng& rng) {
    const bool read_only = e.verb == "get" || e.verb == "list" || e.verb == "watch";
    line.clear();
    json_out o(line);
    // GKE uses the Kubernetes auditID as the entry's insertId.
    o.raw(R"({"insertId":")").raw(e.audit_id).raw(R"(","labels":{"authorization.k8s.io/decision":")").raw(e.decision);
    o.raw(R"(","authorization.k8s.io/reason":)").str(e.authz_reason).raw(R"(},"logName":"projects/)").raw(c.account);
    o.raw(read_only ? R"(/logs/cloudaudit.googleapis.com%2Fdata_access")" : R"(/logs/cloudaudit.googleapis.com%2Factivity")");

    o.raw(R"(,"protoPayload":{"@type":"type.googleapis.com/google.cloud.audit.AuditLog","authenticationInfo":{"principalEmail":)");
    o.str(e.username).raw(R"(},"authorizationInfo":[{"granted":)").raw(e.decision == "allow" ? "true" : "false");
    o.raw(R"(,"permission":")").raw(e.gke_method_prefix).ch('.').raw(e.api_version).ch('.').raw(e.resource);
    if (!e.subresource.empty()) o.ch('.').raw(e.subresource);
    o.ch('.').raw(e.verb).raw(R"(","resource":")");
    append_resource_name(o, e);
    o.raw(R"("}],"methodName":")").raw(e.gke_method_prefix).ch('.').raw(e.api_version).ch('.').raw(e.resource);
    if (!e.subresource.empty()) o.ch('.').raw(e.subresource);
    o.ch('.').raw(e.verb).raw(R"(","requestMetadata":{"callerIP":)").str(e.source_ip);
    o.raw(R"(,"callerSuppliedUserAgent":)").str(e.user_agent).raw(R"(},"resourceName":")");
    append_resource_name(o, e);
    o.raw(R"(","serviceName":"k8s.io")");
    append_status(o, e.status_code);
    if (!e.request_object_json.empty()) o.raw(R"(,"request":)").raw(e.request_object_json);
    if (!e.response_object_json.empty()) o.raw(R"(,"response":)").raw(e.response_object_json);
    o.ch('}');
    append_resource_and_times(o, c, rng, e.stage_micros, "k8s_cluster", read_only ? "INFO" : "NOTICE");
    append_panther_fields(o, "GCP.AuditLog", e.stage_micros, c, rng);
    o.ch('}');
}

void write_gcp_other_line(std::string& line, const cluster& c, prng& rng, std::uint64_t now_micros) {
    struct call {
        std::string_view service, method, resource_kind;
    };
    static constexpr call calls[] = {
        {"container.googleapis.com", "google.container.v1.ClusterManager.GetCluster", "gke_cluster"},
        {"container.googleapis.com", "google.container.v1.ClusterManager.ListNodePools", "gke_cluster"},
        {"container.googleapis.com", "google.container.v1.ClusterManager.SetNodePoolSize", "gke_cluster"},
        {"compute.googleapis.com", "v1.compute.instances.list", "gce_instance"},
        {"iam.googleapis.com", "google.iam.admin.v1.GetServiceAccount", "service_account"},
    };
    const call& k = rng.pick(calls);
    line.clear();
    json_out o(line);
    o.raw(R"({"insertId":")");
    append_uuid(line, rng);
    o.raw(R"(","logName":"projects/)").raw(c.account).raw(R"(/logs/cloudaudit.googleapis.com%2Factivity")");
    o.raw(R"(,"protoPayload":{"@type":"type.googleapis.com/google.cloud.audit.AuditLog","authenticationInfo":{"principalEmail":"terraform@)");
    o.raw(c.account).raw(R"(.iam.gserviceaccount.com"},"methodName":")").raw(k.method);
    o.raw(R"(","requestMetadata":{"callerIP":"198.51.100.)").u64(rng.between(2, 250));
    o.raw(R"(","callerSuppliedUserAgent":"google-api-go-client/0.5 Terraform/1.7.5 (+https://www.terraform.io) terraform-provider-google/5.21.0"})");
    o.raw(R"(,"resourceName":"projects/)").raw(c.account).raw("/locations/").raw(c.region).raw("/clusters/").raw(c.name);
    o.raw(R"(","serviceName":")").raw(k.service).raw(R"(","status":{}})");
    append_resource_and_times(o, c, rng, now_micros, k.resource_kind, "NOTICE");
    append_panther_fields(o, "GCP.AuditLog", now_micros, c, rng);
    o.ch('}');
}

}  // namespace vigil::corpus

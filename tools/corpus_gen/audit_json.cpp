// Kubernetes audit Event rendering, in the member order kube-apiserver's JSON backend uses.
#include "audit_json.hpp"

#include "time_format.hpp"

namespace vigil::corpus {

void write_audit_event_members(const audit_event& e, json_out& o) {
    o.raw(R"({"kind":"Event","apiVersion":"audit.k8s.io/v1","level":")").raw(e.level);
    o.raw(R"(","auditID":")").raw(e.audit_id).raw(R"(","stage":")").raw(e.stage);
    o.raw(R"(","requestURI":)").str(e.request_uri).raw(R"(,"verb":")").raw(e.verb);
    o.raw(R"(","user":{"username":)").str(e.username);
    if (!e.user_uid.empty()) o.raw(R"(,"uid":)").str(e.user_uid);
    o.raw(R"(,"groups":)").raw(e.user_groups_json);
    if (!e.user_extra_json.empty()) o.raw(R"(,"extra":)").raw(e.user_extra_json);
    o.raw(R"(},"sourceIPs":[)").str(e.source_ip).raw(R"(],"userAgent":)").str(e.user_agent);
    if (e.has_object_ref) {
        o.raw(R"(,"objectRef":{"resource":")").raw(e.resource).ch('"');
        if (!e.object_namespace.empty()) o.raw(R"(,"namespace":)").str(e.object_namespace);
        if (!e.object_name.empty()) o.raw(R"(,"name":)").str(e.object_name);
        if (!e.api_group.empty()) o.raw(R"(,"apiGroup":")").raw(e.api_group).ch('"');
        o.raw(R"(,"apiVersion":")").raw(e.api_version).ch('"');
        if (!e.subresource.empty()) o.raw(R"(,"subresource":")").raw(e.subresource).ch('"');
        o.ch('}');
    }
    if (e.stage != "RequestReceived") {
        o.raw(R"(,"responseStatus":{"metadata":{})").raw(e.status_failure_json).raw(R"(,"code":)");
        o.u64(static_cast<std::uint64_t>(e.status_code)).ch('}');
    }
    if (!e.request_object_json.empty()) o.raw(R"(,"requestObject":)").raw(e.request_object_json);
    if (!e.response_object_json.empty()) o.raw(R"(,"responseObject":)").raw(e.response_object_json);
    o.raw(R"(,"requestReceivedTimestamp":")");
    append_rfc3339_micros(o.buffer(), e.received_micros);
    o.raw(R"(","stageTimestamp":")");
    append_rfc3339_micros(o.buffer(), e.stage_micros);
    o.raw(R"(","annotations":{"authorization.k8s.io/decision":")").raw(e.decision);
    o.raw(R"(","authorization.k8s.io/reason":)").str(e.authz_reason).raw(e.extra_annotations_json).ch('}');
}

}  // namespace vigil::corpus

// Failure responseStatus bodies, worded as kube-apiserver words them.
#include "outcomes.hpp"

#include "json_out.hpp"

namespace vigil::corpus {
namespace {

// "pods" or "leases.coordination.k8s.io", the qualified resource in API error messages.
void append_qualified(std::string& out, const audit_event& e) {
    out.append(e.resource);
    if (!e.api_group.empty()) out.append(".").append(e.api_group);
}

void failure(audit_event& e, int code, std::string_view reason, const std::string& message) {
    e.status_code = code;
    json_out o(e.status_failure_json);
    o.raw(R"(,"status":"Failure","message":)").str(message).raw(R"(,"reason":")").raw(reason);
    o.raw(R"(","details":{)");
    if (!e.object_name.empty()) o.raw(R"("name":)").str(e.object_name).ch(',');
    if (!e.api_group.empty()) o.raw(R"("group":")").raw(e.api_group).raw("\",");
    o.raw(R"("kind":")").raw(e.resource).raw("\"}");
}

}  // namespace

void set_forbidden(audit_event& e) {
    std::string message;
    append_qualified(message, e);
    if (!e.object_name.empty()) message.append(" \"").append(e.object_name).append("\"");
    message.append(" is forbidden: User \"").append(e.username).append("\" cannot ").append(e.verb);
    message.append(" resource \"").append(e.resource);
    if (!e.subresource.empty()) message.append("/").append(e.subresource);
    message.append("\" in API group \"").append(e.api_group).append("\"");
    if (e.object_namespace.empty()) {
        message.append(" at the cluster scope");
    } else {
        message.append(" in the namespace \"").append(e.object_namespace).append("\"");
    }
    e.decision = "forbid";
    e.authz_reason.clear();
    failure(e, 403, "Forbidden", message);
}

void set_not_found(audit_event& e) {
    std::string message;
    append_qualified(message, e);
    message.append(" \"").append(e.object_name).append("\" not found");
    failure(e, 404, "NotFound", message);
}

void set_conflict(audit_event& e) {
    std::string message = "Operation cannot be fulfilled on ";
    append_qualified(message, e);
    message.append(" \"").append(e.object_name);
    message.append("\": the object has been modified; please apply your changes to the latest version and try again");
    failure(e, 409, "Conflict", message);
}

}  // namespace vigil::corpus

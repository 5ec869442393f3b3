// Renders an audit_event as a Kubernetes audit.k8s.io/v1 Event: the EKS line and the AKS properties.log payload.
#pragma once

#include "audit_event.hpp"
#include "json_out.hpp"

namespace vigil::corpus {

// Writes "{" and every member of the Event, leaving the object open so a caller can append members.
void write_audit_event_members(const audit_event& e, json_out& o);

}  // namespace vigil::corpus

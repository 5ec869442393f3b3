// Failed outcomes of an audit event (forbidden, not found, conflict) and their responseStatus members.
#pragma once

#include "audit_event.hpp"

namespace vigil::corpus {

// Call after the user, verb and target are set: the failure messages name them as kube-apiserver does.
void set_forbidden(audit_event& e);
void set_not_found(audit_event& e);
void set_conflict(audit_event& e);

}  // namespace vigil::corpus

// One-pass On Demand scans that pull the rule's raw facts out of an event, whatever its log type.
#pragma once

#include "json_read.hpp"
#include "k8s_view.hpp"

namespace vigil::reference {

// What GKE's protoPayload says, before the data-model derivation (gke_view.hpp).
struct gke_facts {
    json_text service_name;
    json_text method_name;
    json_text resource_name;
    json_text principal_email;
    json_text principal_subject;
    json_text authority_selector;
    bool failed = false;       // protoPayload.status.code
    bool client_auth = false;  // protoPayload.request.spec
    bool kubelet_signer = false;  // protoPayload.request.spec.signerName
};

// Everything the rule could need from a raw line. p_log_type usually comes last (Panther appends it), so a
// single pass collects the facts of every shape and the log type decides afterwards which ones count.
struct event_facts {
    json_text log_type;   // p_log_type
    k8s_view eks;         // top-level audit Event members (Amazon.EKS.Audit)
    json_text category;   // Azure.MonitorActivity
    json_text aks_log;    // properties.log, unescaped
    gke_facts gke;        // GCP.AuditLog protoPayload
};

// Scans a top-level event. Duplicate keys: the last one wins, as with json.loads and JSON.parse.
// Fails on malformed JSON in anything it reads, on a non-object root and on trailing content.
error_code scan_event(od::document& doc, event_facts& out) noexcept;

// Scans an AKS embedded audit Event (the EKS mapping).
error_code scan_audit_event(od::document& doc, k8s_view& out) noexcept;

}  // namespace vigil::reference

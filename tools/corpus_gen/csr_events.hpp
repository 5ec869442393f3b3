// Certificate signing request creations: the events the CSR rule looks at, alerting and not.
#pragma once

#include "audit_event.hpp"
#include "cluster.hpp"
#include "prng.hpp"

namespace vigil::corpus {

// Fills e (reset, with auditID and times set) with a certificatesigningrequests create, and records in
// e.csr_should_alert whether Kubernetes.ClientCertificate.Created must fire on it.
void fill_csr_creation(audit_event& e, prng& rng, const cluster& c);

}  // namespace vigil::corpus

// Everyday API traffic (leases, heartbeats, controllers, kubectl, monitoring): every kind of event but CSR creation.
#pragma once

#include "audit_event.hpp"
#include "cluster.hpp"
#include "prng.hpp"

namespace vigil::corpus {

// Fills e (already reset, with auditID and times set) with one background request. Never a CSR creation,
// so the corpus's alert count is exactly what the CSR scenarios decide.
void fill_background(audit_event& e, prng& rng, const cluster& c);

}  // namespace vigil::corpus

// Attack techniques of the Kubernetes threat pack, as audit events that raise the pack's rules.
#pragma once

#include "audit_event.hpp"
#include "cluster.hpp"
#include "corpus.hpp"
#include "prng.hpp"

namespace vigil::corpus {

// Fills e (reset, with auditID and times set) with one technique picked uniformly among
// attack_technique's values, and returns which. Never a CSR creation, so the generator's CSR ground
// truth (corpus_stats::expected_alerts) holds with attacks in the corpus.
attack_technique fill_attack(audit_event& e, prng& rng, const cluster& c);

}  // namespace vigil::corpus

// Generates N distinct, realistic Kubernetes audit rules (for scaling runs of the engine).
#pragma once

#include <cstddef>
#include <string>

namespace vigil::rule_gen {

// The YAML text of synthetic rule number `index` (0-based); the same index always gives the same rule,
// and different indexes give different conditions.
std::string synthetic_rule(size_t index);

// Writes rules 0..count-1 as one file each into `dir` (created if missing). Returns false on I/O error.
bool write_synthetic_rules(const std::string& dir, size_t count, std::string& error);

}  // namespace vigil::rule_gen

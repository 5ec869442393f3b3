// Variants that run inside a bench child process: simdjson parse-only, and the hand-written reference.
#pragma once

#include <string>

namespace vigil::bench {

// Reads `path` line by line (1 MiB buffered, padded) and prints "events matches line-hash" on stdout.
// `variant` is "dom" (simdjson DOM parse of every line, no rule) or "reference" (the On Demand CSR rule).
int run_in_process(const std::string& variant, const std::string& path);

}  // namespace vigil::bench

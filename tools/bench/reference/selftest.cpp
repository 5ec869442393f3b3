// vigil-reference-csr-selftest: checks reference_csr against csr_cases.ndjson (seed tests plus edge cases).
// Each case line ends with "_case" (a label) and "_expect" members; lines without them are invalid JSON
// and must not match. The markers are found as text, because some cases are JSON that DOM parsers refuse.
#include <cstdio>
#include <fstream>
#include <string>

#include "reference_csr.hpp"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s csr_cases.ndjson\n", argv[0]);
        return 2;
    }
    std::ifstream in(argv[1], std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "cannot open %s\n", argv[1]);
        return 2;
    }
    vigil::reference::reference_csr rule;
    std::string line;
    int cases = 0, failures = 0;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        ++cases;
        const bool expect = line.find(R"("_expect":true)") != std::string::npos;
        std::string_view label = "(invalid JSON)";
        if (const auto at = line.find(R"("_case":")"); at != std::string::npos) {
            const auto start = at + 9;
            label = std::string_view(line).substr(start, line.find('"', start) - start);
        }
        const bool got = rule.matches(line);
        std::string padded = line;
        padded.append(vigil::reference::reference_csr::padding, ' ');
        const bool got_padded = rule.matches_padded(std::string_view(padded).substr(0, line.size()));
        if (got != expect || got_padded != expect) {
            ++failures;
            std::fprintf(stderr, "FAIL line %d [%.*s]: expected %d, matches %d, matches_padded %d\n", cases,
                         static_cast<int>(label.size()), label.data(), expect, got, got_padded);
        }
    }
    std::fprintf(stderr, "%d cases, %d failures\n", cases, failures);
    return failures == 0 && cases > 0 ? 0 : 1;
}

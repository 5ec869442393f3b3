// vigil-reference-csr: counts Kubernetes.ClientCertificate.Created matches in an NDJSON file with reference_csr.
#include <CLI/CLI.hpp>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "reference_csr.hpp"

namespace {

// The whole file plus padding, so lines can be matched in place; loading is kept out of the timing.
bool load_file(const std::string& path, std::vector<char>& bytes, std::size_t& size) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) return false;
    size = static_cast<std::size_t>(in.tellg());
    bytes.assign(size + vigil::reference::reference_csr::padding, ' ');
    in.seekg(0);
    return static_cast<bool>(in.read(bytes.data(), static_cast<std::streamsize>(size)));
}

}  // namespace

int main(int argc, char** argv) {
    std::string path;
    bool list = false;
    bool in_place = false;
    int repeat = 1;
    CLI::App app{"Reference (hand-written simdjson On Demand) Kubernetes.ClientCertificate.Created over NDJSON"};
    app.add_option("file", path, "NDJSON events (Amazon.EKS.Audit, Azure.MonitorActivity, GCP.AuditLog)")->required();
    app.add_flag("--list", list, "Print the 1-based line number of every match on stdout");
    app.add_flag("--in-place", in_place, "Use matches_padded on the loaded buffer instead of matches (no per-line copy)");
    app.add_option("--repeat", repeat, "Match the file this many times and report the fastest pass (busy machines)")
        ->check(CLI::PositiveNumber);
    CLI11_PARSE(app, argc, argv);

    std::vector<char> bytes;
    std::size_t size = 0;
    if (!load_file(path, bytes, size)) {
        std::fprintf(stderr, "vigil-reference-csr: cannot read %s\n", path.c_str());
        return 1;
    }

    vigil::reference::reference_csr rule;
    const std::string_view all(bytes.data(), size);
    std::uint64_t events = 0, matches = 0;
    double best_wall = 0, best_cpu = 0;
    for (int pass = 0; pass < repeat; ++pass) {
        events = matches = 0;
        const auto wall_start = std::chrono::steady_clock::now();
        const std::clock_t cpu_start = std::clock();
        std::size_t pos = 0;
        while (pos < all.size()) {
            std::size_t end = all.find('\n', pos);
            if (end == std::string_view::npos) end = all.size();
            std::string_view line = all.substr(pos, end - pos);
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            pos = end + 1;
            if (line.empty()) continue;  // blank lines are not events
            ++events;
            if (in_place ? rule.matches_padded(line) : rule.matches(line)) {
                ++matches;
                if (list && pass == 0) std::printf("%llu\n", static_cast<unsigned long long>(events));
            }
        }
        const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
        const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
        if (pass == 0 || wall < best_wall) best_wall = wall;
        if (pass == 0 || cpu < best_cpu) best_cpu = cpu;
    }
    // Wall time is what a user waits; CPU time is steadier on a shared machine.
    std::fprintf(stderr,
                 "vigil-reference-csr: %llu events, %llu matches, %.3f s, %.0f events/s, %.0f MB/s "
                 "(cpu %.3f s, %.0f events/s)\n",
                 static_cast<unsigned long long>(events), static_cast<unsigned long long>(matches), best_wall,
                 static_cast<double>(events) / best_wall, static_cast<double>(size) / 1e6 / best_wall, best_cpu,
                 static_cast<double>(events) / best_cpu);
    return 0;
}

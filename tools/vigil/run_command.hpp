// `vigil run`: load rule packs, stream NDJSON events through them, write alerts.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace vigil::tools {

struct run_options {
    std::vector<std::string> rule_paths;
    std::vector<std::string> packs;
    std::vector<std::string> inputs;
    std::string log_type;
    std::string envelope = "none";  // engine::envelope_named() of it
    std::string output;
    std::string summary;
    size_t max_line_bytes = 16 << 20;
    unsigned threads = 0;  // 0: one per core
    bool all_matches = false;
    bool strict = false;
    bool skip_invalid = false;
    bool no_progress = false;
    bool no_prefilter = false;
};

void add_run_command(CLI::App& app, run_options& options);
int run(const run_options& options);

}  // namespace vigil::tools

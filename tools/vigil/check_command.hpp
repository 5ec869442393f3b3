// `vigil check`: validate rules, data models and packs without running anything.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace vigil::tools {

struct check_options {
    std::vector<std::string> paths;
    bool warnings_as_errors = false;
    std::vector<std::string> error_on;  // lint codes reported as errors
    std::string format = "text";
};

void add_check_command(CLI::App& app, check_options& options);
int check(const check_options& options);

}  // namespace vigil::tools

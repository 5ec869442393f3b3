// Running one benchmark variant in a child process and measuring wall time and peak RSS.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vigil::bench {

struct measurement {
    double seconds = 0;
    long peak_rss_kb = 0;
    int exit_code = -1;
    std::string output;  // the child's stdout
};

// Runs `argv` (stdout captured, stderr to `stderr_path`), waits, reports wall time and the child's
// peak RSS (from wait4, so each variant's memory is its own).
measurement run_child(const std::vector<std::string>& argv, const std::string& stderr_path);

double median(std::vector<double> xs);

}  // namespace vigil::bench

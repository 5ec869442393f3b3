// `vigil explain`: why each event did or did not match each rule of its log type.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace vigil::tools {

struct explain_options {
    std::vector<std::string> inputs;      // NDJSON files, '-' for stdin
    std::vector<std::string> rule_paths;  // default: the bundled rules/ and schemas/
    std::vector<std::string> rule_ids;    // only these rules (empty: all of the event's log type)
    std::vector<std::string> tests;       // explain these tests of the selected rules instead of events
    bool all_tests = false;               // every test of the selected rules
    std::string log_type;                 // for events without p_log_type
    std::string envelope = "none";        // each line an envelope of this kind (engine::envelope_named)
    std::string format = "text";
};

void add_explain_command(CLI::App& app, explain_options& options);
// Exit status: 0 when every event was explained, 1 when an input could not be read or a named rule
// or test does not exist, 2 when the rules do not load.
int explain(const explain_options& options);

}  // namespace vigil::tools

// Loading rule/data-model/pack paths for the tools, with the bundled packs as the default.
#pragma once

#include "engine/ruleset.hpp"

#include <memory>
#include <string>
#include <vector>

namespace vigil::tools {

// The repository's rules/ and schemas/ (where this build came from).
std::vector<std::string> default_rule_paths();

struct loaded_rules {
    std::shared_ptr<const engine::ruleset> rules;
    dsl::diagnostics diags;
};

// Loads and compiles; never throws. Diagnostics are returned, not printed.
loaded_rules load_rules(const std::vector<std::string>& paths, const engine::ruleset_options& options);

}  // namespace vigil::tools

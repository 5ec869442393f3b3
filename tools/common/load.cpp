// Default rule locations and the load-then-compile sequence shared by vigil and ruletest.
#include "common/load.hpp"

namespace vigil::tools {

std::vector<std::string> default_rule_paths() {
    return {std::string(VIGIL_SOURCE_DIR) + "/rules", std::string(VIGIL_SOURCE_DIR) + "/schemas"};
}

loaded_rules load_rules(const std::vector<std::string>& paths, const engine::ruleset_options& options) {
    loaded_rules out;
    auto docs = dsl::load_documents(paths.empty() ? default_rule_paths() : paths, out.diags, options.threads);
    out.rules = engine::ruleset::build(std::move(docs), options, out.diags);
    return out;
}

}  // namespace vigil::tools

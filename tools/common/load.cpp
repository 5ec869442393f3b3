// Default rule locations and the load-then-compile sequence shared by vigil and ruletest.
#include "common/load.hpp"

#include <exception>

namespace vigil::tools {

std::vector<std::string> default_rule_paths() {
    return {std::string(VIGIL_SOURCE_DIR) + "/rules", std::string(VIGIL_SOURCE_DIR) + "/schemas"};
}

loaded_rules load_rules(const std::vector<std::string>& paths, const engine::ruleset_options& options) {
    loaded_rules out;
    // The loader turns what libraries throw into diagnostics per document; this is the last line
    // for the compile step, so that check, ruletest and a reload in `vigil run` (which keeps its old
    // rules on errors) never die of a rule file.
    try {
        auto docs = dsl::load_documents(paths.empty() ? default_rule_paths() : paths, out.diags, options.threads);
        out.rules = engine::ruleset::build(std::move(docs), options, out.diags);
    } catch (const std::exception& e) {
        out.diags.error({paths.empty() ? std::string("(bundled rules)") : paths.front(), 0, 0}, std::string("cannot load the rules: ") + e.what());
        out.rules = engine::ruleset::build(dsl::document_set{}, options, out.diags);
    }
    return out;
}

}  // namespace vigil::tools

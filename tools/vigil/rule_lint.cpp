// Rule-test lint: missing tests, test logs of another log type.
#include "rule_lint.hpp"

#include <algorithm>

namespace vigil::tools {

namespace {

// The log type a test log names, if it names one as a string.
const std::string* named_log_type(const nlohmann::ordered_json& log) {
    auto it = log.find("p_log_type");
    return it != log.end() && it->is_string() ? it->get_ptr<const std::string*>() : nullptr;
}

}  // namespace

void warn_rule_tests(const engine::ruleset& rs, dsl::diagnostics& diags) {
    for (const auto& rule : rs.rules()) {
        const auto& spec = *rule.spec;
        if (spec.tests.empty()) {
            diags.warning(spec.id_where, "rule '" + spec.rule_id + "' has no tests: add a true and a false test (Tests:) so that ruletest proves it");
            continue;
        }
        for (const auto& t : spec.tests) {
            std::vector<const nlohmann::ordered_json*> logs;
            if (t.is_sequence())
                for (const auto& l : t.logs) logs.push_back(&l);
            else
                logs.push_back(&t.log);
            for (const auto* log : logs) {
                const std::string* lt = named_log_type(*log);
                if (!lt || std::find(spec.log_types.begin(), spec.log_types.end(), *lt) != spec.log_types.end()) continue;
                diags.warning(t.where, "test '" + t.name + "' of rule '" + spec.rule_id + "' has a log of p_log_type '" + *lt +
                                           "', not one of the rule's LogTypes: ruletest cannot judge it");
                break;
            }
        }
    }
}

}  // namespace vigil::tools

// Filter matching: a rule is selected when every --filter has a value that matches it.
#include "selection.hpp"

#include <algorithm>
#include <sstream>

namespace vigil::ruletest {

namespace {
const std::vector<std::string> keys = {"RuleID", "LogTypes", "Tags", "Severity"};

bool any_of(const std::set<std::string>& wanted, const std::vector<std::string>& have) {
    return std::any_of(have.begin(), have.end(), [&](auto& h) { return wanted.count(h) > 0; });
}
}  // namespace

std::optional<std::string> selection::add(const std::string& filter) {
    auto eq = filter.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == filter.size())
        return "--filter expects KEY=VALUE[,VALUE...], got '" + filter + "'";
    std::string key = filter.substr(0, eq);
    if (std::find(keys.begin(), keys.end(), key) == keys.end())
        return "--filter: unknown key '" + key + "' (use RuleID, LogTypes, Tags or Severity)";
    std::set<std::string> values;
    std::stringstream ss(filter.substr(eq + 1));
    for (std::string v; std::getline(ss, v, ',');)
        if (!v.empty()) values.insert(v);
    filters_[key].push_back(std::move(values));
    return std::nullopt;
}

bool selection::selects(const dsl::rule_spec& rule) const {
    for (const auto& [key, sets] : filters_) {
        for (const auto& wanted : sets) {
            bool ok = key == "RuleID"     ? wanted.count(rule.rule_id) > 0
                      : key == "LogTypes" ? any_of(wanted, rule.log_types)
                      : key == "Tags"     ? any_of(wanted, rule.tags)
                                          : wanted.count(std::string(dsl::severity_name(rule.level))) > 0;
            if (!ok) return false;
        }
    }
    return true;
}

bool selection::selects(const dsl::datamodel_spec& model) const {
    for (const auto& [key, sets] : filters_) {
        for (const auto& wanted : sets) {
            bool ok = key == "RuleID" ? wanted.count(model.id) > 0 : key == "LogTypes" ? any_of(wanted, model.log_types) : false;
            if (!ok) return false;
        }
    }
    return true;
}

}  // namespace vigil::ruletest

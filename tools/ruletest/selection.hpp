// --filter KEY=VALUE selection of rules and data models (repeated filters AND, comma values OR).
#pragma once

#include "dsl/documents.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace vigil::ruletest {

class selection {
public:
    // Returns an error message for a malformed filter or unknown key.
    std::optional<std::string> add(const std::string& filter);
    bool selects(const dsl::rule_spec& rule) const;
    bool selects(const dsl::datamodel_spec& model) const;

private:
    std::map<std::string, std::vector<std::set<std::string>>> filters_;  // key -> one set per --filter
};

}  // namespace vigil::ruletest

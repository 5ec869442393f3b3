// Equality index: per rule, the required equality on the field with the most distinct values
// across the log type's rules (the most selective), looked up with one field evaluation per event.
#include "engine/rule_index.hpp"

#include "engine/compare.hpp"
#include "engine/evaluator.hpp"
#include "engine/ruleset.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace vigil::engine {

namespace {

std::optional<std::string> identity_of(const compiled_node& n) {
    std::string id;
    if (n.code == op_code::field) id = "field:" + std::to_string(n.slot);
    else if (n.code == op_code::raw_path) id = "raw";
    else return std::nullopt;
    for (const auto& s : n.path) id += s.is_index ? "[" + std::to_string(s.index) + "]" : "." + s.key;
    return id;
}

// A string constant that can only ever equal a string (not a numeric one, which equals numbers too).
std::optional<std::string> plain_string(const value& v) {
    if (v.type() != value_type::string || numeric_string(v.as_string())) return std::nullopt;
    return std::string(v.as_string());
}

void collect(const compiled_node& n, bool positive, std::vector<required_equality>& out) {
    switch (n.code) {
        case op_code::logical_not: collect(n.kids[0], !positive, out); return;
        case op_code::logical_and:
        case op_code::logical_or:
            // Only conjunctions require each of their parts.
            if ((n.code == op_code::logical_and) == positive)
                for (const auto& k : n.kids) collect(k, positive, out);
            return;
        case op_code::compare: {
            if (positive == n.negated || n.case_insensitive) return;
            const auto& l = n.kids[0];
            const auto& r = n.kids[1];
            auto id = identity_of(l);
            if (!id || r.code != op_code::constant) return;
            if (n.op == dsl::compare_op::eq) {
                if (auto s = plain_string(r.constant)) out.push_back({&l, *id, {*s}});
            } else if (n.op == dsl::compare_op::in && r.constant.type() == value_type::list && r.constant.size() > 0) {
                required_equality eq{&l, *id, {}};
                for (size_t i = 0; i < r.constant.size(); ++i) {
                    auto s = plain_string(r.constant.at(i));
                    if (!s) return;
                    eq.values.push_back(*s);
                }
                out.push_back(std::move(eq));
            }
            return;
        }
        default: return;
    }
}

}  // namespace

std::vector<required_equality> required_equalities(const rule_variant& v) {
    std::vector<required_equality> out;
    for (const auto& c : v.conditions) collect(c, true, out);
    return out;
}

rule_index::rule_index(const std::vector<rule_ref>& rules) {
    std::vector<std::vector<required_equality>> per_rule;
    std::map<std::string, std::set<std::string>> distinct;
    for (const auto& r : rules) {
        per_rule.push_back(required_equalities(*r.variant));
        for (const auto& eq : per_rule.back()) distinct[eq.identity].insert(eq.values.begin(), eq.values.end());
    }
    std::map<std::string, size_t> key_of;
    for (uint32_t i = 0; i < rules.size(); ++i) {
        const required_equality* best = nullptr;
        for (const auto& eq : per_rule[i])
            if (!best || distinct[eq.identity].size() > distinct[best->identity].size()) best = &eq;
        if (!best) {
            unindexed_.push_back(i);
            continue;
        }
        auto [it, inserted] = key_of.emplace(best->identity, keys_.size());
        if (inserted) keys_.push_back({*best->node, {}});
        for (const auto& v : best->values) {
            auto& list = keys_[it->second].rules_by_value[v];
            if (list.empty() || list.back() != i) list.push_back(i);
        }
    }
}

void rule_index::candidates(event_context& ctx, std::vector<uint32_t>& out) const {
    size_t start = out.size();
    out.insert(out.end(), unindexed_.begin(), unindexed_.end());
    for (const auto& k : keys_) {
        value v = evaluate(k.node, ctx);
        if (v.type() != value_type::string) continue;
        // Heterogeneous lookup would avoid this copy; keys are short and usually fit SSO.
        auto it = k.rules_by_value.find(std::string(v.as_string()));
        if (it != k.rules_by_value.end()) out.insert(out.end(), it->second.begin(), it->second.end());
    }
    if (keys_.size() + (unindexed_.empty() ? 0 : 1) > 1) std::sort(out.begin() + static_cast<long>(start), out.end());
}

}  // namespace vigil::engine

// Root-name collection with positions over every expression of a rule, checked against models and test logs.
#include "field_use.hpp"

#include <set>

namespace vigil::tools {

namespace {

struct name_use {
    std::string name;
    dsl::file_position where;
};

void collect(const dsl::node& n, const std::function<dsl::file_position(uint32_t)>& at, std::vector<name_use>& out) {
    if (n.kind == dsl::node_kind::path) out.push_back({n.segments[0].key, at(n.where.begin)});
    for (const auto& c : n.children) collect(*c, at, out);
}

void collect(const dsl::expression_text& e, std::vector<name_use>& out) {
    collect(*e.ast, [&](uint32_t off) { return e.position(off); }, out);
}

void collect(const dsl::template_text& t, std::vector<name_use>& out) {
    for (const auto& p : t.parts)
        if (p.hole) collect(*p.hole, [&](uint32_t off) { return t.origin.at(p.offset + off); }, out);
}

}  // namespace

void warn_unknown_fields(const engine::ruleset& rs, dsl::diagnostics& diags) {
    for (const auto& rule : rs.rules()) {
        const auto& spec = *rule.spec;
        std::vector<name_use> uses;
        for (const auto& c : spec.conditions) collect(c, uses);
        for (const auto& e : spec.exclusions) collect(e.condition, uses);
        for (const auto& s : spec.dynamic_severities) collect(s.condition, uses);
        for (const auto& [key, e] : spec.alert_context) collect(e, uses);
        if (spec.title) collect(*spec.title, uses);
        if (spec.dedup) collect(*spec.dedup, uses);
        if (spec.distinct_on) collect(*spec.distinct_on, uses);

        std::set<std::string> known;
        for (const auto& v : rule.variants)
            if (v.model)
                for (const auto& f : v.model->field_names) known.insert(f);
        for (const auto& t : spec.tests) {
            for (const auto& [key, val] : t.log.items()) known.insert(key);
            for (const auto& log : t.logs)
                for (const auto& [key, val] : log.items()) known.insert(key);
        }

        // A name that some of the rule's log types define and others read raw means different
        // things per log type: `stage` once was the EKS event's field and the Azure envelope's
        // (absent) one, so an exec rule matched twice on AKS. One warning per name.
        std::set<std::string> mixed;
        for (const auto& u : uses) {
            if (u.name.rfind("p_", 0) == 0 || mixed.count(u.name)) continue;
            std::string defined, raw;
            for (const auto& v : rule.variants) {
                bool is_field = v.model && v.model->field_slot(u.name) >= 0;
                std::string& list = is_field ? defined : raw;
                list += (list.empty() ? "" : ", ") + v.log_type;
            }
            if (defined.empty() || raw.empty()) continue;
            mixed.insert(u.name);
            diags.warning(u.where, "rule '" + spec.rule_id + "' reads '" + u.name + "', a data-model field on " + defined +
                                       " but a raw path on " + raw + ": it means different things per log type");
        }

        std::set<std::string> warned;
        for (const auto& u : uses) {
            if (known.count(u.name) || mixed.count(u.name) || u.name.rfind("p_", 0) == 0 || !warned.insert(u.name).second) continue;
            auto file = u.where.file;
            diags.warning(u.where,
                          "rule '" + spec.rule_id + "' reads '" + u.name +
                              "', which no data model of its log types defines and no test log contains (a typo?)");
        }
    }
}

}  // namespace vigil::tools

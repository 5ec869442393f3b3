// Root-name collection with positions over every expression of a rule, checked against models and test logs.
#include "field_use.hpp"

#include "engine/function_registry.hpp"
#include "engine/reuse_expansion.hpp"

#include <algorithm>
#include <set>

namespace vigil::tools {

namespace {

struct name_use {
    std::string name;
    dsl::file_position where;
};

bool is_plain_name(const dsl::node& n) {
    return n.kind == dsl::node_kind::path && n.segments.size() == 1 && !n.segments[0].is_index && !n.segments[0].is_wildcard;
}

// Names the event is read by. Not names: the list or macro a `list(…)`/`macro(…)` names (a macro's
// arguments are read, though), and a quantifier's variable inside its condition.
void collect(const dsl::node& n, const std::function<dsl::file_position(uint32_t)>& at, std::vector<name_use>& out,
             std::vector<std::string>& bound) {
    if (n.kind == dsl::node_kind::path) {
        if (std::find(bound.begin(), bound.end(), n.segments[0].key) == bound.end()) out.push_back({n.segments[0].key, at(n.where.begin)});
    }
    if (engine::is_reuse_call(n)) {
        if (n.name == "macro" && n.children.size() == 1 && n.children[0]->kind == dsl::node_kind::call)
            for (const auto& c : n.children[0]->children) collect(*c, at, out, bound);
        return;
    }
    const engine::function_entry* f = n.kind == dsl::node_kind::call ? engine::find_function(n.name) : nullptr;
    if (f && f->binds_variable && n.children.size() >= 3 && is_plain_name(*n.children[1])) {
        collect(*n.children[0], at, out, bound);
        bound.push_back(n.children[1]->segments[0].key);
        for (size_t i = 2; i < n.children.size(); ++i) collect(*n.children[i], at, out, bound);
        bound.pop_back();
        return;
    }
    for (const auto& c : n.children) collect(*c, at, out, bound);
}

void collect(const dsl::node& n, const std::function<dsl::file_position(uint32_t)>& at, std::vector<name_use>& out) {
    std::vector<std::string> bound;
    collect(n, at, out, bound);
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
        for (const auto& [name, e] : spec.lets) collect(e, uses);

        std::set<std::string> known;
        for (const auto& [name, e] : spec.lets) known.insert(name);  // a Let name is the rule's own
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
            diags.lint("V104", u.where, "rule '" + spec.rule_id + "' reads '" + u.name + "', a data-model field on " + defined +
                                       " but a raw path on " + raw + ": it means different things per log type");
        }

        std::set<std::string> warned;
        for (const auto& u : uses) {
            if (known.count(u.name) || mixed.count(u.name) || u.name.rfind("p_", 0) == 0 || !warned.insert(u.name).second) continue;
            auto file = u.where.file;
            diags.lint("V103", u.where,
                       "rule '" + spec.rule_id + "' reads '" + u.name +
                              "', which no data model of its log types defines and no test log contains (a typo?)");
        }
    }
}

}  // namespace vigil::tools

// Builds the ruleset: pack filtering, data-model compilation (one per log type), rule compilation.
#include "engine/ruleset.hpp"

#include <algorithm>
#include <set>

namespace vigil::engine {

const log_type_entry* ruleset::find(std::string_view log_type) const {
    for (const auto& e : log_types_)
        if (e.log_type == log_type) return &e;
    return nullptr;
}

const compiled_model* ruleset::model_for(std::string_view log_type) const {
    const auto* e = find(log_type);
    return e ? e->model : nullptr;
}

std::shared_ptr<const ruleset> ruleset::build(dsl::document_set docs, const ruleset_options& options, dsl::diagnostics& diags) {
    auto rs = std::shared_ptr<ruleset>(new ruleset());
    rs->docs_ = std::move(docs);
    for (const auto& bad : rs->docs_.invalid) rs->dropped.push_back(bad.what + " (" + bad.file + ":" + std::to_string(bad.line) + ")");

    std::set<std::string> wanted;
    for (const auto& name : options.packs) {
        auto it = std::find_if(rs->docs_.packs.begin(), rs->docs_.packs.end(), [&](auto& p) { return p.id == name; });
        if (it == rs->docs_.packs.end()) {
            diags.error({"--pack", 0, 0}, "no pack named '" + name + "' was loaded");
            continue;
        }
        for (const auto& [id, where] : it->ids) wanted.insert(id);
    }
    auto selected = [&](const std::string& id) { return options.packs.empty() || wanted.count(id) > 0; };

    // Addresses into models_ are handed out below, so reserve first.
    rs->models_.reserve(rs->docs_.datamodels.size());
    std::map<std::string, const compiled_model*> by_log_type;
    for (const auto& spec : rs->docs_.datamodels) {
        if (!spec.enabled || !selected(spec.id)) continue;
        auto m = compile_model(spec, rs->pool_, diags);
        if (!m) {
            rs->dropped.push_back("data model " + spec.id + " (" + spec.file + ":" + std::to_string(spec.where.line) + ")");
            continue;
        }
        rs->models_.push_back(std::move(*m));
        for (const auto& lt : spec.log_types) {
            auto [it, inserted] = by_log_type.emplace(lt, &rs->models_.back());
            if (!inserted) {
                diags.error(spec.where, "log type '" + lt + "' already has the data model '" + it->second->id + "'");
                diags.note(it->second->spec->where, "that data model is defined here");
            }
        }
    }

    rs->rules_.reserve(rs->docs_.rules.size());
    for (const auto& spec : rs->docs_.rules) {
        if ((!spec.enabled && !options.include_disabled) || !selected(spec.rule_id)) continue;
        auto r = compile_rule(spec, by_log_type, rs->pool_, diags);
        if (!r) {
            rs->dropped.push_back("rule " + spec.rule_id + " (" + spec.file + ":" + std::to_string(spec.where.line) + ")");
            continue;
        }
        rs->rules_.push_back(std::move(*r));
    }

    std::map<std::string, log_type_entry> entries;
    for (const auto& [lt, model] : by_log_type) entries[lt] = {lt, model, {}};
    for (const auto& rule : rs->rules_) {
        if (!rule.spec->enabled) continue;
        for (const auto& v : rule.variants) {
            auto& e = entries[v.log_type];
            e.log_type = v.log_type;
            e.model = v.model;
            e.rules.push_back({&rule, &v});
        }
    }
    for (auto& [lt, e] : entries) {
        e.index = std::make_shared<rule_index>(e.rules);
        rs->log_types_.push_back(std::move(e));
    }

    std::vector<const rule_variant*> variants;
    for (const auto& rule : rs->rules_)
        for (const auto& v : rule.variants) variants.push_back(&v);
    rs->prefilter_ = std::make_unique<literal_prefilter>(variants);
    return rs;
}

}  // namespace vigil::engine

// Builds the ruleset: pack filtering, data-model compilation (one per log type), rule compilation.
#include "engine/ruleset.hpp"

#include "dsl/parallel_for.hpp"
#include "engine/check.hpp"

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

    // Lists and macros are shared by every pack: a selected rule may use any of them.
    rs->library_ = make_reuse_library(rs->docs_.lists, rs->docs_.macros);
    // Each macro is checked where it is written, used or not: a typo in a macro no rule uses yet
    // is found by `vigil check` now, not by the first rule that uses it. Parameters are plain names
    // here (raw paths), so only what holds whatever the arguments are is checked.
    for (const auto& macro : rs->docs_.macros) {
        auto expanded = expand_reuse(*macro.expression.ast, reuse_scope{&rs->library_, nullptr});
        if (expanded.problems.empty()) expanded.problems = check_expression(*expanded.ast, check_scope{nullptr, nullptr});
        report_problems(macro.expression, expanded.problems, diags);
    }

    // Addresses into models_ are handed out below, so reserve first.
    rs->models_.reserve(rs->docs_.datamodels.size());
    std::map<std::string, const compiled_model*> by_log_type;
    for (const auto& spec : rs->docs_.datamodels) {
        if (!spec.enabled || !selected(spec.id)) continue;
        auto m = compile_model(spec, rs->pool_, diags, &rs->library_);
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

    // Rules compile independently (each worker with its own constant pool), and a pack of a
    // thousand rules takes tens of milliseconds per core; the results and messages are then taken
    // in file order, as a one-by-one compile would give them.
    std::vector<const dsl::rule_spec*> todo;
    for (const auto& spec : rs->docs_.rules)
        if ((spec.enabled || options.include_disabled) && selected(spec.rule_id)) todo.push_back(&spec);
    std::vector<std::optional<compiled_rule>> compiled(todo.size());
    std::vector<dsl::diagnostics> rule_diags(todo.size());
    const size_t workers = dsl::parallel_workers(todo.size(), 64, options.threads);
    rs->rule_pools_.resize(workers);
    dsl::parallel_for(todo.size(), workers, [&](size_t i, size_t worker) {
        compiled[i] = compile_rule(*todo[i], by_log_type, rs->rule_pools_[worker], rule_diags[i], &rs->library_);
    });
    rs->rules_.reserve(todo.size());
    for (size_t i = 0; i < todo.size(); ++i) {
        diags.append(rule_diags[i]);
        const auto& spec = *todo[i];
        if (!compiled[i]) {
            rs->dropped.push_back("rule " + spec.rule_id + " (" + spec.file + ":" + std::to_string(spec.where.line) + ")");
            continue;
        }
        rs->rules_.push_back(std::move(*compiled[i]));
    }

    std::map<std::string, log_type_entry> entries;
    for (const auto& [lt, model] : by_log_type) entries[lt] = {lt, model, {}, {}};
    for (const auto& rule : rs->rules_) {
        if (!rule.spec->enabled) continue;
        for (const auto& v : rule.variants) {
            auto& e = entries[v.log_type];
            e.log_type = v.log_type;
            e.model = v.model;
            e.rules.push_back({&rule, &v});
        }
    }
    for (auto& [lt, e] : entries) rs->log_types_.push_back(std::move(e));

    // The index of each log type and the prefilter are independent builds: run them side by side.
    std::vector<const rule_variant*> variants;
    for (const auto& rule : rs->rules_)
        for (const auto& v : rule.variants) variants.push_back(&v);
    const size_t jobs = rs->log_types_.size() + 1;
    const size_t index_workers = variants.size() < 256 ? 1 : dsl::parallel_workers(jobs, 1, options.threads);  // small packs: no thread
    dsl::parallel_for(jobs, index_workers, [&](size_t i, size_t) {
        if (i == 0) rs->prefilter_ = std::make_unique<literal_prefilter>(variants);
        else rs->log_types_[i - 1].index = std::make_shared<rule_index>(rs->log_types_[i - 1].rules);
    });
    return rs;
}

}  // namespace vigil::engine

// Everything a run needs, compiled and immutable: data models and rules indexed by log type.
// Shared read-only between threads; a SIGHUP reload builds a new one and swaps it in.
#pragma once

#include "dsl/diagnostics.hpp"
#include "dsl/document_loader.hpp"
#include "engine/datamodel.hpp"
#include "engine/literal_prefilter.hpp"
#include "engine/rule_index.hpp"
#include "engine/rule_program.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vigil::engine {

struct ruleset_options {
    std::vector<std::string> packs;  // when non-empty: only rules and models listed in these packs
    bool include_disabled = false;   // ruletest runs the tests of disabled rules too
    size_t threads = 0;              // most threads loading and compiling may use (0: one per core)
};

struct rule_ref {
    const compiled_rule* rule;
    const rule_variant* variant;
};

struct log_type_entry {
    std::string log_type;
    const compiled_model* model = nullptr;
    std::vector<rule_ref> rules;
    std::shared_ptr<const rule_index> index;  // over `rules`
};

class ruleset {
public:
    // Compiles what `docs` holds. Rules or models that fail to compile are left out and reported;
    // the caller decides whether any error is fatal.
    static std::shared_ptr<const ruleset> build(dsl::document_set docs, const ruleset_options& options, dsl::diagnostics& diags);

    const log_type_entry* find(std::string_view log_type) const;
    const std::vector<compiled_rule>& rules() const { return rules_; }
    const std::vector<compiled_model>& models() const { return models_; }
    const std::vector<log_type_entry>& log_types() const { return log_types_; }
    const dsl::document_set& documents() const { return docs_; }
    const compiled_model* model_for(std::string_view log_type) const;
    const literal_prefilter& prefilter() const { return *prefilter_; }
    std::vector<std::string> dropped;  // "rule X (file:line)" left out because of errors

private:
    dsl::document_set docs_;
    reuse_library library_;                  // points into docs_'s lists and macros
    constant_pool pool_;                     // the data models' constants
    std::vector<constant_pool> rule_pools_;  // one per compiling thread; sized before use, never resized
    std::vector<compiled_model> models_;
    std::vector<compiled_rule> rules_;
    std::vector<log_type_entry> log_types_;
    std::unique_ptr<literal_prefilter> prefilter_;
};

}  // namespace vigil::engine

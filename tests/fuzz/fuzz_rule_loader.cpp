// libFuzzer target: YAML text (rules, data models, packs; one or many documents) loaded and compiled.
#include "dsl/document_loader.hpp"
#include "engine/ruleset.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    vigil::dsl::document_set docs;
    vigil::dsl::diagnostics diags;
    // The in-memory half of what `vigil check` does per file; no disk, so millions of runs stay fast.
    vigil::dsl::load_document_text("fuzz.yml", std::string(reinterpret_cast<const char*>(data), size), docs, diags);
    vigil::engine::ruleset_options options;
    options.include_disabled = true;  // as `vigil check` does: disabled rules must compile too
    options.threads = 1;              // threads add nothing to what is checked and cost a start per input
    auto rules = vigil::engine::ruleset::build(std::move(docs), options, diags);
    (void)rules;
    return 0;
}

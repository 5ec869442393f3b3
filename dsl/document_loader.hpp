// Loads rule, data-model and pack files (or folders of them) and checks them against each other.
#pragma once

#include "dsl/diagnostics.hpp"
#include "dsl/documents.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace vigil::dsl {

struct document_set {
    std::vector<rule_spec> rules;
    std::vector<datamodel_spec> datamodels;
    std::vector<list_spec> lists;
    std::vector<macro_spec> macros;
    std::vector<pack_spec> packs;
    std::vector<std::string> files;  // every file read, in load order
    std::vector<source_file_ptr> sources;  // their texts, same order: diagnostics show lines without reading a file again
    struct invalid_document {
        std::string file;
        uint32_t line;
        std::string what;  // "rule Some.ID"
    };
    std::vector<invalid_document> invalid;  // documents left out because of errors
};

// One file's text (path used for messages). Problems go to `diags`; valid documents to `out`.
void load_document_text(const std::string& path, std::string text, document_set& out, diagnostics& diags);

// Files and folders (recursively: *.yml, *.yaml, sorted). Then cross-file checks: duplicate RuleIDs,
// DataModelIDs, ListIDs, MacroIDs and PackIDs, and pack IDs that name nothing loaded. Files are parsed on up to
// `max_threads` threads (0: one per core).
document_set load_documents(const std::vector<std::string>& paths, diagnostics& diags, size_t max_threads = 0);


}  // namespace vigil::dsl

// `vigil check`: load and compile everything, print all diagnostics, add likely-typo warnings.
#include "check_command.hpp"

#include "common/load.hpp"
#include "field_use.hpp"
#include "rule_lint.hpp"

#include <fstream>
#include <iostream>

namespace vigil::tools {

namespace {
// Warnings are created without source lines; fill them in so they print with a caret like errors.
void attach_source_lines(dsl::diagnostics& diags) {
    dsl::diagnostics out;
    for (auto d : diags.items()) {
        if (d.source_line.empty() && d.where.line) {
            std::ifstream in(d.where.file);
            std::string line;
            for (uint32_t i = 0; i < d.where.line && std::getline(in, line); ++i) {}
            d.source_line = line;
        }
        out.add(std::move(d));
    }
    diags = std::move(out);
}
}  // namespace

void add_check_command(CLI::App& app, check_options& o) {
    auto* cmd = app.add_subcommand("check", "Validate rules, data models and packs without running anything");
    cmd->add_option("paths", o.paths, "Files or folders (default: the bundled rules/ and schemas/)");
    cmd->add_flag("--warnings-as-errors", o.warnings_as_errors, "Exit 1 on warnings too");
}

int check(const check_options& o) {
    engine::ruleset_options ro;
    ro.include_disabled = true;
    auto loaded = load_rules(o.paths, ro);
    warn_unknown_fields(*loaded.rules, loaded.diags);
    warn_rule_tests(*loaded.rules, loaded.diags);
    attach_source_lines(loaded.diags);
    dsl::print_diagnostics(std::cerr, loaded.diags);
    const auto& rs = *loaded.rules;
    size_t errors = loaded.diags.error_count(), warnings = loaded.diags.warning_count();
    std::cerr << "vigil check: " << rs.documents().files.size() << " files: " << rs.rules().size() << " rules, " << rs.models().size()
              << " data models, " << rs.documents().packs.size() << " packs; " << errors << " errors, " << warnings << " warnings\n";
    return (errors > 0 || (o.warnings_as_errors && warnings > 0)) ? 1 : 0;
}

}  // namespace vigil::tools

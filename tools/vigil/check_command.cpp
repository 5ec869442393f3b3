// `vigil check`: load and compile everything, print all diagnostics, add likely-typo warnings.
#include "check_command.hpp"

#include "check_report.hpp"
#include "common/load.hpp"
#include "field_use.hpp"
#include "lint_suppression.hpp"
#include "rule_lint.hpp"

#include <algorithm>
#include <iostream>
#include <map>
#include <tuple>

namespace vigil::tools {

namespace {
// Warnings are created without source lines; they are filled in from the texts the loader kept, so
// that they print with a caret like errors (no file is read twice: it may have changed since).
void attach_source_lines(dsl::diagnostics& diags, const dsl::document_set& docs) {
    std::map<std::string_view, const dsl::source_file*> by_path;
    for (const auto& f : docs.sources) by_path.emplace(f->path(), f.get());
    dsl::diagnostics out;
    for (auto d : diags.items()) {
        if (d.source_line.empty() && d.where.line) {
            auto it = by_path.find(d.where.file);
            if (it != by_path.end()) d.source_line = it->second->line_text(d.where.line);
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
    std::string codes;
    for (const auto& c : lint_codes()) codes += (codes.empty() ? "" : ", ") + std::string(c.code);
    cmd->add_option("--error-on", o.error_on, "Treat these lint codes as errors (repeatable or comma-separated; " + codes + ")")
        ->delimiter(',')
        ->allow_extra_args(false)  // one value (list) per --error-on, so paths after it stay paths
        ->check([](const std::string& v) {
            for (const auto& c : lint_codes())
                if (v == c.code) return std::string{};
            return "unknown lint code '" + v + "'";
        });
    cmd->add_option("--format", o.format, "text (on stderr, with source lines), json or sarif (SARIF 2.1.0, on stdout)")
        ->check(CLI::IsMember({"text", "json", "sarif"}))
        ->default_val("text");
}

int check(const check_options& o) {
    engine::ruleset_options ro;
    ro.include_disabled = true;
    auto loaded = load_rules(o.paths, ro);
    warn_unknown_fields(*loaded.rules, loaded.diags);
    warn_rule_tests(*loaded.rules, loaded.diags);
    warn_rule_logic(*loaded.rules, loaded.diags);
    warn_untested_fields(*loaded.rules, loaded.diags);
    const size_t suppressed = apply_suppressions(loaded.diags, loaded.rules->documents());
    if (!o.error_on.empty()) {
        // --error-on: those codes are errors of this run.
        dsl::diagnostics promoted;
        for (auto d : loaded.diags.items()) {
            if (d.level == dsl::severity_level::warning && std::find(o.error_on.begin(), o.error_on.end(), d.code) != o.error_on.end())
                d.level = dsl::severity_level::error;
            promoted.add(std::move(d));
        }
        loaded.diags = std::move(promoted);
    }
    {
        // In file order, as a reader goes through the file: the lints run check by check.
        std::vector<dsl::diagnostic> items = loaded.diags.items();
        std::map<std::string, size_t> file_rank;
        for (const auto& d : items) file_rank.emplace(d.where.file, file_rank.size());
        std::stable_sort(items.begin(), items.end(), [&](const dsl::diagnostic& a, const dsl::diagnostic& b) {
            return std::tuple(file_rank[a.where.file], a.where.line, a.where.column) < std::tuple(file_rank[b.where.file], b.where.line, b.where.column);
        });
        dsl::diagnostics sorted;
        for (auto& d : items) sorted.add(std::move(d));
        loaded.diags = std::move(sorted);
    }
    const auto& rs = *loaded.rules;
    check_totals t{rs.documents().files.size(), rs.rules().size(), rs.models().size(), rs.documents().packs.size(),
                   loaded.diags.error_count(), loaded.diags.warning_count(), suppressed};
    if (o.format == "json") {
        print_check_json(std::cout, loaded.diags, t);
    } else if (o.format == "sarif") {
        print_check_sarif(std::cout, loaded.diags);
    } else {
        attach_source_lines(loaded.diags, rs.documents());
        dsl::print_diagnostics(std::cerr, loaded.diags);
    }
    std::cerr << "vigil check: " << t.files << " files: " << t.rules << " rules, " << t.models << " data models, " << t.packs << " packs; "
              << t.errors << " errors, " << t.warnings << " warnings" << (suppressed ? "; " + std::to_string(suppressed) + " suppressed" : "")
              << "\n";
    return (t.errors > 0 || (o.warnings_as_errors && t.warnings > 0)) ? 1 : 0;
}

}  // namespace vigil::tools

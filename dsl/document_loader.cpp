// File and folder loading, AnalysisType dispatch, and the checks that span files (duplicate IDs, packs).
#include "dsl/document_loader.hpp"

#include "dsl/document_readers.hpp"
#include "dsl/parallel_for.hpp"
#include "dsl/yaml_bounds.hpp"

#include <yaml-cpp/depthguard.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace vigil::dsl {

namespace fs = std::filesystem;

namespace {
std::string describe(const rule_spec& s) { return "rule " + (s.rule_id.empty() ? "(no RuleID)" : s.rule_id); }
std::string describe(const datamodel_spec& s) { return "data model " + (s.id.empty() ? "(no DataModelID)" : s.id); }
std::string describe(const list_spec& s) { return "list " + (s.id.empty() ? "(no ListID)" : s.id); }
std::string describe(const macro_spec& s) { return "macro " + (s.id.empty() ? "(no MacroID)" : s.id); }
std::string describe(const pack_spec& s) { return "pack " + (s.id.empty() ? "(no PackID)" : s.id); }
}  // namespace

namespace {
// For --skip-invalid's list of what was dropped, from a document that was never read.
std::string describe_unread(const YAML::Node& doc) {
    if (!doc.IsMap()) return "document";
    const std::pair<const char*, const char*> kinds[] = {
        {"RuleID", "rule "}, {"DataModelID", "data model "}, {"ListID", "list "}, {"MacroID", "macro "}, {"PackID", "pack "}};
    for (const auto& [key, what] : kinds)
        if (doc[key] && doc[key].IsScalar()) return what + doc[key].Scalar();
    return "document";
}

void read_document(yaml_reader& r, const YAML::Node& doc, const std::string& path, document_set& out, diagnostics& diags) {
    if (!doc.IsMap()) {
        r.error(doc, "expected a mapping with AnalysisType at the top of the document");
        return;
    }
    if (!doc["AnalysisType"]) {
        r.error(doc, "missing AnalysisType (rule, datamodel, list, macro or pack)");
        return;
    }
    auto type = r.string(doc["AnalysisType"], "AnalysisType");
    if (!type) return;
    // A document with any error is left out whole, so what loads is always complete.
    const size_t errors_before = diags.error_count();
    auto keep = [&](auto&& spec, auto& into) {
        if (!spec) return;
        if (diags.error_count() == errors_before) into.push_back(std::move(*spec));
        else out.invalid.push_back({path, spec->where.line, describe(*spec)});
    };
    if (*type == "rule") {
        keep(read_rule(r, doc), out.rules);
    } else if (*type == "datamodel") {
        keep(read_datamodel(r, doc), out.datamodels);
    } else if (*type == "list") {
        keep(read_list(r, doc), out.lists);
    } else if (*type == "macro") {
        keep(read_macro(r, doc), out.macros);
    } else if (*type == "pack") {
        keep(read_pack(r, doc), out.packs);
    } else {
        std::string msg = "unknown AnalysisType '" + *type + "': expected rule, datamodel, list, macro or pack";
        std::string hint = closest_match(*type, {"rule", "datamodel", "list", "macro", "pack"});
        if (!hint.empty()) msg += " (did you mean '" + hint + "'?)";
        r.error(doc["AnalysisType"], msg);
    }
}
}  // namespace

void load_document_text(const std::string& path, std::string text, document_set& out, diagnostics& diags) {
    auto file = std::make_shared<const source_file>(path, std::move(text));
    out.files.push_back(path);
    out.sources.push_back(file);
    // Before yaml-cpp: a bad byte would otherwise surface only when an alert or report is written.
    if (!check_text_encoding(*file, diags)) return;
    if (!check_yaml_progress(*file, diags)) return;
    std::vector<YAML::Node> docs;
    try {
        docs = YAML::LoadAll(file->text());
    } catch (const YAML::DeepRecursion& e) {
        // yaml-cpp's own guard (about 500 levels) says only "bad file", at the end of the nesting.
        auto offset = deep_nesting_offset(file->text());
        file_position at = offset ? file->position_of(static_cast<uint32_t>(*offset))
                                  : file_position{path, static_cast<uint32_t>(e.mark.line + 1), static_cast<uint32_t>(e.mark.column + 1)};
        diags.error(at, "YAML nested too deeply (more than " + std::to_string(max_yaml_depth) + " levels)", file->line_text(at.line));
        return;
    } catch (const YAML::Exception& e) {
        file_position at{path, static_cast<uint32_t>(e.mark.line + 1), static_cast<uint32_t>(e.mark.column + 1)};
        if (e.mark.is_null()) at = {path, 0, 0};
        diags.error(at, "invalid YAML: " + e.msg, at.line ? file->line_text(at.line) : std::string_view{});
        return;
    } catch (const std::exception& e) {
        diags.error({path, 0, 0}, std::string("cannot read this file as YAML: ") + e.what());
        return;
    }
    yaml_reader r(file, diags);
    if (docs.empty()) {
        diags.error({path, 0, 0}, "empty file: expected a rule, data model or pack");
        return;
    }
    const size_t budget = yaml_value_budget(file->text().size());
    for (const auto& doc : docs) {
        // The one boundary for this document: whatever a library throws while it is read becomes
        // a diagnostic, and the other documents and files still load (a reload keeps running).
        try {
            if (!check_yaml_bounds(r, doc, budget)) {
                out.invalid.push_back({path, r.position(doc).line, describe_unread(doc)});
                continue;
            }
            read_document(r, doc, path, out, diags);
        } catch (const std::exception& e) {
            r.error(doc, std::string("cannot read this document: ") + e.what());
        }
    }
}

namespace {

std::vector<std::string> yaml_files_under(const std::string& root, diagnostics& diags) {
    std::vector<std::string> files;
    std::error_code ec;
    if (fs::is_regular_file(root, ec)) return {root};
    if (!fs::is_directory(root, ec)) {
        diags.error({root, 0, 0}, "no such file or directory");
        return files;
    }
    // A walk of our own rather than recursive_directory_iterator: that one either skips an unreadable
    // folder in silence or ends the whole walk at it, and a rule left out without a word is a
    // detection gap nobody sees. Each folder that cannot be read and each *.yml link that leads
    // nowhere is an error with its path; the walk goes on. A stack, not recursion: folder depth is
    // the operator's to choose. Folder links are not followed (as before), so the walk cannot loop.
    std::vector<fs::path> pending{fs::path(root)};
    while (!pending.empty()) {
        fs::path dir = std::move(pending.back());
        pending.pop_back();
        fs::directory_iterator it(dir, ec), end;
        if (ec) {
            diags.error({dir.string(), 0, 0}, "cannot read folder: " + ec.message());
            continue;
        }
        for (; it != end; it.increment(ec)) {
            const fs::path& path = it->path();
            std::error_code entry_ec;
            auto own = it->symlink_status(entry_ec);
            if (fs::is_directory(own)) {
                pending.push_back(path);
                continue;
            }
            auto ext = path.extension();
            if (ext != ".yml" && ext != ".yaml") continue;
            if (fs::is_symlink(own)) {
                auto target = fs::status(path, entry_ec);
                if (entry_ec || !fs::exists(target)) {
                    // ELOOP for a link cycle, ENOENT for a dangling link.
                    diags.error({path.string(), 0, 0},
                                "broken symbolic link: " + (entry_ec ? entry_ec.message() : std::string("its target does not exist")));
                    continue;
                }
                if (!fs::is_regular_file(target)) continue;
            } else if (!fs::is_regular_file(own)) {
                continue;
            }
            files.push_back(path.string());
        }
        if (ec) diags.error({dir.string(), 0, 0}, "cannot read folder: " + ec.message());
    }
    std::sort(files.begin(), files.end());
    return files;
}

template <typename Spec, typename IdOf, typename LineOf>
void check_unique(const std::vector<Spec>& specs, IdOf id_of, std::string_view what, LineOf line_of, diagnostics& diags) {
    std::map<std::string, const Spec*> first;
    for (const auto& s : specs) {
        const std::string& id = id_of(s);
        if (id.empty()) continue;
        auto [it, inserted] = first.emplace(id, &s);
        if (!inserted) {
            diags.error(s.id_where, "duplicate " + std::string(what) + " '" + id + "'", line_of(s.id_where));
            diags.note(it->second->id_where, "first defined here", line_of(it->second->id_where));
        }
    }
}

}  // namespace

document_set load_documents(const std::vector<std::string>& paths, diagnostics& diags, size_t max_threads) {
    document_set out;
    // The checks across files below point into files already loaded: keep their lines for the caret display.
    std::map<std::string, source_file_ptr> sources;
    auto line_of = [&](const file_position& at) {
        auto it = sources.find(at.file);
        return it == sources.end() ? std::string_view{} : it->second->line_text(at.line);
    };
    std::vector<std::string> files;
    for (const auto& root : paths)
        for (auto& path : yaml_files_under(root, diags)) files.push_back(std::move(path));

    // Files are independent until the checks across them: parse them on every core (a pack of a
    // thousand rules loads in half the time on two), then merge in file order, so that the result
    // and the order of the messages are those of a one-by-one load.
    struct loaded {
        document_set docs;
        diagnostics diags;
        source_file_ptr source;
    };
    std::vector<loaded> results(files.size());
    parallel_for(files.size(), parallel_workers(files.size(), 16, max_threads), [&](size_t i, size_t) {
        auto& r = results[i];
        std::ifstream in(files[i], std::ios::binary);
        if (!in) {
            r.diags.error({files[i], 0, 0}, "cannot read file");
            return;
        }
        std::ostringstream text;
        text << in.rdbuf();
        r.source = std::make_shared<const source_file>(files[i], text.str());
        load_document_text(files[i], r.source->text(), r.docs, r.diags);
    });

    for (size_t i = 0; i < files.size(); ++i) {
        auto& r = results[i];
        if (r.source) sources[files[i]] = r.source;
        diags.append(r.diags);
        auto move_all = [](auto& from, auto& to) { std::move(from.begin(), from.end(), std::back_inserter(to)); };
        move_all(r.docs.rules, out.rules);
        move_all(r.docs.datamodels, out.datamodels);
        move_all(r.docs.lists, out.lists);
        move_all(r.docs.macros, out.macros);
        move_all(r.docs.packs, out.packs);
        move_all(r.docs.files, out.files);
        move_all(r.docs.sources, out.sources);
        move_all(r.docs.invalid, out.invalid);
    }
    check_unique(out.rules, [](const rule_spec& r) -> const std::string& { return r.rule_id; }, "RuleID", line_of, diags);
    check_unique(out.datamodels, [](const datamodel_spec& m) -> const std::string& { return m.id; }, "DataModelID", line_of, diags);
    check_unique(out.lists, [](const list_spec& l) -> const std::string& { return l.id; }, "ListID", line_of, diags);
    check_unique(out.macros, [](const macro_spec& m) -> const std::string& { return m.id; }, "MacroID", line_of, diags);
    check_unique(out.packs, [](const pack_spec& p) -> const std::string& { return p.id; }, "PackID", line_of, diags);
    for (const auto& pack : out.packs) {
        for (const auto& entry : pack.ids) {
            // Plain references to the pair's parts, not a structured binding: clang 14 (the fuzz build)
            // cannot capture a binding in the lambdas below.
            const auto& id = entry.first;
            const auto& where = entry.second;
            bool found = std::any_of(out.rules.begin(), out.rules.end(), [&](auto& r) { return r.rule_id == id; }) ||
                         std::any_of(out.datamodels.begin(), out.datamodels.end(), [&](auto& m) { return m.id == id; }) ||
                         std::any_of(out.lists.begin(), out.lists.end(), [&](auto& l) { return l.id == id; }) ||
                         std::any_of(out.macros.begin(), out.macros.end(), [&](auto& m) { return m.id == id; });
            if (!found) {
                std::vector<std::string> known;
                for (const auto& r : out.rules) known.push_back(r.rule_id);
                for (const auto& m : out.datamodels) known.push_back(m.id);
                for (const auto& l : out.lists) known.push_back(l.id);
                for (const auto& m : out.macros) known.push_back(m.id);
                std::string msg = "pack '" + pack.id + "' names '" + id + "', which is no loaded rule, data model, list or macro";
                std::string hint = closest_match(id, known);
                if (!hint.empty()) msg += " (did you mean '" + hint + "'?)";
                diags.error(where, msg, line_of(where));
            }
        }
    }
    return out;
}

}  // namespace vigil::dsl

// Lint suppression comments: found in the source lines around each coded warning.
#include "lint_suppression.hpp"

#include <algorithm>
#include <optional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace vigil::tools {

namespace {

constexpr std::string_view marker = "# vigil: ignore";

struct suppression {
    std::vector<std::string> codes;
    std::string reason;
    uint32_t column = 0;  // of the marker, 1-based
};

// The suppression a line carries, if any (codes empty: a malformed one).
std::optional<suppression> parse_line(const std::string& line) {
    const size_t at = line.find(marker);
    if (at == std::string::npos) return std::nullopt;
    suppression s;
    s.column = static_cast<uint32_t>(at + 1);
    std::string_view rest = std::string_view(line).substr(at + marker.size());
    auto skip_blanks = [&] {
        while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
    };
    skip_blanks();
    const size_t end = rest.find_first_of(" \t");
    std::string_view list = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
    while (!list.empty()) {
        const size_t comma = list.find(',');
        std::string_view code = list.substr(0, comma);
        const bool well_formed = code.size() == 4 && code[0] == 'V' && std::all_of(code.begin() + 1, code.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!well_formed) return suppression{{}, {}, s.column};
        s.codes.emplace_back(code);
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    }
    skip_blanks();
    s.reason = std::string(rest);
    while (!s.reason.empty() && (s.reason.back() == ' ' || s.reason.back() == '\t' || s.reason.back() == '\r')) s.reason.pop_back();
    return s;
}

}  // namespace

size_t apply_suppressions(dsl::diagnostics& diags, const dsl::document_set& docs) {
    std::map<std::string_view, const dsl::source_file*> by_path;
    for (const auto& f : docs.sources) by_path.emplace(f->path(), f.get());
    std::set<std::pair<std::string, uint32_t>> reported;  // malformed comments, once each
    dsl::diagnostics kept, malformed;
    size_t dropped = 0;
    for (const auto& d : diags.items()) {
        if (d.code.empty() || d.where.line == 0) {
            kept.add(d);
            continue;
        }
        auto file = by_path.find(d.where.file);
        bool silenced = false;
        for (uint32_t line : {d.where.line, d.where.line - 1}) {
            if (line == 0 || file == by_path.end()) continue;
            auto s = parse_line(std::string(file->second->line_text(line)));
            if (!s) continue;
            const bool names_it = std::find(s->codes.begin(), s->codes.end(), d.code) != s->codes.end();
            if (s->codes.empty() || (names_it && s->reason.empty())) {
                if (reported.insert({d.where.file, line}).second)
                    malformed.lint("V100", {d.where.file, line, s->column},
                                   s->codes.empty() ? "a suppression comment names no lint code: write `# vigil: ignore V1NN why`"
                                                    : "a suppression comment needs a reason after its codes: `# vigil: ignore " + d.code + " why`");
                continue;
            }
            if (names_it) silenced = true;
        }
        if (silenced) ++dropped;
        else kept.add(d);
    }
    kept.append(malformed);
    diags = std::move(kept);
    return dropped;
}

}  // namespace vigil::tools

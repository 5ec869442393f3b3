// Bounds on YAML documents: encoding of the text, depth, alias cycles and expansion of aliases.
#include "dsl/yaml_bounds.hpp"

#include "dsl/diagnostics.hpp"
#include "dsl/utf8.hpp"
#include "dsl/yaml_reader.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <sstream>
#include <vector>

namespace vigil::dsl {

namespace {

std::string describe_bad_byte(std::string_view text, size_t at) {
    if (text[at] == '\0') return "NUL byte";
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(text[at])));
    return std::string("invalid UTF-8 (byte ") + hex + ")";
}

class bounds_walk {
public:
    bounds_walk(yaml_reader& r, size_t budget, const YAML::Node& doc) : r_(r), budget_(budget), top_key_(doc) {}

    // False at the first structural problem (the rest of the walk would only repeat it).
    bool walk(const YAML::Node& n) {
        // A value costs one, and its text a byte each: one long string aliased ten thousand times
        // is as costly to copy as ten thousand values.
        visited_ += 1 + (n.IsScalar() ? n.Scalar().size() : 0);
        if (visited_ > budget_) {
            r_.error(top_key_, "YAML aliases expand " + (top_key_.IsScalar() ? "'" + top_key_.Scalar() + "'" : std::string("this document")) +
                                   " past " + std::to_string(budget_) + " values and text bytes (the limit: 100000 plus twice the file's size)");
            return false;
        }
        if (n.IsScalar()) {
            check_scalar(n);
            return true;
        }
        if (!n.IsMap() && !n.IsSequence()) return true;
        for (const auto& open : path_)
            if (open.is(n)) {
                r_.error(n, "YAML alias refers to a node that contains it (a cycle)");
                return false;
            }
        if (path_.size() >= max_yaml_depth) {
            r_.error(n, "YAML nested too deeply (more than " + std::to_string(max_yaml_depth) + " levels)");
            return false;
        }
        path_.push_back(n);
        bool ok = true;
        if (n.IsMap()) {
            for (auto it = n.begin(); ok && it != n.end(); ++it) {
                if (path_.size() == 1) top_key_.reset(it->first);  // rebinds; `=` would overwrite the node itself
                ok = walk(it->first) && walk(it->second);
            }
        } else {
            for (auto it = n.begin(); ok && it != n.end(); ++it) ok = walk(*it);
        }
        path_.pop_back();
        return ok;
    }

    bool clean() const { return scalar_errors_ == 0; }

private:
    // Quoted scalars can spell a NUL ("\0") that the file check cannot see.
    void check_scalar(const YAML::Node& n) {
        const std::string& s = n.Scalar();
        const size_t bad = first_bad_text_byte(s);
        if (bad == s.size()) return;
        if (++scalar_errors_ > max_reported) return;
        text_origin origin(r_.file(), static_cast<uint32_t>(n.Mark().pos), s);
        r_.error(origin.at(static_cast<uint32_t>(bad)), describe_bad_byte(s, bad) + " in a string: rule files hold text only");
    }

    static constexpr size_t max_reported = 8;
    yaml_reader& r_;
    const size_t budget_;
    size_t visited_ = 0, scalar_errors_ = 0;
    std::vector<YAML::Node> path_;  // the collections from the document down to the current node
    YAML::Node top_key_;            // the top-level key being walked, where an expansion is reported
};

}  // namespace

bool check_text_encoding(const source_file& file, diagnostics& diags) {
    constexpr size_t max_reported = 8;
    std::string_view text = file.text();
    size_t reported = 0, at = first_bad_text_byte(text);
    for (; at < text.size() && reported < max_reported; ++reported) {
        diags.error_at(file, static_cast<uint32_t>(at), describe_bad_byte(text, at) + ": rule files must be UTF-8 text");
        at += 1 + first_bad_text_byte(text.substr(at + 1));
    }
    if (at < text.size()) {
        size_t more = 0;
        for (; at < text.size(); at += 1 + first_bad_text_byte(text.substr(at + 1))) ++more;
        diags.note({file.path(), 0, 0}, "and " + std::to_string(more) + " more bad bytes in this file");
    }
    return reported == 0;
}

bool check_yaml_bounds(yaml_reader& r, const YAML::Node& doc, size_t budget) {
    bounds_walk w(r, budget, doc);
    return w.walk(doc) && w.clean();
}

std::optional<size_t> deep_nesting_offset(std::string_view text) {
    size_t depth = 0;
    char quote = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quote) {
            if (quote == '"' && c == '\\') ++i;
            else if (c == quote) quote = 0;
        } else if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n')) {
            while (i < text.size() && text[i] != '\n') ++i;
        } else if (c == '"' || c == '\'') {
            // A quote opens a scalar only where a value starts; "it's" is a plain scalar.
            size_t b = i;
            while (b > 0 && (text[b - 1] == ' ' || text[b - 1] == '\t')) --b;
            if (b == 0 || std::string_view("[{,:-?\n").find(text[b - 1]) != std::string_view::npos) quote = c;
        } else if (c == '[' || c == '{') {
            if (++depth > max_yaml_depth) return i;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return std::nullopt;
}

namespace {

// Records where each document starts; builds nothing.
class document_starts final : public YAML::EventHandler {
public:
    YAML::Mark start;
    void OnDocumentStart(const YAML::Mark& mark) override { start = mark; }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}
};

}  // namespace

bool check_yaml_progress(const source_file& file, diagnostics& diags) {
    std::istringstream in(file.text());
    document_starts handler;
    size_t documents = 0;
    int last_pos = -1;
    try {
        YAML::Parser parser(in);
        while (parser.HandleNextDocument(handler)) {
            // Every real document consumes at least one byte, so a start that does not move (or
            // more documents than bytes) is the parser going round in circles.
            if (handler.start.pos == last_pos || ++documents > file.text().size() + 1) {
                file_position at{file.path(), static_cast<uint32_t>(handler.start.line + 1), static_cast<uint32_t>(handler.start.column + 1)};
                diags.error(at, "invalid YAML: the parser cannot go past this point (text after a quoted scalar that ends the document?)",
                            file.line_text(at.line));
                return false;
            }
            last_pos = handler.start.pos;
        }
    } catch (const std::exception&) {
        return true;  // LoadAll meets the same error at the same place and reports it
    }
    return true;
}

}  // namespace vigil::dsl

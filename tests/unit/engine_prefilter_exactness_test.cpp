// Differential test of the literal prefilter over generated audit traffic and adversarial rewrites of
// it: the shipped pack plus synthetic rules, judged with the prefilter scanning every line and with
// it off, must give the same matches on every line.
//
// The rewrites keep each event's meaning while changing its bytes: letters inside strings spelled as
// \u escapes (a literal can then be absent from the raw text), '/' spelled "\/", and blanks after
// ':' and ',' (so the raw "p_log_type":" key is not found), and the log-type key moved to the front
// or copied into a nested object.
#include "corpus.hpp"
#include "synthetic_rules.hpp"

#include "dsl/document_loader.hpp"
#include "engine/event_processor.hpp"

#include <simdjson.h>

#include <catch2/catch.hpp>

#include <cstdio>
#include <random>
#include <sstream>

namespace {

using vigil::engine::event_processor;
using vigil::engine::event_result;
using vigil::engine::event_status;
using vigil::engine::prefilter_mode;

std::shared_ptr<const vigil::engine::ruleset> shipped_and_synthetic_rules(size_t synthetic) {
    vigil::dsl::diagnostics diags;
    auto docs = vigil::dsl::load_documents({VIGIL_SOURCE_DIR "/rules", VIGIL_SOURCE_DIR "/schemas"}, diags);
    for (size_t i = 0; i < synthetic; ++i)
        vigil::dsl::load_document_text("synthetic_" + std::to_string(i) + ".yml", vigil::rule_gen::synthetic_rule(i), docs, diags);
    auto rs = vigil::engine::ruleset::build(std::move(docs), {}, diags);
    REQUIRE_FALSE(diags.has_errors());
    return rs;
}

// Calls f(i) for the byte positions inside JSON strings that hold a plain character (not part of an
// escape sequence, not a quote).
template <typename F>
void for_each_string_char(const std::string& line, F&& f) {
    bool in_string = false;
    for (size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        if (!in_string) {
            in_string = c == '"';
        } else if (c == '\\') {
            ++i;  // the escaped character (a \uXXXX's hex digits are plain letters and digits: also skipped below)
            if (i < line.size() && line[i] == 'u') i += 4;
        } else if (c == '"') {
            in_string = false;
        } else {
            f(i);
        }
    }
}

// Spells some letters inside strings as \u00XX.
std::string escape_letters(const std::string& line, std::mt19937_64& rng) {
    std::vector<size_t> letters;
    for_each_string_char(line, [&](size_t i) {
        if (std::isalpha(static_cast<unsigned char>(line[i]))) letters.push_back(i);
    });
    std::vector<char> escape(line.size(), 0);
    for (size_t k = 0; k < 1 + letters.size() / 20 && !letters.empty(); ++k) escape[letters[rng() % letters.size()]] = 1;
    std::string out;
    for (size_t i = 0; i < line.size(); ++i) {
        if (!escape[i]) {
            out += line[i];
            continue;
        }
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(line[i])));
        out += buf;
    }
    return out;
}

// Spells every '/' inside strings as "\/".
std::string escape_slashes(const std::string& line) {
    std::vector<char> slash(line.size(), 0);
    for_each_string_char(line, [&](size_t i) { slash[i] = line[i] == '/'; });
    std::string out;
    for (size_t i = 0; i < line.size(); ++i) {
        if (slash[i]) out += '\\';
        out += line[i];
    }
    return out;
}

// A blank after every ':' and ',' outside strings.
std::string spread_out(const std::string& line) {
    std::vector<char> inside(line.size(), 0);
    for_each_string_char(line, [&](size_t i) { inside[i] = 1; });
    std::string out;
    bool in_string = false;
    for (size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        out += c;
        if (c == '"' && (i == 0 || line[i - 1] != '\\' || !inside[i - 1])) in_string = !in_string;
        if (!in_string && (c == ':' || c == ',')) out += ' ';
    }
    return out;
}

// Rewrites around the log-type key, which a skipped line is checked for without parsing: the
// generated lines carry it in the outermost object, near the end.
enum class log_type_move {
    nested_copy_and_unknown,  // a nested copy of it first, the real one names an unknown type
    nested_copy_only,         // a nested copy of it first, the real one gone (missing log type)
    to_the_front,             // the real one first, nested objects after it (still a known type)
    nested_after,             // the real one kept, a nested copy with an unknown type after it
};

std::string move_log_type(const std::string& line, log_type_move how) {
    const std::string key = "\"p_log_type\":\"";
    size_t at = line.find(key);
    if (at == std::string::npos || line.empty() || line[0] != '{') return line;
    size_t value_end = line.find('"', at + key.size());
    std::string member = line.substr(at, value_end + 1 - at);  // "p_log_type":"X"
    std::string rest = line.substr(0, at) + line.substr(value_end + 1);  // without the member
    // Drop the comma the member leaves behind (before or after it).
    if (size_t dbl = rest.find(",,"); dbl != std::string::npos) rest.erase(dbl, 1);
    if (size_t c = rest.find(",}"); c != std::string::npos && c + 2 == rest.size()) rest.erase(c, 1);
    if (size_t c = rest.find("{,"); c == 0) rest.erase(1, 1);
    const std::string nested = "\"meta\":{" + member + "},";
    switch (how) {
        case log_type_move::nested_copy_and_unknown: return "{" + nested + "\"p_log_type\":\"Unknown.Type\"," + rest.substr(1);
        case log_type_move::nested_copy_only: return "{" + nested + rest.substr(1);
        case log_type_move::to_the_front: return "{" + member + "," + rest.substr(1);
        case log_type_move::nested_after: {
            std::string out = line;
            out.insert(out.size() - 1, ",\"meta\":{\"p_log_type\":\"Unknown.Type\"}");
            return out;
        }
    }
    return line;
}

// What a line's judgement means for alerts: its status (a skipped line is an ok line without
// matches) and each match's rule and dedup key.
std::string outcome(const event_result& r) {
    std::ostringstream s;
    s << (r.status == event_status::skipped ? static_cast<int>(event_status::ok) : static_cast<int>(r.status)) << " " << r.log_type;
    for (const auto& m : r.matches()) s << " | " << m.rule->spec->rule_id << " " << m.dedup;
    return s.str();
}

}  // namespace

TEST_CASE("prefilter exactness: same matches with the prefilter on every line and off, over the corpus and rewrites of it",
          "[engine][prefilter][differential]") {
    auto rules = shipped_and_synthetic_rules(300);
    REQUIRE(rules->prefilter().can_skip_lines());
    event_processor scanning(rules, prefilter_mode::always), parsing(rules, prefilter_mode::off);

    vigil::corpus::corpus_options options;
    options.events = 6000;
    options.seed = 7;
    options.csr_rate = 0.02;  // enough CSR creations for the shipped rule to match often
    vigil::corpus::corpus_generator corpus(options);
    std::mt19937_64 rng(11);

    size_t lines = 0, skipped = 0, matched = 0, escaped_matches = 0, mismatches = 0;
    std::string line, padded;
    event_result with, without;
    auto judge = [&](const std::string& text, const char* form) {
        padded = text;
        padded.append(simdjson::SIMDJSON_PADDING, '\0');
        std::string_view view(padded.data(), text.size());
        scanning.process(view, "", with);
        parsing.process(view, "", without);
        ++lines;
        skipped += with.status == event_status::skipped;
        matched += without.match_count > 0;
        if (outcome(with) != outcome(without) && ++mismatches <= 5) {
            INFO(form << " line:\n" << text << "\nprefilter: " << outcome(with) << "\nparse all: " << outcome(without));
            CHECK(outcome(with) == outcome(without));
        }
        return without.match_count > 0;
    };
    size_t skipped_moved = 0;
    auto judge_skips = [&](const std::string& text, const char* form) {
        judge(text, form);
        return with.status == event_status::skipped;
    };
    while (corpus.next(line)) {
        judge(line, "generated");
        escaped_matches += judge(escape_letters(line, rng), "letters escaped") ? 1 : 0;
        judge(escape_slashes(line), "slashes escaped");
        judge(spread_out(line), "spread out");
        // Exact also in what is reported: a nested p_log_type must not stand for the outermost one.
        judge(move_log_type(line, log_type_move::nested_copy_and_unknown), "nested log type, unknown outer");
        judge(move_log_type(line, log_type_move::nested_copy_only), "nested log type, no outer");
        skipped_moved += judge_skips(move_log_type(line, log_type_move::to_the_front), "log type first");
        judge(move_log_type(line, log_type_move::nested_after), "nested unknown log type after");
    }
    INFO(lines << " lines, " << skipped << " skipped by the prefilter, " << matched << " with matches, " << escaped_matches
               << " escaped ones with matches");
    CHECK(mismatches == 0);
    // The comparison means something only if the prefilter skipped much and rules matched often.
    CHECK(skipped > lines / 4);
    CHECK(matched > 100);
    CHECK(escaped_matches > 20);
    // A log type at the front, with nested objects after it, is still recognised without a parse.
    CHECK(skipped_moved > lines / 40);
}

TEST_CASE("prefilter exactness: a nested p_log_type never stands for a missing or unknown outer one", "[engine][prefilter]") {
    auto rules = shipped_and_synthetic_rules(0);
    event_processor scanning(rules, prefilter_mode::always), parsing(rules, prefilter_mode::off);
    struct row {
        std::string line;
        event_status expected;
    };
    const row rows[] = {
        {R"({"a":{"p_log_type":"Amazon.EKS.Audit"},"p_log_type":"Bogus.Type","verb":"get"})", event_status::unknown_log_type},
        {R"({"a":{"p_log_type":"Amazon.EKS.Audit"},"verb":"get"})", event_status::missing_log_type},
        {R"({"a":[{"p_log_type":"Amazon.EKS.Audit"}],"verb":"get"})", event_status::missing_log_type},
        {R"({"a":"}{","b":{"p_log_type":"Amazon.EKS.Audit","c":"]"},"verb":"get"})", event_status::missing_log_type},
        {R"({"p_log_type":"Amazon.EKS.Audit","a":{"b":[1,"}"]},"verb":"get"})", event_status::skipped},
        {R"({"p_log_type":"Amazon.EKS.Audit","a":"say \"}\" twice }","verb":"get"}  )", event_status::skipped},
        {R"({"verb":"get","p_log_type":"Amazon.EKS.Audit"})", event_status::skipped},
        // a key that only ends in an escaped quote and p_log_type is not the key
        {R"({"x\"p_log_type":"Amazon.EKS.Audit","verb":"get"})", event_status::missing_log_type},
        {R"({"x\"p_log_type":"Amazon.EKS.Audit","p_log_type":"Bogus","verb":"get"})", event_status::unknown_log_type},
        // duplicate keys: the parser takes the first, however it is written
        {R"({"p_log_type": "Bogus.Type","p_log_type":"Amazon.EKS.Audit","verb":"get"})", event_status::unknown_log_type},
        {R"({"p_log_type" :"Bogus","p_log_type":"Amazon.EKS.Audit"})", event_status::unknown_log_type},
        {R"({"p_log_type":5,"p_log_type":"Amazon.EKS.Audit","verb":"get"})", event_status::missing_log_type},
        // the name as a value or an array element is no key
        {R"({"tags":["p_log_type"],"p_log_type":"Amazon.EKS.Audit"})", event_status::ok},
        {R"({"a":"p_log_type","p_log_type":"Amazon.EKS.Audit"})", event_status::ok},
        // blanks around the colon are still read without a parse
        {R"({ "p_log_type" : "Amazon.EKS.Audit" , "verb" : "get" })", event_status::skipped},
        // the CSR rule's anchor literal without its second clause: the confirming scan rejects the
        // line, and the key is read from that scan, whether it comes before the anchor or after it
        {R"({"p_log_type":"Amazon.EKS.Audit","verb":"get","objectRef":{"resource":"certificatesigningrequests"}})", event_status::skipped},
        {R"({"verb":"get","objectRef":{"resource":"certificatesigningrequests"},"p_log_type":"Amazon.EKS.Audit"})", event_status::skipped},
        {R"({"verb":"get","objectRef":{"resource":"certificatesigningrequests"},"p_log_type":"Bogus"})", event_status::unknown_log_type},
        {R"({"verb":"get","objectRef":{"resource":"certificatesigningrequests"},"p_log_type":"Bogus","p_log_type":"Amazon.EKS.Audit"})",
         event_status::unknown_log_type},
        {R"({"verb":"get","objectRef":{"resource":"certificatesigningrequests"}})", event_status::missing_log_type},
    };
    event_result with, without;
    for (const auto& r : rows) {
        INFO(r.line);
        std::string padded = r.line + std::string(simdjson::SIMDJSON_PADDING, '\0');
        std::string_view view(padded.data(), r.line.size());
        scanning.process(view, "", with);
        parsing.process(view, "", without);
        CHECK(with.status == r.expected);
        CHECK(outcome(with) == outcome(without));
    }
}

namespace {

// Lines the long-literal rule must and must not match, judged with the prefilter and without.
TEST_CASE("prefilter exactness: a literal longer than Vectorscan takes is scanned by its start", "[engine][prefilter]") {
    const std::string literal(16001, 'a');
    vigil::dsl::diagnostics diags;
    vigil::dsl::document_set docs;
    vigil::dsl::load_document_text("long.yml",
                                   "AnalysisType: rule\nRuleID: Long.Literal\nLogTypes: [Amazon.EKS.Audit]\nSeverity: Low\n"
                                   "Condition: 'verb eq \"" + literal + "\" or user contains \"b" + literal + "\"'\n",
                                   docs, diags);
    auto rules = vigil::engine::ruleset::build(std::move(docs), {}, diags);
    REQUIRE_FALSE(diags.has_errors());
    for (const auto& scanned : rules->prefilter().scanned_literals()) CHECK(scanned.size() <= 256);
    event_processor scanning(rules, prefilter_mode::always), parsing(rules, prefilter_mode::off);
    const std::string head = R"({"p_log_type":"Amazon.EKS.Audit",)";
    struct row {
        std::string line;
        size_t matches;
    };
    const row rows[] = {
        {head + R"("verb":")" + literal + R"("})", 1},
        {head + R"("verb":")" + literal + R"(a"})", 0},           // one byte longer: not equal
        {head + R"("verb":")" + literal.substr(1) + R"("})", 0},  // one byte short, holds the prefix
        {head + R"("user":"xb)" + literal + R"(x"})", 1},
        {head + R"("user":"b)" + literal.substr(0, 300) + R"("})", 0},
        {head + R"("verb":"get"})", 0},
    };
    event_result with, without;
    for (const auto& r : rows) {
        INFO(r.line.substr(0, 80) << "… (" << r.line.size() << " bytes)");
        std::string padded = r.line + std::string(simdjson::SIMDJSON_PADDING, '\0');
        std::string_view view(padded.data(), r.line.size());
        scanning.process(view, "", with);
        parsing.process(view, "", without);
        CHECK(with.match_count == r.matches);
        CHECK(outcome(with) == outcome(without));
    }
}

}  // namespace

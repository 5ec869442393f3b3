// simdjson DOM parsing of events, with the parser reused across events (no allocation once warm), and
// a second try for valid JSON with numbers simdjson cannot hold.
#include "engine/event_document.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace vigil::engine {

namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

// simdjson rejects valid JSON numbers beyond 64-bit integers or doubles (NUMBER_ERROR). Rewrites
// each such number so that it parses: an integer beyond 64 bits becomes the same digits as a float
// ("…999.0"), and one beyond a double's range (like 1e999) its own text as a string, so the event is
// judged and the number still compares numerically (a numeric string does). Strings are copied as they
// are. False when no number needed rewriting (then the error is a real one).
bool rewrite_big_numbers(std::string_view text, std::string& out) {
    out.clear();
    bool changed = false;
    size_t copied = 0;
    for (size_t i = 0; i < text.size();) {
        char c = text[i];
        if (c == '"') {  // skip a string, escapes included
            for (++i; i < text.size() && text[i] != '"'; ++i)
                if (text[i] == '\\') ++i;
            ++i;
            continue;
        }
        if (c != '-' && !digit(c)) {
            ++i;
            continue;
        }
        size_t b = i;
        bool integer = true;
        while (i < text.size() && (digit(text[i]) || text[i] == '-' || text[i] == '+' || text[i] == '.' || text[i] == 'e' || text[i] == 'E')) {
            if (!digit(text[i]) && !(i == b && text[i] == '-')) integer = false;
            ++i;
        }
        std::string_view token = text.substr(b, i - b);
        const char* first = token.data();
        const char* last = first + token.size();
        std::string replacement;
        if (integer) {
            int64_t si = 0;
            uint64_t ui = 0;
            auto as_signed = std::from_chars(first, last, si);
            auto as_unsigned = std::from_chars(first, last, ui);
            bool fits = (as_signed.ec == std::errc() && as_signed.ptr == last) || (as_unsigned.ec == std::errc() && as_unsigned.ptr == last);
            bool too_big = as_signed.ec == std::errc::result_out_of_range || as_unsigned.ec == std::errc::result_out_of_range;
            if (fits || !too_big) continue;  // fine, or not a number at all: simdjson's error stands
            replacement = token.size() < 300 ? std::string(token) + ".0" : '"' + std::string(token) + '"';
        } else {
            std::string copy(token);  // strtod needs a terminator
            double d = std::strtod(copy.c_str(), nullptr);
            if (!std::isinf(d)) continue;
            replacement = '"' + copy + '"';
        }
        out.append(text.substr(copied, b - copied));
        out += replacement;
        copied = i;
        changed = true;
    }
    out.append(text.substr(copied));
    return changed;
}

}  // namespace

bool event_document::parse(std::string_view text) { return finish(text, parser_.parse(text.data(), text.size(), true)); }

bool event_document::parse_padded(std::string_view text) {
    // A mapped page can turn to zeros between simdjson's two stages when the file shrinks (the
    // SIGBUS handler maps zeros over it): stage 2 then walks structurals stage 1 found in bytes that
    // are gone, and crashed (a shrinking-file e2e test, 1 run in ~7). One copy of a parsed line,
    // into a reused buffer, costs far less than parsing it.
    copy_.assign(text);
    copy_.append(simdjson::SIMDJSON_PADDING, '\0');
    std::string_view stable(copy_.data(), text.size());
    return finish(stable, parser_.parse(stable.data(), stable.size(), false));
}

void event_document::release_if_large() {
    if (parser_.capacity() > kept_capacity) parser_ = simdjson::dom::parser{};
    // swap, not `= std::string{}`: a move from a short (inline) string keeps the old buffer.
    if (big_numbers_.capacity() > kept_capacity) std::string().swap(big_numbers_);
    if (copy_.capacity() > kept_capacity) std::string().swap(copy_);
}

bool event_document::finish(std::string_view text, simdjson::simdjson_result<simdjson::dom::element> r) {
    root_ = value{};
    if (r.error() == simdjson::NUMBER_ERROR && rewrite_big_numbers(text, big_numbers_)) {
        // The document's strings live in the parser, so the rewritten text need not outlive it.
        auto again = parser_.parse(big_numbers_.data(), big_numbers_.size(), true);
        if (!again.error()) r = again;
    }
    if (r.error()) {
        error_ = simdjson::error_message(r.error());  // the reporter names the kind ("invalid JSON")
        return false;
    }
    root_ = value::of_element(r.value_unsafe());
    if (root_.type() != value_type::object) {
        error_ = "the event is not a JSON object";
        root_ = value{};
        return false;
    }
    error_.clear();
    return true;
}

}  // namespace vigil::engine

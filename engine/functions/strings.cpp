// String functions: case, split and join, trimming and replacing, URLs and query strings, regex
// capture, base64. Results that need storage live in the event's scratch arena.
#include "engine/event_context.hpp"
#include "engine/function_registry.hpp"
#include "engine/program.hpp"

#include <re2/re2.h>
#include <simdjson.h>

#include <vector>

namespace vigil::engine {

namespace {

value change_case(const call_args& a, bool to_upper) {
    value s = a[0];
    if (s.type() != value_type::string) return {};
    auto& out = a.ctx.scratch_string();
    out.assign(s.as_string());
    for (auto& c : out) {
        if (to_upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
        if (!to_upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
    return value::of_string(out);
}

// Parts are found as they are read, not stored: a string of n separators would otherwise cost n
// values of scratch (a GB for one 15 MiB line). Both strings outlive the event's evaluation.
value split(const call_args& a) {
    value s = a[0], sep = a[1];
    if (s.type() != value_type::string || sep.type() != value_type::string || sep.as_string().empty()) return {};
    return value::of_split(s.as_string(), sep.as_string());
}

value join(const call_args& a) {
    value xs = a[0], sep = a[1];
    if (xs.type() != value_type::list || sep.type() != value_type::string) return {};
    auto& out = a.ctx.scratch_string();
    list_cursor items(xs);
    bool first = true;
    for (value item; items.next(item); first = false) {
        if (!first) out += sep.as_string();
        append_text(out, item);
    }
    return value::of_string(out);
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

value trim(const call_args& a) {
    value s = a[0];
    if (s.type() != value_type::string) return {};
    std::string_view t = s.as_string();
    while (!t.empty() && is_space(t.front())) t.remove_prefix(1);
    while (!t.empty() && is_space(t.back())) t.remove_suffix(1);
    return value::of_string(t);  // a view into the input: no copy
}

value replace(const call_args& a) {
    value s = a[0], from = a[1], to = a[2];
    if (s.type() != value_type::string || from.type() != value_type::string || to.type() != value_type::string) return {};
    if (from.as_string().empty()) return s;  // nothing to find: unchanged, not an endless insert
    auto& out = a.ctx.scratch_string();
    std::string_view rest = s.as_string(), f = from.as_string();
    for (size_t p; (p = rest.find(f)) != std::string_view::npos; rest.remove_prefix(p + f.size())) {
        out.append(rest.substr(0, p));
        out.append(to.as_string());
    }
    out.append(rest);
    return value::of_string(out);
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Percent-decoding with '+' as a space (application/x-www-form-urlencoded, which is how kubectl's
// exec query strings are written). A '%' not followed by two hex digits is kept as it is. False when
// the bytes decoded are not UTF-8 text (alerts are JSON, and JSON text is UTF-8).
bool url_decode_into(std::string_view s, std::string& out) {
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') {
            out += ' ';
        } else if (s[i] == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0) {
            out += static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return simdjson::validate_utf8(out.data(), out.size());
}

value url_decode(const call_args& a) {
    value s = a[0];
    if (s.type() != value_type::string) return {};
    auto& out = a.ctx.scratch_string();
    return url_decode_into(s.as_string(), out) ? value::of_string(out) : value{};
}

// Calls `each(decoded value)` for every parameter `name` of the query string of `uri`, in order;
// stops when `each` returns false.
template <typename Each>
void for_each_query_value(std::string_view uri, std::string_view name, event_context& ctx, Each&& each) {
    size_t q = uri.find('?');
    if (q == std::string_view::npos) return;
    std::string_view query = uri.substr(q + 1);
    if (size_t h = query.find('#'); h != std::string_view::npos) query = query.substr(0, h);
    while (!query.empty()) {
        size_t amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        size_t eq = pair.find('=');
        std::string_view key = pair.substr(0, eq), raw = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
        auto& decoded_key = ctx.scratch_string();
        if (!url_decode_into(key, decoded_key) || decoded_key != name) continue;
        auto& decoded = ctx.scratch_string();
        if (!url_decode_into(raw, decoded)) continue;  // not text: left out, like a missing value
        if (!each(value::of_string(decoded))) return;
    }
}

value query_param(const call_args& a) {
    value uri = a[0], name = a[1];
    if (uri.type() != value_type::string || name.type() != value_type::string) return {};
    value found;
    for_each_query_value(uri.as_string(), name.as_string(), a.ctx, [&](value v) { found = v; return false; });
    return found;
}

value query_params(const call_args& a) {
    value uri = a[0], name = a[1];
    if (uri.type() != value_type::string || name.type() != value_type::string) return {};
    auto& items = a.ctx.scratch_list();
    for_each_query_value(uri.as_string(), name.as_string(), a.ctx, [&](value v) { items.push_back(v); return true; });
    return value::of_list(items.data(), items.size());
}

value extract(const call_args& a) {
    value s = a[0], group = a[2];
    const RE2* re = a.call.regex.get();
    if (s.type() != value_type::string || group.type() != value_type::integer || !re) return {};
    int64_t g = group.as_int();
    if (g < 0 || g > re->NumberOfCapturingGroups()) return {};
    std::string_view text = s.as_string();
    re2::StringPiece input(text.data(), text.size());
    std::vector<re2::StringPiece> groups(static_cast<size_t>(g) + 1);
    if (!re->Match(input, 0, input.size(), RE2::UNANCHORED, groups.data(), static_cast<int>(groups.size()))) return {};
    const auto& m = groups[static_cast<size_t>(g)];
    if (m.data() == nullptr) return {};  // an optional group that took no part in the match
    return value::of_string(std::string_view(m.data(), m.size()));  // a view into the input
}

value base64_decode(const call_args& a) {
    value s = a[0];
    if (s.type() != value_type::string) return {};
    std::string_view t = s.as_string();
    auto sextet = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+' || c == '-') return 62;  // standard and URL-safe alphabets
        if (c == '/' || c == '_') return 63;
        return -1;
    };
    while (!t.empty() && t.back() == '=') t.remove_suffix(1);
    if (t.size() % 4 == 1 || s.as_string().size() - t.size() > 2) return {};
    auto& out = a.ctx.scratch_string();
    uint32_t acc = 0;
    int bits = 0;
    for (char c : t) {
        int v = sextet(c);
        if (v < 0) return {};
        acc = (acc << 6) | static_cast<uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xFF);
        }
    }
    return simdjson::validate_utf8(out.data(), out.size()) ? value::of_string(out) : value{};
}

constexpr std::array<uint8_t, 3> s1{k_string, k_any, k_any};
constexpr std::array<uint8_t, 3> s2{k_string, k_string, k_any};
constexpr std::array<uint8_t, 3> s3{k_string, k_string, k_string};

const function_entry entries[] = {
    {.name = "lower", .family = "strings", .min_args = 1, .max_args = 1, .arg_kinds = s1, .result = k_string | k_null,
     .signature = "lower(s)", .doc = "ASCII lower case", .impl = [](const call_args& a) { return change_case(a, false); }},
    {.name = "upper", .family = "strings", .min_args = 1, .max_args = 1, .arg_kinds = s1, .result = k_string | k_null,
     .signature = "upper(s)", .doc = "ASCII upper case", .impl = [](const call_args& a) { return change_case(a, true); }},
    {.name = "split", .family = "strings", .min_args = 2, .max_args = 2, .arg_kinds = s2, .result = k_list | k_null,
     .signature = "split(s, sep)", .doc = "list of the parts of string `s` between occurrences of `sep` (an empty `sep`: null)",
     .keeps_raw_text = raw_text::first_arg, .impl = split},
    {.name = "join", .family = "strings", .min_args = 2, .max_args = 2, .arg_kinds = {k_list, k_string, k_any}, .result = k_string | k_null,
     .signature = "join(xs, sep)", .doc = "the elements of `xs` as text, joined by `sep`", .impl = join},
    {.name = "trim", .family = "strings", .min_args = 1, .max_args = 1, .arg_kinds = s1, .result = k_string | k_null,
     .signature = "trim(s)", .doc = "`s` without leading and trailing ASCII white space", .keeps_raw_text = raw_text::first_arg,
     .impl = trim},
    {.name = "replace", .family = "strings", .min_args = 3, .max_args = 3, .arg_kinds = s3, .result = k_string | k_null,
     .signature = "replace(s, old, new)", .doc = "`s` with every occurrence of `old` replaced by `new`", .impl = replace},
    {.name = "url_decode", .family = "strings", .min_args = 1, .max_args = 1, .arg_kinds = s1, .result = k_string | k_null,
     .signature = "url_decode(s)", .doc = "`%XX` escapes decoded and `+` as a space (a malformed escape is kept as written); null when the result is not UTF-8 text",
     .impl = url_decode},
    {.name = "query_param", .family = "strings", .min_args = 2, .max_args = 2, .arg_kinds = s2, .result = k_string | k_null,
     .signature = "query_param(uri, name)", .doc = "the first value of query parameter `name` of `uri`, URL-decoded; null when absent",
     .impl = query_param},
    {.name = "query_params", .family = "strings", .min_args = 2, .max_args = 2, .arg_kinds = s2, .result = k_list | k_null,
     .signature = "query_params(uri, name)", .doc = "every value of query parameter `name` of `uri`, URL-decoded, in order",
     .impl = query_params},
    {.name = "extract", .family = "strings", .min_args = 3, .max_args = 3, .arg_kinds = {k_string, k_string, k_int},
     .result = k_string | k_null, .signature = "extract(s, regex, group)",
     .doc = "capture group `group` (0: the whole match) of the first RE2 match of the literal `regex` in `s`; null when none",
     .regex_arg = 1, .keeps_raw_text = raw_text::first_arg, .impl = extract},
    {.name = "base64_decode", .family = "strings", .min_args = 1, .max_args = 1, .arg_kinds = s1, .result = k_string | k_null,
     .signature = "base64_decode(s)", .doc = "the text encoded in base64 `s` (standard or URL-safe alphabet); null when invalid or not UTF-8 text",
     .impl = base64_decode},
};

}  // namespace

std::span<const function_entry> string_functions() { return entries; }

}  // namespace vigil::engine

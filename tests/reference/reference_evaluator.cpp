// The reference evaluator: each README rule written out as directly as possible, speed no concern.
// Where the engine has a clever path (views, scratch arenas, folding, case-insensitive compares done
// in place), this file takes the obvious one (copies, lowercasing whole values, long double numbers).
//
// Where the README is silent, these choices were made (and the engine agrees):
//  - a numeric string is one that is exactly a JSON number ("007", "1.", "nan", " 5" are not);
//  - `in` is `contains` with the sides swapped, so an object on the right means "has key";
//  - `contains` on a string needs a string needle; on an object, a string key;
//  - `at` needs an int index; `split` with an empty separator is null; `string(null)` is null;
//  - JSON integers beyond int64 are floats; ints and floats compare exactly (no rounding of the int).
#include "reference/reference_evaluator.hpp"

#include <arpa/inet.h>
#include <re2/re2.h>

#include <array>

#include <algorithm>

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>

namespace vigil::reference {

namespace {

// Every int64 and every double is exactly a long double here, so mixed comparisons are exact.
static_assert(std::numeric_limits<long double>::digits >= 64, "the reference compares numbers as long double");

enum class kind { null, boolean, integer, floating, string, list, object };

kind kind_of(const json& v) {
    switch (v.type()) {
        case json::value_t::boolean: return kind::boolean;
        case json::value_t::number_integer: return kind::integer;
        case json::value_t::number_unsigned:
            return v.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) ? kind::integer : kind::floating;
        case json::value_t::number_float: return kind::floating;
        case json::value_t::string: return kind::string;
        case json::value_t::array: return kind::list;
        case json::value_t::object: return kind::object;
        default: return kind::null;
    }
}

const char* type_name(kind k) {
    static const char* const names[] = {"null", "bool", "int", "float", "string", "list", "object"};
    return names[static_cast<int>(k)];
}

bool is_number(const json& v) { return kind_of(v) == kind::integer || kind_of(v) == kind::floating; }

long double number_value(const json& v) {
    if (v.is_number_float()) return static_cast<long double>(v.get<double>());
    if (v.is_number_unsigned()) return static_cast<long double>(v.get<uint64_t>());
    return static_cast<long double>(v.get<int64_t>());
}

int compare_numbers(const json& a, const json& b) {
    long double x = number_value(a), y = number_value(b);
    return x < y ? -1 : (x > y ? 1 : 0);
}

// "A number and a numeric string compare as numbers": a string that is exactly a JSON number.
std::optional<json> numeric_string(const std::string& s) {
    // RE2 rather than std::regex: GCC 12's <regex> trips -Wmaybe-uninitialized under the sanitizers.
    static const RE2 json_number(R"(-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?)");
    if (!RE2::FullMatch(s, json_number)) return std::nullopt;
    errno = 0;
    if (s.find_first_of(".eE") == std::string::npos) {
        long long i = std::strtoll(s.c_str(), nullptr, 10);
        if (errno == 0) return json(static_cast<int64_t>(i));
        errno = 0;  // beyond int64: the number as a double
    }
    double d = std::strtod(s.c_str(), nullptr);
    // No double holds it: it overflows, or underflows to zero (a subnormal result is still a number).
    if (errno == ERANGE && (d == 0 || !std::isfinite(d))) return std::nullopt;
    return json(d);
}

std::string lower_text(std::string s) {
    for (auto& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

std::string upper_text(std::string s) {
    for (auto& c : s)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return s;
}

// "i… forms: both sides ASCII-lowercased first" -- literally: every string and key in the value.
json lowered(const json& v) {
    switch (kind_of(v)) {
        case kind::string: return lower_text(v.get<std::string>());
        case kind::list: {
            json out = json::array();
            for (const auto& e : v) out.push_back(lowered(e));
            return out;
        }
        case kind::object: {
            json out = json::object();
            for (const auto& [k, e] : v.items()) out[lower_text(k)] = lowered(e);
            return out;
        }
        default: return v;
    }
}

}  // namespace

bool truthy(const json& v) {
    switch (kind_of(v)) {
        case kind::null: return false;
        case kind::boolean: return v.get<bool>();
        case kind::integer:
        case kind::floating: return number_value(v) != 0;
        case kind::string: return !v.get<std::string>().empty();
        case kind::list:
        case kind::object: return !v.empty();
    }
    return false;
}

namespace {

// Text of a value for concatenation, join and string(): strings as they are, null as nothing,
// everything else as compact JSON.
std::string text_of(const json& v) {
    if (v.is_null()) return "";
    if (v.is_string()) return v.get<std::string>();
    return v.dump();
}

bool equal(const json& a, const json& b) {
    kind ka = kind_of(a), kb = kind_of(b);
    if (ka == kind::null || kb == kind::null) return ka == kb;  // true only when both are null
    if (is_number(a) && is_number(b)) return compare_numbers(a, b) == 0;
    if (is_number(a) && kb == kind::string) {
        auto n = numeric_string(b.get<std::string>());
        return n && compare_numbers(a, *n) == 0;
    }
    if (ka == kind::string && is_number(b)) {
        auto n = numeric_string(a.get<std::string>());
        return n && compare_numbers(*n, b) == 0;
    }
    if (ka != kb) return false;
    switch (ka) {
        case kind::boolean: return a.get<bool>() == b.get<bool>();
        case kind::string: return a.get<std::string>() == b.get<std::string>();
        case kind::list:
            if (a.size() != b.size()) return false;
            for (size_t i = 0; i < a.size(); ++i)
                if (!equal(a[i], b[i])) return false;
            return true;
        case kind::object:
            if (a.size() != b.size()) return false;
            for (const auto& [k, v] : a.items()) {
                auto it = b.find(k);
                if (it == b.end() || !equal(v, *it)) return false;
            }
            return true;
        default: return false;
    }
}

// -1/0/1 for pairs that have an order; nullopt for every other pair (so every ordering is false).
std::optional<int> order(const json& a, const json& b) {
    if (is_number(a) && is_number(b)) return compare_numbers(a, b);
    if (is_number(a) && b.is_string()) {
        if (auto n = numeric_string(b.get<std::string>())) return compare_numbers(a, *n);
        return std::nullopt;
    }
    if (a.is_string() && is_number(b)) {
        if (auto n = numeric_string(a.get<std::string>())) return compare_numbers(*n, b);
        return std::nullopt;
    }
    if (a.is_string() && b.is_string()) {
        int c = a.get<std::string>().compare(b.get<std::string>());  // char_traits<char>: bytewise, unsigned
        return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    return std::nullopt;
}

bool contains(const json& hay, const json& needle) {
    if (needle.is_null()) return false;
    switch (kind_of(hay)) {
        case kind::string: return needle.is_string() && hay.get<std::string>().find(needle.get<std::string>()) != std::string::npos;
        case kind::list:
            for (const auto& e : hay)
                if (equal(e, needle)) return true;
            return false;
        case kind::object: return needle.is_string() && hay.contains(needle.get<std::string>());
        default: return false;
    }
}

bool starts_with(const json& s, const json& p) {
    if (!s.is_string() || !p.is_string()) return false;
    const auto& a = s.get_ref<const std::string&>();
    const auto& b = p.get_ref<const std::string&>();
    return a.size() >= b.size() && a.compare(0, b.size(), b) == 0;
}

bool ends_with(const json& s, const json& p) {
    if (!s.is_string() || !p.is_string()) return false;
    const auto& a = s.get_ref<const std::string&>();
    const auto& b = p.get_ref<const std::string&>();
    return a.size() >= b.size() && a.compare(a.size() - b.size(), b.size(), b) == 0;
}

bool compare(dsl::compare_op op, const json& l, const json& r) {
    using dsl::compare_op;
    switch (op) {
        case compare_op::eq: return equal(l, r);
        case compare_op::gt: { auto o = order(l, r); return o && *o > 0; }
        case compare_op::ge: { auto o = order(l, r); return o && *o >= 0; }
        case compare_op::lt: { auto o = order(l, r); return o && *o < 0; }
        case compare_op::le: { auto o = order(l, r); return o && *o <= 0; }
        case compare_op::contains: return contains(l, r);
        case compare_op::in: return contains(r, l);
        case compare_op::starts_with: return starts_with(l, r);
        case compare_op::ends_with: return ends_with(l, r);
        case compare_op::matches: {
            if (!l.is_string() || !r.is_string()) return false;
            RE2 re(r.get<std::string>(), RE2::Quiet);
            if (!re.ok()) throw std::invalid_argument("reference: invalid regular expression " + r.get<std::string>());
            return RE2::PartialMatch(l.get<std::string>(), re);
        }
        case compare_op::in_cidr: return false;  // evaluated by in_cidr() before case folding
    }
    return false;
}

// Quantifier variables in scope, innermost last: a name found here is the element, not a raw path.
thread_local std::vector<std::pair<std::string, json>> variables;

const json* variable(const std::string& name) {
    for (auto it = variables.rbegin(); it != variables.rend(); ++it)
        if (it->first == name) return &it->second;
    return nullptr;
}

json follow(const json& start, const std::vector<dsl::path_segment>& segments, size_t from = 0);

// "[*]: the rest of the path over every element; missing results left out; lists from a later [*]
// spliced in."
json project(const json& list, const std::vector<dsl::path_segment>& segments, size_t from) {
    bool nested = false;
    for (size_t i = from; i < segments.size(); ++i) nested = nested || segments[i].is_wildcard;
    json out = json::array();
    for (const auto& e : list) {
        json r = follow(e, segments, from);
        if (r.is_null()) continue;
        if (nested && r.is_array()) {
            for (const auto& x : r) out.push_back(x);
        } else {
            out.push_back(r);
        }
    }
    return out;
}

// Walks by pointer and copies only what it arrives at: copying the event per path read is what made
// the first version of this file slow, not any cleverness missing.
json follow(const json& start, const std::vector<dsl::path_segment>& segments, size_t from) {
    const json* v = &start;
    for (size_t i = from; i < segments.size(); ++i) {
        const auto& seg = segments[i];
        if (seg.is_wildcard) return v->is_array() ? project(*v, segments, i + 1) : json(nullptr);
        if (seg.is_index) {
            if (!v->is_array()) return nullptr;
            int64_t n = static_cast<int64_t>(v->size());
            int64_t at = seg.index < 0 ? n + seg.index : seg.index;
            if (at < 0 || at >= n) return nullptr;
            v = &(*v)[static_cast<size_t>(at)];
        } else {
            if (!v->is_object()) return nullptr;
            auto it = v->find(seg.key);
            if (it == v->end()) return nullptr;
            v = &*it;
        }
    }
    return *v;
}

json element(const json& xs, int64_t i) {
    if (!xs.is_array()) return nullptr;
    int64_t n = static_cast<int64_t>(xs.size());
    if (i < 0) i += n;
    if (i < 0 || i >= n) return nullptr;
    return xs[static_cast<size_t>(i)];
}

json literal(const dsl::literal_value& v) {
    if (auto b = std::get_if<bool>(&v)) return *b;
    if (auto i = std::get_if<int64_t>(&v)) return *i;
    if (auto d = std::get_if<double>(&v)) return *d;
    if (auto s = std::get_if<std::string>(&v)) return *s;
    return nullptr;
}

// "any/all/none/count/filter(xs, x, cond)": cond with x bound to each element in turn.
json quantify(const dsl::node& n, const json& event) {
    const std::string& f = n.name;
    json xs = evaluate(*n.children.at(0), event);
    int64_t hits = 0, total = 0;
    json kept = json::array();
    if (xs.is_array()) {
        for (const auto& e : xs) {
            variables.emplace_back(n.children.at(1)->segments.at(0).key, e);
            bool h = holds(*n.children.at(2), event);
            variables.pop_back();
            hits += h;
            ++total;
            if (h) kept.push_back(e);
        }
    }
    if (f == "filter") return xs.is_array() ? kept : json(nullptr);
    if (f == "any") return hits > 0;
    if (f == "all") return hits == total;
    if (f == "none") return hits == 0;
    return hits;
}

// "int op int gives an int, null on overflow and on division by zero; with a float it is float
// arithmetic, null when not finite; + of two strings joins them; anything else is null."
json arithmetic(const dsl::node& n, const json& event) {
    json acc = evaluate(*n.children.at(0), event);
    for (size_t i = 1; i < n.children.size(); ++i) {
        if (acc.is_null()) return nullptr;
        json r = evaluate(*n.children.at(i), event);
        char op = n.name.at(i - 1);
        if (r.is_null()) return nullptr;
        if (op == '+' && acc.is_string() && r.is_string()) {
            acc = acc.get<std::string>() + r.get<std::string>();
            continue;
        }
        if (!is_number(acc) || !is_number(r)) return nullptr;
        if (kind_of(acc) == kind::integer && kind_of(r) == kind::integer) {
            // 128 bits hold every int64 sum and product, so overflow is seen; __extension__ keeps -Wpedantic quiet.
            __extension__ typedef __int128 wide;
            wide a = acc.get<int64_t>(), b = r.get<int64_t>(), out = 0;
            if ((op == '/' || op == '%') && b == 0) return nullptr;
            switch (op) {
                case '+': out = a + b; break;
                case '-': out = a - b; break;
                case '*': out = a * b; break;
                case '/': out = a / b; break;  // C++ division truncates toward zero, as the README says
                case '%': out = a % b; break;
            }
            if (out < std::numeric_limits<int64_t>::min() || out > std::numeric_limits<int64_t>::max()) return nullptr;
            acc = static_cast<int64_t>(out);
            continue;
        }
        double a = static_cast<double>(number_value(acc)), b = static_cast<double>(number_value(r)), out = 0;
        if ((op == '/' || op == '%') && b == 0) return nullptr;
        switch (op) {
            case '+': out = a + b; break;
            case '-': out = a - b; break;
            case '*': out = a * b; break;
            case '/': out = a / b; break;
            case '%': out = std::fmod(a, b); break;
        }
        if (!std::isfinite(out)) return nullptr;
        acc = out;
    }
    return acc;
}

// An address as 16 bytes (IPv4 as ::ffff:a.b.c.d), written out from the RFCs with inet_pton.
std::optional<std::array<unsigned char, 16>> address(const std::string& text) {
    std::array<unsigned char, 16> out{};
    if (text.find(':') == std::string::npos) {
        if (inet_pton(AF_INET, text.c_str(), out.data() + 12) != 1) return std::nullopt;
        out[10] = out[11] = 0xff;
        return out;
    }
    if (inet_pton(AF_INET6, text.c_str(), out.data()) != 1) return std::nullopt;
    return out;
}

bool in_network(const std::array<unsigned char, 16>& ip, const std::string& cidr) {
    auto slash = cidr.find('/');
    std::string base = cidr.substr(0, slash);
    auto net = address(base);
    if (!net) throw std::invalid_argument("reference: bad network " + cidr);
    int bits = slash == std::string::npos ? 128 : std::stoi(cidr.substr(slash + 1)) + (base.find(':') == std::string::npos ? 96 : 0);
    if (slash == std::string::npos && base.find(':') == std::string::npos) bits = 128;
    for (int b = 0; b < bits; ++b) {
        int mask = 0x80 >> (b % 8);
        if ((ip[static_cast<size_t>(b / 8)] & mask) != ((*net)[static_cast<size_t>(b / 8)] & mask)) return false;
    }
    return true;
}

bool in_cidr(const json& l, const json& networks) {
    if (!l.is_string()) return false;
    auto ip = address(l.get<std::string>());
    if (!ip) return false;
    if (networks.is_string()) return in_network(*ip, networks.get<std::string>());
    for (const auto& net : networks)
        if (in_network(*ip, net.get<std::string>())) return true;
    return false;
}

// "x exists: the key is present, even with a JSON null."
bool present(const dsl::node& target, const json& event) {
    const std::vector<dsl::path_segment>* segs = nullptr;
    json base;
    size_t first = 0;
    if (target.kind == dsl::node_kind::path) {
        segs = &target.segments;
        if (const json* v = variable(segs->at(0).key)) base = *v, first = 1;
        else base = event;
    } else if (target.kind == dsl::node_kind::member) {
        segs = &target.segments;
        base = evaluate(*target.children.at(0), event);
    } else {
        return !evaluate(target, event).is_null();
    }
    if (first == segs->size()) return true;  // the variable itself: an element is there
    std::vector<dsl::path_segment> parent(segs->begin() + static_cast<std::ptrdiff_t>(first), segs->end() - 1);
    json p = follow(base, parent);
    const auto& last = segs->back();
    if (last.is_wildcard) return p.is_array();
    if (last.is_index) {
        if (!p.is_array()) return false;
        int64_t n = static_cast<int64_t>(p.size()), at = last.index < 0 ? n + last.index : last.index;
        return at >= 0 && at < n;
    }
    return p.is_object() && p.contains(last.key);
}

json call(const dsl::node& n, const json& event) {
    const std::string& f = n.name;
    auto arg = [&](size_t i) { return evaluate(*n.children.at(i), event); };
    if (f == "any" || f == "all" || f == "none" || f == "count" || f == "filter") return quantify(n, event);
    if (f == "split") {
        json s = arg(0), sep = arg(1);
        if (!s.is_string() || !sep.is_string() || sep.get<std::string>().empty()) return nullptr;
        std::string text = s.get<std::string>(), d = sep.get<std::string>();
        json parts = json::array();
        size_t start = 0;
        for (size_t at; (at = text.find(d, start)) != std::string::npos; start = at + d.size()) parts.push_back(text.substr(start, at - start));
        parts.push_back(text.substr(start));
        return parts;
    }
    if (f == "first") return element(arg(0), 0);
    if (f == "last") return element(arg(0), -1);
    if (f == "at") {
        json xs = arg(0), i = arg(1);
        return kind_of(i) == kind::integer ? element(xs, i.get<int64_t>()) : json(nullptr);
    }
    if (f == "lower" || f == "upper") {
        json s = arg(0);
        if (!s.is_string()) return nullptr;
        return f == "lower" ? lower_text(s.get<std::string>()) : upper_text(s.get<std::string>());
    }
    if (f == "len") {
        json x = arg(0);
        if (x.is_string()) return static_cast<int64_t>(x.get<std::string>().size());
        if (x.is_array() || x.is_object()) return static_cast<int64_t>(x.size());
        return nullptr;
    }
    if (f == "parse_json") {
        json s = arg(0);
        if (s.is_object()) return s;
        if (!s.is_string()) return nullptr;
        json parsed = json::parse(s.get<std::string>(), nullptr, false);
        return parsed.is_discarded() ? json(nullptr) : normalise(parsed);
    }
    if (f == "coalesce") {
        for (size_t i = 0; i < n.children.size(); ++i)
            if (json v = arg(i); !v.is_null()) return v;
        return nullptr;
    }
    if (f == "if") return holds(*n.children.at(0), event) ? arg(1) : arg(2);
    if (f == "type_of") return type_name(kind_of(arg(0)));
    if (f == "string") {
        json x = arg(0);
        return x.is_null() ? json(nullptr) : json(text_of(x));
    }
    if (f == "join") {
        json xs = arg(0), sep = arg(1);
        if (!xs.is_array() || !sep.is_string()) return nullptr;
        std::string out;
        for (size_t i = 0; i < xs.size(); ++i) out += (i ? sep.get<std::string>() : "") + text_of(xs[i]);
        return out;
    }
    if (f == "slice") {
        json xs = arg(0), from = arg(1), to = n.children.size() > 2 ? arg(2) : json(nullptr);
        if (!xs.is_array() || kind_of(from) != kind::integer || !(to.is_null() || kind_of(to) == kind::integer)) return nullptr;
        const int64_t size = static_cast<int64_t>(xs.size());
        auto position = [size](int64_t i) { return i < 0 ? std::max<int64_t>(0, size + i) : std::min(i, size); };
        json out = json::array();
        for (int64_t i = position(from.get<int64_t>()), e = to.is_null() ? size : position(to.get<int64_t>()); i < e; ++i)
            out.push_back(xs[static_cast<size_t>(i)]);
        return out;
    }
    if (f == "object") {
        json out = json::object();
        for (size_t i = 0; i + 1 < n.children.size(); i += 2) {
            json k = arg(i), v = arg(i + 1);
            if (k.is_string() && !v.is_null() && !out.contains(k.get<std::string>())) out[k.get<std::string>()] = v;
        }
        return out;
    }
    if (f == "concat") {
        json out = json::array();
        for (size_t i = 0; i < n.children.size(); ++i) {
            json xs = arg(i);
            if (xs.is_null()) continue;
            if (!xs.is_array()) return nullptr;
            for (const auto& x : xs) out.push_back(x);
        }
        return out;
    }
    if (f == "int" || f == "float") {
        json x = arg(0);
        if (x.is_string()) {
            auto num = numeric_string(x.get<std::string>());
            if (!num) return nullptr;
            x = *num;
        }
        if (!is_number(x)) return nullptr;
        if (f == "float") return static_cast<double>(number_value(x));
        if (kind_of(x) == kind::integer) return x;
        long double t = std::trunc(number_value(x));
        if (!(t >= -9223372036854775808.0L && t < 9223372036854775808.0L)) return nullptr;
        return static_cast<int64_t>(t);
    }
    if (f == "trim") {
        json s = arg(0);
        if (!s.is_string()) return nullptr;
        std::string t = s.get<std::string>();
        const char* ws = " \t\n\r\f\v";
        size_t b = t.find_first_not_of(ws);
        if (b == std::string::npos) return "";
        return t.substr(b, t.find_last_not_of(ws) - b + 1);
    }
    if (f == "replace") {
        json s = arg(0), from = arg(1), to = arg(2);
        if (!s.is_string() || !from.is_string() || !to.is_string()) return nullptr;
        std::string t = s.get<std::string>(), a = from.get<std::string>(), b = to.get<std::string>(), out;
        if (a.empty()) return t;
        size_t start = 0;
        for (size_t at; (at = t.find(a, start)) != std::string::npos; start = at + a.size()) out += t.substr(start, at - start) + b;
        return out + t.substr(start);
    }
    throw std::invalid_argument("reference: unknown function " + f);
}

}  // namespace

json normalise(const json& v) {
    switch (v.type()) {
        case json::value_t::number_unsigned: {
            auto u = v.get<uint64_t>();
            if (u <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return static_cast<int64_t>(u);
            return static_cast<double>(u);
        }
        case json::value_t::array: {
            json out = json::array();
            for (const auto& e : v) out.push_back(normalise(e));
            return out;
        }
        case json::value_t::object: {
            json out = json::object();
            for (const auto& [k, e] : v.items()) out[k] = normalise(e);
            return out;
        }
        default: return v;
    }
}

json evaluate(const dsl::node& n, const json& event) {
    switch (n.kind) {
        case dsl::node_kind::literal: return literal(n.value);
        case dsl::node_kind::list: {
            json out = json::array();
            for (const auto& c : n.children) out.push_back(evaluate(*c, event));
            return out;
        }
        case dsl::node_kind::path:
            if (const json* v = variable(n.segments.at(0).key)) return follow(*v, n.segments, 1);
            return follow(event, n.segments);
        case dsl::node_kind::member: return follow(evaluate(*n.children.at(0), event), n.segments);
        case dsl::node_kind::call: return call(n, event);
        case dsl::node_kind::compare: {
            json l = evaluate(*n.children.at(0), event), r = evaluate(*n.children.at(1), event);
            if (n.op == dsl::compare_op::in_cidr) return in_cidr(l, r) != n.negated;
            if (n.case_insensitive) l = lowered(l), r = lowered(r);
            return compare(n.op, l, r) != n.negated;
        }
        case dsl::node_kind::is_null: return evaluate(*n.children.at(0), event).is_null();
        case dsl::node_kind::is_not_null: return !evaluate(*n.children.at(0), event).is_null();
        case dsl::node_kind::logical_and:
            for (const auto& c : n.children)
                if (!holds(*c, event)) return false;
            return true;
        case dsl::node_kind::logical_or:
            for (const auto& c : n.children)
                if (holds(*c, event)) return true;
            return false;
        case dsl::node_kind::logical_not: return !holds(*n.children.at(0), event);
        case dsl::node_kind::arithmetic: return arithmetic(n, event);
        case dsl::node_kind::exists: return present(*n.children.at(0), event);
    }
    return nullptr;
}

bool holds(const dsl::node& n, const json& event) { return truthy(evaluate(n, event)); }

}  // namespace vigil::reference

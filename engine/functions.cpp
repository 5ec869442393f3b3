// Built-in function implementations. Results that need storage live in the event's scratch arena.
#include "engine/functions.hpp"

#include "engine/evaluator.hpp"

#include <algorithm>

namespace vigil::engine {

std::optional<function_id> function_by_name(std::string_view name) {
    static constexpr std::pair<std::string_view, function_id> table[] = {
        {"split", function_id::split},   {"first", function_id::first},         {"last", function_id::last},
        {"at", function_id::at},         {"lower", function_id::lower},         {"upper", function_id::upper},
        {"len", function_id::len},       {"parse_json", function_id::parse_json}, {"coalesce", function_id::coalesce},
        {"if", function_id::if_},        {"type_of", function_id::type_of},     {"string", function_id::string},
        {"join", function_id::join},     {"slice", function_id::slice},         {"object", function_id::object},
    };
    for (const auto& [n, id] : table)
        if (n == name) return id;
    return std::nullopt;
}

bool is_foldable(function_id fn) { return fn != function_id::parse_json; }

namespace {

value element_at(const value& xs, int64_t i) {
    if (xs.type() != value_type::list) return {};
    int64_t n = static_cast<int64_t>(xs.size());
    if (i < 0) i += n;
    return (i < 0 || i >= n) ? value{} : xs.at(static_cast<size_t>(i));
}

value change_case(const value& s, event_context& ctx, bool to_upper) {
    if (s.type() != value_type::string) return {};
    auto& out = ctx.scratch_string();
    out.assign(s.as_string());
    for (auto& c : out) {
        if (to_upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
        if (!to_upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
    return value::of_string(out);
}

// Parts are found as they are read, not stored: a string of n separators would otherwise cost n
// values of scratch (a GB for one 15 MiB line). Both strings outlive the event's evaluation.
value split(const value& s, const value& sep) {
    if (s.type() != value_type::string || sep.type() != value_type::string || sep.as_string().empty()) return {};
    return value::of_split(s.as_string(), sep.as_string());
}

value parse_json(const value& s, event_context& ctx) {
    // An object is taken as it is: collectors (Elastic's, for one) decode a JSON-string field such as
    // AKS's properties.log before the event reaches us. Anything else that is not a string cannot
    // hold the JSON the model expects, and saying nothing would drop the event silently.
    if (s.type() == value_type::object) return s;
    if (s.type() != value_type::string) {
        ctx.report_read_error(std::string("parse_json: expected a JSON string or an object, got ") +
                              (s.is_null() ? "null (a missing field)" : std::string(type_name(s.type()))));
        return {};
    }
    auto& parser = ctx.scratch_parser();
    auto text = s.as_string();
    auto doc = parser.parse(text.data(), text.size(), true);
    if (doc.error()) {
        ctx.report_read_error(std::string("parse_json: invalid JSON in string: ") + simdjson::error_message(doc.error()));
        return {};
    }
    return value::of_element(doc.value_unsafe());
}

// Elements [from, to) of a list; negative positions count from the end, and both are clamped.
value slice(const value& xs, const value& from, const value& to, event_context& ctx) {
    if (xs.type() != value_type::list || from.type() != value_type::integer) return {};
    if (!to.is_null() && to.type() != value_type::integer) return {};
    const int64_t n = static_cast<int64_t>(xs.size());
    auto clamp = [n](int64_t i) { return i < 0 ? std::max<int64_t>(0, n + i) : std::min(i, n); };
    int64_t b = clamp(from.as_int()), e = to.is_null() ? n : clamp(to.as_int());
    if (b >= e) return value::of_list(nullptr, 0);
    if (xs.is_split()) return xs.split_parts(static_cast<size_t>(b), static_cast<size_t>(e));
    auto& items = ctx.scratch_list();
    list_cursor cursor(xs);  // at(i) on a split or a document array walks from the start
    value item;
    for (int64_t i = 0; i < e && cursor.next(item); ++i)
        if (i >= b) items.push_back(item);
    return value::of_list(items.data(), items.size());
}

// An object from key, value pairs. A member whose key is not a string or whose value is null is left
// out (as the apiserver omits empty fields), and so is a repeated key: the first one wins.
value make_object(const compiled_node& n, event_context& ctx) {
    auto& items = ctx.scratch_list();
    for (size_t i = 0; i + 1 < n.kids.size(); i += 2) {
        value k = evaluate(n.kids[i], ctx);
        if (k.type() != value_type::string) continue;
        value v = evaluate(n.kids[i + 1], ctx);
        if (v.is_null()) continue;
        bool repeated = false;
        for (size_t j = 0; j < items.size() && !repeated; j += 2) repeated = items[j].as_string() == k.as_string();
        if (repeated) continue;
        items.push_back(k);
        items.push_back(v);
    }
    return value::of_object(items.data(), items.size() / 2);
}

value join(const value& xs, const value& sep, event_context& ctx) {
    if (xs.type() != value_type::list || sep.type() != value_type::string) return {};
    auto& out = ctx.scratch_string();
    list_cursor items(xs);
    bool first = true;
    for (value item; items.next(item); first = false) {
        if (!first) out += sep.as_string();
        append_text(out, item);
    }
    return value::of_string(out);
}

}  // namespace

value call_function(const compiled_node& n, event_context& ctx) {
    auto arg = [&](size_t i) { return evaluate(n.kids[i], ctx); };
    switch (n.fn) {
        case function_id::split: return split(arg(0), arg(1));
        case function_id::first: return element_at(arg(0), 0);
        case function_id::last: return element_at(arg(0), -1);
        case function_id::at: {
            value i = arg(1);
            return i.type() == value_type::integer ? element_at(arg(0), i.as_int()) : value{};
        }
        case function_id::lower: return change_case(arg(0), ctx, false);
        case function_id::upper: return change_case(arg(0), ctx, true);
        case function_id::len: {
            value x = arg(0);
            bool sized = x.type() == value_type::string || x.type() == value_type::list || x.type() == value_type::object;
            return sized ? value::of_int(static_cast<int64_t>(x.size())) : value{};
        }
        case function_id::parse_json: return parse_json(arg(0), ctx);
        case function_id::coalesce:
            for (size_t i = 0; i < n.kids.size(); ++i) {
                value v = arg(i);
                if (!v.is_null()) return v;
            }
            return {};
        case function_id::if_: return holds(n.kids[0], ctx) ? arg(1) : arg(2);
        case function_id::type_of: return value::of_string(type_name(arg(0).type()));
        case function_id::string: {
            value x = arg(0);
            if (x.is_null() || x.type() == value_type::string) return x;
            auto& out = ctx.scratch_string();
            append_text(out, x);
            return value::of_string(out);
        }
        case function_id::join: return join(arg(0), arg(1), ctx);
        case function_id::slice: return slice(arg(0), arg(1), n.kids.size() > 2 ? arg(2) : value{}, ctx);
        case function_id::object: return make_object(n, ctx);
    }
    return {};
}

}  // namespace vigil::engine

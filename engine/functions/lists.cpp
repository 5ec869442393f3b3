// List functions: elements by position, length, slices and concatenation.
#include "engine/event_context.hpp"
#include "engine/function_registry.hpp"

#include <algorithm>

namespace vigil::engine {

namespace {

value element_at(const value& xs, int64_t i) {
    if (xs.type() != value_type::list) return {};
    if (i >= 0) return xs.at(static_cast<size_t>(i));  // null past the end; no count of a long split
    i += static_cast<int64_t>(xs.size());
    return i < 0 ? value{} : xs.at(static_cast<size_t>(i));
}

value at(const call_args& a) {
    value i = a[1];
    return i.type() == value_type::integer ? element_at(a[0], i.as_int()) : value{};
}

value len(const call_args& a) {
    value x = a[0];
    bool sized = x.type() == value_type::string || x.type() == value_type::list || x.type() == value_type::object;
    return sized ? value::of_int(static_cast<int64_t>(x.size())) : value{};
}

// Elements [from, to) of a list; negative positions count from the end, and both are clamped.
value slice(const call_args& a) {
    value xs = a[0], from = a[1], to = a.size() > 2 ? a[2] : value{};
    if (xs.type() != value_type::list || from.type() != value_type::integer) return {};
    if (!to.is_null() && to.type() != value_type::integer) return {};
    const int64_t n = static_cast<int64_t>(xs.size());
    auto clamp = [n](int64_t i) { return i < 0 ? std::max<int64_t>(0, n + i) : std::min(i, n); };
    int64_t b = clamp(from.as_int()), e = to.is_null() ? n : clamp(to.as_int());
    if (b >= e) return value::of_list(nullptr, 0);
    if (xs.is_split()) return xs.split_parts(static_cast<size_t>(b), static_cast<size_t>(e));
    auto& items = a.ctx.scratch_list();
    list_cursor cursor(xs);  // at(i) on a split or a document array walks from the start
    value item;
    for (int64_t i = 0; i < e && cursor.next(item); ++i)
        if (i >= b) items.push_back(item);
    return value::of_list(items.data(), items.size());
}

// The elements of every list argument in order; null arguments are skipped, any other kind makes
// the result null (a list and a string do not concatenate).
value concat(const call_args& a) {
    // Evaluating an argument may take scratch lists of its own, never this one (a deque keeps it).
    auto& items = a.ctx.scratch_list();
    for (size_t i = 0; i < a.size(); ++i) {
        value xs = a[i];
        if (xs.is_null()) continue;
        if (xs.type() != value_type::list) return {};
        list_cursor cursor(xs);
        for (value item; cursor.next(item);) items.push_back(item);
    }
    return value::of_list(items.data(), items.size());
}

constexpr std::array<uint8_t, 3> list1{k_list, k_any, k_any};

const function_entry entries[] = {
    {.name = "first", .family = "lists", .min_args = 1, .max_args = 1, .arg_kinds = list1, .signature = "first(xs)",
     .doc = "the first element; null when empty", .keeps_raw_text = raw_text::first_arg,
     .impl = [](const call_args& a) { return element_at(a[0], 0); }},
    {.name = "last", .family = "lists", .min_args = 1, .max_args = 1, .arg_kinds = list1, .signature = "last(xs)",
     .doc = "the last element; null when empty", .keeps_raw_text = raw_text::first_arg,
     .impl = [](const call_args& a) { return element_at(a[0], -1); }},
    {.name = "at", .family = "lists", .min_args = 2, .max_args = 2, .arg_kinds = {k_list, k_int, k_any}, .signature = "at(xs, i)",
     .doc = "element `i` (negative from the end); null when out of range", .keeps_raw_text = raw_text::first_arg, .impl = at},
    {.name = "len", .family = "lists", .min_args = 1, .max_args = 1, .arg_kinds = {k_string | k_list | k_object, k_any, k_any},
     .result = k_int | k_null, .signature = "len(x)", .doc = "length of a string (bytes), list or object; null otherwise", .impl = len},
    {.name = "slice", .family = "lists", .min_args = 2, .max_args = 3, .arg_kinds = {k_list, k_int | k_null, k_int | k_null},
     .result = k_list | k_null, .signature = "slice(xs, from[, to])",
     .doc = "elements `from` … `to - 1` (negative positions from the end, clamped; no `to`: to the end); null for a non-list",
     .keeps_raw_text = raw_text::first_arg, .impl = slice},
    {.name = "concat", .family = "lists", .min_args = 1, .max_args = variadic, .arg_kinds = {k_list | k_null, k_list | k_null, k_list | k_null},
     .result = k_list | k_null, .signature = "concat(xs, ys, …)",
     .doc = "the elements of the lists in order (null arguments skipped; any other kind: null)",
     .keeps_raw_text = raw_text::all_args, .impl = concat},
};

}  // namespace

std::span<const function_entry> list_functions() { return entries; }

}  // namespace vigil::engine

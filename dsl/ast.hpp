// The expression AST: plain structs produced by the parser, with byte spans into the expression text.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace vigil::dsl {

// Byte offsets into the expression text the node was parsed from.
struct span {
    uint32_t begin = 0;
    uint32_t end = 0;
};

struct null_literal {
    bool operator==(const null_literal&) const = default;
};
using literal_value = std::variant<null_literal, bool, int64_t, double, std::string>;

enum class node_kind : uint8_t {
    literal,      // value
    list,         // children: elements
    path,         // segments; segments[0] is the root name
    member,       // children[0] then segments (access into a computed value)
    call,         // name(children...)
    compare,      // children[0] op children[1]
    is_null,      // children[0] is_null
    is_not_null,  // children[0] is_not_null
    logical_and,  // children (two or more)
    logical_or,   // children (two or more)
    logical_not,  // children[0]
    arithmetic,   // children[0] name[0] children[1] name[1] children[2]…, left to right ("+-*/%")
    exists,       // children[0] exists (the key is present, even with a JSON null)
};

enum class compare_op : uint8_t { eq, gt, ge, lt, le, in, contains, starts_with, ends_with, matches, in_cidr };

struct path_segment {
    std::string key;     // used when !is_index && !is_wildcard
    int64_t index = 0;   // used when is_index; negative counts from the end
    bool is_index = false;
    bool is_wildcard = false;  // `[*]`: the rest of the path over every element
    bool operator==(const path_segment&) const = default;
};

struct node;
using node_ptr = std::unique_ptr<node>;

struct node {
    node_kind kind = node_kind::literal;
    span where;
    literal_value value;
    std::vector<path_segment> segments;
    std::string name;              // function name for calls; the operators of an arithmetic chain
    compare_op op = compare_op::eq;
    bool negated = false;          // `ne`, `not contains`, ...
    bool case_insensitive = false; // `ieq`, `icontains`, ...
    std::vector<node_ptr> children;
};

// A deep copy.
node_ptr clone(const node& n);

// The spelling of an operator as a user writes it (`ne`, `not contains`, `istarts_with`).
std::string operator_spelling(compare_op op, bool negated, bool case_insensitive);

}  // namespace vigil::dsl

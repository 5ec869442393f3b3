// Compiled expressions: AST with names resolved, paths split, regexes compiled and constants folded.
// A compiled node is immutable after compilation and shared by every evaluation.
#pragma once

#include "dsl/ast.hpp"
#include "engine/value.hpp"

#include <re2/re2.h>

#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace vigil::engine {

enum class op_code : uint8_t {
    constant,     // `constant`
    raw_path,     // `path` from the event root
    field,        // data-model field `slot`, then `path`
    binding,      // data-model Let binding `slot`, then `path`
    local,        // quantifier variable `slot`, then `path`
    member,       // kids[0], then `path`
    list,         // [kids...]
    call,         // fn(kids...)
    compare,      // kids[0] op kids[1]
    is_null,
    is_not_null,
    logical_and,
    logical_or,
    logical_not,
    arithmetic,   // kids[0] ops[0] kids[1] ops[1] kids[2]…, left to right
    exists,       // kids[0] (a path) is present
};

struct function_entry;
struct ip_network;

struct path_step {
    std::string key;
    int64_t index = 0;
    bool is_index = false;
    bool is_wildcard = false;  // `[*]`: the rest of the path over every element, as a list
};

struct compiled_node {
    op_code code = op_code::constant;
    dsl::span where;
    value constant;
    std::vector<path_step> path;
    uint32_t slot = 0;
    const function_entry* fn = nullptr;  // calls
    std::string ops;                     // arithmetic: one of + - * / % per gap
    dsl::compare_op op = dsl::compare_op::eq;
    bool negated = false;
    bool case_insensitive = false;
    std::shared_ptr<const RE2> regex;                             // matches, extract()
    std::shared_ptr<const std::vector<ip_network>> networks;     // in_cidr
    std::vector<compiled_node> kids;
};

// Storage for constants that compiled nodes point into. Deques keep addresses stable.
class constant_pool {
public:
    std::string_view intern(std::string_view s) { return strings_.emplace_back(s); }
    // A deep copy whose strings and lists live in the pool.
    value intern(const value& v);

private:
    std::deque<std::string> strings_;
    std::deque<std::vector<value>> lists_;
};

}  // namespace vigil::engine

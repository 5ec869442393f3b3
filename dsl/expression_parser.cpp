// Runs the PEGTL grammar with a parse tree, turns the tree into the AST, and checks function calls.
#include "dsl/expression_parser.hpp"
#include "dsl/utf8.hpp"

#include "dsl/diagnostics.hpp"
#include "dsl/number_text.hpp"
#include "dsl/operator_table.hpp"
#include "dsl/grammar.hpp"

#include <tao/pegtl/contrib/parse_tree.hpp>

#include <charconv>
#include <cstdint>
#include <stdexcept>
#include <unordered_map>

namespace vigil::dsl {

namespace g = grammar;
namespace pegtl = tao::pegtl;

namespace {

// ---- error messages for every must<> point ----------------------------------------------------
template <typename Rule> inline constexpr const char* error_message = nullptr;
template <> inline constexpr const char* error_message<g::escape_code> = "invalid escape sequence in string (use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)";
template <> inline constexpr const char* error_message<g::string_close> = "unterminated string literal";
template <> inline constexpr const char* error_message<g::element> = "expected an expression";
template <> inline constexpr const char* error_message<g::list_close> = "expected ',' or ']' to close the list";
template <> inline constexpr const char* error_message<g::call_close> = "expected ',' or ')' to close the function call";
template <> inline constexpr const char* error_message<g::paren_close> = "unbalanced parenthesis: expected ')'";
template <> inline constexpr const char* error_message<g::member_segment> = "expected a field name after '.'";
template <> inline constexpr const char* error_message<g::index_value> = "expected an integer index";
template <> inline constexpr const char* error_message<g::index_close> = "expected ']' after the index";
template <> inline constexpr const char* error_message<g::operand> = "expected a value after '+' or '-'";
template <> inline constexpr const char* error_message<g::factor> = "expected a value after '*', '/' or '%'";
template <> inline constexpr const char* error_message<g::right_operand> = "expected a value after the operator";
template <> inline constexpr const char* error_message<g::operator_after_not> = "expected an operator after 'not' (eq, in, contains, starts_with, ...)";
template <> inline constexpr const char* error_message<g::not_operand> = "expected an expression after 'not'";
template <> inline constexpr const char* error_message<g::and_operand> = "expected an expression after 'and'";
template <> inline constexpr const char* error_message<g::or_operand> = "expected an expression after 'or'";
template <> inline constexpr const char* error_message<g::end_of_expression> = "unexpected text";

struct messages {
    template <typename Rule> static constexpr const char* message = error_message<Rule>;
};

struct nesting_error : std::runtime_error {
    uint32_t offset;
    explicit nesting_error(uint32_t at) : std::runtime_error("nesting too deep"), offset(at) {}
};

// must_if control plus a depth guard: every level of nesting passes through not_expr. The top-level
// expression is one not_expr too but is no nesting, hence the + 1.
template <typename Rule>
struct control : pegtl::must_if<messages>::control<Rule> {
    template <pegtl::apply_mode A, pegtl::rewind_mode M, template <typename...> class Action,
              template <typename...> class Control, typename ParseInput, typename... States>
    [[nodiscard]] static bool match(ParseInput& in, States&&... st) {
        using base = typename pegtl::must_if<messages>::template control<Rule>;
        if constexpr (std::is_same_v<Rule, g::not_expr>) {
            if (++in.private_depth > max_nesting_depth + 1) throw nesting_error(static_cast<uint32_t>(in.byte()));
            bool r = base::template match<A, M, Action, Control>(in, st...);
            --in.private_depth;
            return r;
        } else {
            return base::template match<A, M, Action, Control>(in, st...);
        }
    }
};

struct operator_error : std::runtime_error {
    uint32_t offset;
    operator_error(std::string msg, uint32_t at) : std::runtime_error(std::move(msg)), offset(at) {}
};

// What an unknown operator may have meant: every operator word, and the other keywords after a value.
const std::vector<std::string>& operator_words() {
    static const std::vector<std::string> words = [] {
        std::vector<std::string> v;
        for (const auto& e : operator_table())
            if (e.spelling[0] >= 'a' && e.spelling[0] <= 'z') v.emplace_back(e.spelling);
        for (const char* w : {"is_null", "is_not_null", "exists", "and", "or"}) v.emplace_back(w);
        return v;
    }();
    return words;
}

template <typename Rule> struct action : pegtl::nothing<Rule> {};
template <> struct action<g::unknown_operator> {
    template <typename ActionInput, typename... States>
    static void apply(const ActionInput& in, States&&...) {
        std::string word = in.string();
        std::string msg = "unknown operator '" + word + "'";
        std::string hint = closest_match(word, operator_words());
        if (!hint.empty()) msg += " (did you mean '" + hint + "'?)";
        throw operator_error(msg, static_cast<uint32_t>(in.position().byte));
    }
};

// ---- parse tree selection -----------------------------------------------------------------------
template <typename Rule>
using selector = pegtl::parse_tree::selector<
    Rule, pegtl::parse_tree::store_content::on<
              g::string_literal, g::quoted_segment, g::number_int, g::number_float, g::kw_true, g::kw_false, g::kw_null,
              g::list, g::call, g::function_name, g::name, g::member_name, g::index_value, g::wildcard, g::postfix, g::sum,
              g::product, g::sum_operator, g::product_operator, g::comparison, g::op_is_null, g::op_is_not_null, g::op_exists, g::negated_operator, g::compare_operator, g::negation,
              g::and_expr, g::or_expr>>;

using tree_node = pegtl::parse_tree::node;

// ---- tree -> AST --------------------------------------------------------------------------------
struct convert_error : std::runtime_error {
    uint32_t offset;
    convert_error(std::string msg, uint32_t at) : std::runtime_error(std::move(msg)), offset(at) {}
};

uint32_t begin_of(const tree_node& n) { return static_cast<uint32_t>(n.begin().byte); }
uint32_t end_of(const tree_node& n) { return static_cast<uint32_t>(n.end().byte); }

uint32_t hex4(std::string_view s) {
    uint32_t v = 0;
    std::from_chars(s.data(), s.data() + 4, v, 16);
    return v;
}

// The grammar has already validated every escape, so this only decodes.
std::string unescape(std::string_view quoted) {
    std::string_view s = quoted.substr(1, quoted.size() - 2);
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\') {
            out += s[i];
            continue;
        }
        char c = s[++i];
        switch (c) {
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                uint32_t cp = hex4(s.substr(i + 1, 4));
                i += 4;
                if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < s.size() + 1 && s.substr(i + 1, 2) == "\\u") {
                    uint32_t lo = hex4(s.substr(i + 3, 4));
                    if (lo >= 0xDC00 && lo < 0xE000) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        i += 6;
                    }
                }
                if (cp >= 0xD800 && cp < 0xE000) cp = 0xFFFD;  // a lone surrogate is not text
                append_utf8(out, cp);
                break;
            }
            default: out += c;  // " \ /
        }
    }
    return out;
}

node_ptr make(node_kind kind, const tree_node& from) {
    auto n = std::make_unique<node>();
    n->kind = kind;
    n->where = {begin_of(from), end_of(from)};
    return n;
}

node_ptr convert(const tree_node& t);

void set_operator(node& n, std::string_view word, bool negated) {
    // The grammar only lets through spellings of the table (a unit test holds them together).
    if (const operator_entry* e = find_operator(word)) {
        n.op = e->op;
        n.negated = e->negated != negated;
        n.case_insensitive = e->case_insensitive;
    }
}

node_ptr convert_comparison(const tree_node& t) {
    const auto& kids = t.children;
    node_ptr lhs = convert(*kids[0]);
    if (kids.size() == 1) return lhs;
    if (kids[1]->is_type<g::op_is_null>() || kids[1]->is_type<g::op_is_not_null>() || kids[1]->is_type<g::op_exists>()) {
        auto kind = kids[1]->is_type<g::op_is_null>() ? node_kind::is_null
                    : kids[1]->is_type<g::op_exists>() ? node_kind::exists
                                                        : node_kind::is_not_null;
        auto n = make(kind, t);
        n->children.push_back(std::move(lhs));
        return n;
    }
    size_t i = 1;
    bool negated = false;
    if (kids[i]->is_type<g::negated_operator>()) negated = true, ++i;
    auto n = make(node_kind::compare, t);
    set_operator(*n, kids[i]->string_view(), negated);
    n->children.push_back(std::move(lhs));
    n->children.push_back(convert(*kids[i + 1]));
    return n;
}

node_ptr convert_postfix(const tree_node& t) {
    node_ptr base = convert(*t.children[0]);
    if (t.children.size() == 1) return base;
    std::vector<path_segment> segs;
    for (size_t i = 1; i < t.children.size(); ++i) {
        const auto& c = *t.children[i];
        path_segment s;
        if (c.is_type<g::wildcard>()) {
            s.is_wildcard = true;
        } else if (c.is_type<g::index_value>()) {
            s.is_index = true;
            auto sv = c.string_view();
            auto [p, ec] = std::from_chars(sv.data(), sv.data() + sv.size(), s.index);
            if (ec != std::errc()) throw convert_error("index out of range", begin_of(c));
        } else if (c.is_type<g::quoted_segment>()) {
            s.key = unescape(c.string_view());
        } else {
            s.key = c.string();
        }
        segs.push_back(std::move(s));
    }
    if (base->kind == node_kind::path) {
        base->where.end = end_of(t);
        for (auto& s : segs) base->segments.push_back(std::move(s));
        return base;
    }
    auto n = make(node_kind::member, t);
    n->children.push_back(std::move(base));
    n->segments = std::move(segs);
    return n;
}

node_ptr convert_call(const tree_node& t) {
    auto n = make(node_kind::call, t);
    const auto& name_node = *t.children[0];
    n->name = name_node.string();
    for (size_t i = 1; i < t.children.size(); ++i) n->children.push_back(convert(*t.children[i]));
    return n;
}

node_ptr convert_logical(const tree_node& t, node_kind kind) {
    if (t.children.size() == 1) return convert(*t.children[0]);
    auto n = make(kind, t);
    for (const auto& c : t.children) n->children.push_back(convert(*c));
    return n;
}

node_ptr convert(const tree_node& t) {
    if (t.is_type<g::or_expr>()) return convert_logical(t, node_kind::logical_or);
    if (t.is_type<g::and_expr>()) return convert_logical(t, node_kind::logical_and);
    if (t.is_type<g::sum>() || t.is_type<g::product>()) {
        // operand (operator operand)*: one flat node, so a long chain is no deep tree.
        if (t.children.size() == 1) return convert(*t.children[0]);
        auto n = make(node_kind::arithmetic, t);
        for (size_t i = 0; i < t.children.size(); ++i) {
            if (i % 2) n->name += t.children[i]->string_view();
            else n->children.push_back(convert(*t.children[i]));
        }
        return n;
    }
    if (t.is_type<g::negation>()) {
        auto n = make(node_kind::logical_not, t);
        n->children.push_back(convert(*t.children[0]));
        return n;
    }
    if (t.is_type<g::comparison>()) return convert_comparison(t);
    if (t.is_type<g::postfix>()) return convert_postfix(t);
    if (t.is_type<g::call>()) return convert_call(t);
    if (t.is_type<g::list>()) {
        auto n = make(node_kind::list, t);
        for (const auto& c : t.children) n->children.push_back(convert(*c));
        return n;
    }
    if (t.is_type<g::name>()) {
        auto n = make(node_kind::path, t);
        n->segments.push_back({t.string(), 0, false});
        return n;
    }
    auto lit = make(node_kind::literal, t);
    if (t.is_type<g::string_literal>()) {
        lit->value = unescape(t.string_view());
    } else if (t.is_type<g::number_int>()) {
        int64_t v = 0;
        auto sv = t.string_view();
        auto [p, ec] = std::from_chars(sv.data(), sv.data() + sv.size(), v);
        if (ec != std::errc()) throw convert_error("integer out of range (64-bit)", begin_of(t));
        lit->value = v;
    } else if (t.is_type<g::number_float>()) {
        // The grammar admits only number forms, so out of double range is the one way to fail.
        auto n = read_number(t.string_view());
        if (n.what != number_text::kind::floating) throw convert_error("number out of range (beyond a 64-bit float)", begin_of(t));
        lit->value = n.floating;
    } else if (t.is_type<g::kw_true>()) {
        lit->value = true;
    } else if (t.is_type<g::kw_false>()) {
        lit->value = false;
    } else if (t.is_type<g::kw_null>()) {
        lit->value = null_literal{};
    } else {
        throw convert_error("internal: unexpected parse node " + std::string(t.type), begin_of(t));
    }
    return lit;
}

// For an unterminated string the useful position is its opening quote, not the end of the text.
uint32_t opening_quote_of_unterminated(std::string_view text) {
    bool in_string = false;
    uint32_t open = 0;
    for (uint32_t i = 0; i < text.size(); ++i) {
        if (in_string && text[i] == '\\') {
            ++i;
        } else if (text[i] == '"') {
            in_string = !in_string;
            open = i;
        }
    }
    return open;
}

std::string describe_token_at(std::string_view text, uint32_t at) {
    if (at >= text.size()) return "end of expression";
    if (text[at] == '\'') return "\"'\" (strings are written in double quotes)";
    size_t len = 1;
    auto is_word = [](char c) { return isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    if (is_word(text[at]))
        while (at + len < text.size() && is_word(text[at + len])) ++len;
    return "'" + std::string(text.substr(at, len)) + "'";
}

}  // namespace

namespace {

parse_result parse_uncached(std::string_view text) {
    parse_result result;
    pegtl::memory_input in(text.data(), text.size(), "expression");
    try {
        auto root = pegtl::parse_tree::parse<g::whole_expression, selector, action, control>(in);
        if (!root || root->children.empty()) {
            result.problems.push_back({0, "expected an expression"});
            return result;
        }
        result.ast = convert(*root->children.front());
    } catch (const pegtl::parse_error& e) {
        uint32_t at = e.positions().empty() ? 0 : static_cast<uint32_t>(e.positions().front().byte);
        std::string msg(e.message());
        if (msg == error_message<g::string_close>) {
            at = opening_quote_of_unterminated(text);
        } else if (msg == error_message<g::escape_code>) {
            at = text.rfind('\\', at);  // the caret belongs under the backslash that starts the bad escape
        } else if (msg == error_message<g::end_of_expression> && at < text.size() && text[at] == ')') {
            msg = "unbalanced parenthesis: ')' without a matching '('";
        } else if (msg == error_message<g::end_of_expression>) {
            msg = "unexpected " + describe_token_at(text, at) + ": expected an operator, 'and', 'or' or the end of the expression";
        } else if (msg == error_message<g::element> || msg == error_message<g::right_operand> ||
                   msg == error_message<g::operator_after_not>) {
            msg += ", found " + describe_token_at(text, at);
        }
        result.problems.push_back({at, msg});
    } catch (const nesting_error& e) {
        result.problems.push_back({e.offset, "expression nested too deeply (more than " + std::to_string(max_nesting_depth) + " levels)"});
    } catch (const operator_error& e) {
        result.problems.push_back({e.offset, e.what()});
    } catch (const convert_error& e) {
        result.problems.push_back({e.offset, e.what()});
    }
    if (!result.problems.empty()) result.ast.reset();
    return result;
}

}  // namespace

// Packs repeat the same short expressions in rule after rule (alert context fields, the parts of
// dedup keys and titles): each distinct text is parsed once per thread (a thousand-rule pack loads
// faster) and handed out as a copy. The result depends on the text alone, so the copy is exact.
parse_result parse_expression(std::string_view text) {
    constexpr size_t max_remembered_text = 256, max_remembered = 4096;
    if (text.size() > max_remembered_text) return parse_uncached(text);
    thread_local std::unordered_map<std::string, parse_result> remembered;
    std::string key(text);
    auto it = remembered.find(key);
    if (it == remembered.end()) {
        if (remembered.size() >= max_remembered) remembered.clear();
        it = remembered.emplace(std::move(key), parse_uncached(text)).first;
    }
    parse_result copy;
    copy.problems = it->second.problems;
    if (it->second.ast) copy.ast = clone(*it->second.ast);
    return copy;
}

}  // namespace vigil::dsl

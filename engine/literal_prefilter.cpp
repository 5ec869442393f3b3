// Literal derivation from compiled conditions, and the one-pass Vectorscan scan per line.
#include "engine/literal_prefilter.hpp"

#include "engine/compare.hpp"

#include <hs/hs.h>

#include <algorithm>
#include <map>
#include <stdexcept>

namespace vigil::engine {

namespace {

// Every string this node can produce is a substring of a JSON string in the raw line.
bool preserves_raw_text(const compiled_node& n, const compiled_model* model, int depth = 0) {
    if (depth > 64) return false;
    switch (n.code) {
        case op_code::raw_path: return true;
        case op_code::field: return model && preserves_raw_text(model->fields[n.slot], model, depth + 1);
        case op_code::binding: return model && preserves_raw_text(model->bindings[n.slot], model, depth + 1);
        case op_code::member: return preserves_raw_text(n.kids[0], model, depth + 1);
        case op_code::list:
            return std::all_of(n.kids.begin(), n.kids.end(), [&](auto& k) { return preserves_raw_text(k, model, depth + 1); });
        case op_code::call:
            switch (n.fn) {
                // Parts, elements and parsed inner strings are all substrings of their input.
                case function_id::split:
                case function_id::first:
                case function_id::last:
                case function_id::at:
                case function_id::parse_json: return preserves_raw_text(n.kids[0], model, depth + 1);
                case function_id::coalesce:
                    return std::all_of(n.kids.begin(), n.kids.end(), [&](auto& k) { return preserves_raw_text(k, model, depth + 1); });
                case function_id::if_:
                    return preserves_raw_text(n.kids[1], model, depth + 1) && preserves_raw_text(n.kids[2], model, depth + 1);
                default: return false;
            }
        default: return false;
    }
}

std::optional<std::string> literal_string(const compiled_node& n) {
    if (n.code != op_code::constant || n.constant.type() != value_type::string) return std::nullopt;
    std::string s(n.constant.as_string());
    // A numeric string compares equal to numbers spelled differently in JSON (403 vs 4.03e2).
    if (!searchable_literal(s) || numeric_string(s)) return std::nullopt;
    return s;
}

std::optional<std::vector<std::string>> literal_list(const compiled_node& n) {
    if (n.code != op_code::constant || n.constant.type() != value_type::list || n.constant.size() == 0) return std::nullopt;
    std::vector<std::string> out;
    for (size_t i = 0; i < n.constant.size(); ++i) {
        value item = n.constant.at(i);
        if (item.type() != value_type::string) return std::nullopt;
        std::string s(item.as_string());
        if (!searchable_literal(s) || numeric_string(s)) return std::nullopt;
        out.push_back(std::move(s));
    }
    return out;
}

// What a comparison, holding, requires of the raw line.
literal_clauses compare_requirement(const compiled_node& n, const compiled_model* model) {
    using dsl::compare_op;
    if (n.case_insensitive) return {};
    const auto& l = n.kids[0];
    const auto& r = n.kids[1];
    switch (n.op) {
        case compare_op::eq:
        case compare_op::contains:
        case compare_op::starts_with:
        case compare_op::ends_with:
            if (auto s = literal_string(r); s && preserves_raw_text(l, model)) return {{*s}};
            return {};
        case compare_op::in:
            if (auto list = literal_list(r); list && preserves_raw_text(l, model)) return {*list};
            if (auto s = literal_string(l); s && preserves_raw_text(r, model)) return {{*s}};  // "x" in list
            return {};
        default: return {};
    }
}

// Requirements of `n` holding (positive) or failing (negative), by pushing negations inward.
literal_clauses requirement(const compiled_node& n, bool positive, const compiled_model* model) {
    switch (n.code) {
        case op_code::logical_not: return requirement(n.kids[0], !positive, model);
        case op_code::logical_and:
        case op_code::logical_or: {
            bool conjunction = (n.code == op_code::logical_and) == positive;
            literal_clauses out;
            if (conjunction) {
                for (const auto& k : n.kids) {
                    auto c = requirement(k, positive, model);
                    out.insert(out.end(), c.begin(), c.end());
                }
                return out;
            }
            // A disjunction requires one literal from some child: merge one clause of each child.
            std::vector<std::string> merged;
            for (const auto& k : n.kids) {
                auto c = requirement(k, positive, model);
                if (c.empty()) return {};
                merged.insert(merged.end(), c.front().begin(), c.front().end());
            }
            return {merged};
        }
        case op_code::compare:
            if (positive != n.negated) return compare_requirement(n, model);
            return {};
        default: return {};
    }
}

}  // namespace

bool searchable_literal(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '/') return false;
    return true;
}

literal_clauses required_literals(const rule_variant& v) {
    literal_clauses out;
    for (const auto& c : v.conditions) {
        auto r = requirement(c, true, v.model);
        out.insert(out.end(), r.begin(), r.end());
    }
    return out;
}

literal_prefilter::literal_prefilter(std::vector<rule_variant*> variants) {
    std::map<std::string, uint32_t> ids;
    auto id_of = [&](const std::string& s) {
        auto [it, inserted] = ids.emplace(s, static_cast<uint32_t>(literals_.size()));
        if (inserted) literals_.push_back(s);
        return it->second;
    };
    for (auto* v : variants) {
        v->index = static_cast<uint32_t>(variants_.size());
        variants_.push_back(v);
        v->literal_ids.clear();
        for (const auto& clause : required_literals(*v)) {
            std::vector<uint32_t> c;
            for (const auto& lit : clause) c.push_back(id_of(lit));
            std::sort(c.begin(), c.end());
            c.erase(std::unique(c.begin(), c.end()), c.end());
            v->literal_ids.push_back(std::move(c));
        }
        if (v->literal_ids.empty()) can_skip_ = false;
    }
    anchored_.resize(literals_.size());
    for (const auto* v : variants_) {
        if (v->literal_ids.empty()) continue;
        // Anchor on the clause with the longest shortest literal: long literals are the rare ones.
        auto shortest = [&](const std::vector<uint32_t>& c) {
            size_t m = SIZE_MAX;
            for (auto id : c) m = std::min(m, literals_[id].size());
            return m;
        };
        const auto* anchor = &v->literal_ids.front();
        for (const auto& c : v->literal_ids)
            if (shortest(c) > shortest(*anchor)) anchor = &c;
        for (auto id : *anchor) anchored_[id].push_back(v);
    }

    // Literals, then the escape marker, then the log-type key (ids literal_count and +1).
    std::vector<std::string> patterns = literals_;
    patterns.push_back("\\u");
    patterns.push_back("\"p_log_type\":\"");
    std::vector<const char*> exprs;
    std::vector<size_t> lens;
    std::vector<unsigned> flags, pattern_ids;
    for (size_t i = 0; i < patterns.size(); ++i) {
        exprs.push_back(patterns[i].data());
        lens.push_back(patterns[i].size());
        flags.push_back(HS_FLAG_SINGLEMATCH);
        pattern_ids.push_back(static_cast<unsigned>(i));
    }
    hs_compile_error_t* err = nullptr;
    if (hs_compile_lit_multi(exprs.data(), flags.data(), pattern_ids.data(), lens.data(), static_cast<unsigned>(exprs.size()),
                             HS_MODE_BLOCK, nullptr, &db_, &err) != HS_SUCCESS) {
        std::string msg = err && err->message ? err->message : "unknown error";
        hs_free_compile_error(err);
        throw std::runtime_error("cannot build the literal prefilter: " + msg);
    }
}

literal_prefilter::~literal_prefilter() { hs_free_database(db_); }

prefilter_scanner::prefilter_scanner(const literal_prefilter& pf) : pf_(pf) {
    if (hs_alloc_scratch(pf.db_, &scratch_) != HS_SUCCESS) throw std::runtime_error("cannot allocate prefilter scratch");
    literal_stamp_.assign(pf.literals_.size(), 0);
    candidate_stamp_.assign(pf.variants_.size(), 0);
}

prefilter_scanner::~prefilter_scanner() { hs_free_scratch(scratch_); }

static int match_trampoline(unsigned id, unsigned long long, unsigned long long to, unsigned, void* ctx) {
    return static_cast<prefilter_scanner*>(ctx)->on_match(id, to);
}

int prefilter_scanner::on_match(unsigned id, unsigned long long to) {
    const auto n = static_cast<unsigned>(pf_.literals_.size());
    if (id < n) {
        literal_stamp_[id] = generation_;
        found_.push_back(id);
    } else if (id == n) {
        escape_ = true;
    } else {
        std::string_view rest = line_.substr(static_cast<size_t>(to));
        raw_log_type_ = rest.substr(0, rest.find('"'));
    }
    return 0;
}

bool prefilter_scanner::scan(std::string_view line) {
    ++generation_;
    escape_ = false;
    found_.clear();
    line_ = line;
    raw_log_type_ = {};
    hs_scan(pf_.db_, line.data(), static_cast<unsigned>(line.size()), 0, scratch_, match_trampoline, this);
    bool any = escape_ || !pf_.can_skip_;
    for (uint32_t id : found_) {
        for (const rule_variant* v : pf_.anchored_[id]) {
            if (candidate_stamp_[v->index] == generation_) continue;
            bool all = std::all_of(v->literal_ids.begin(), v->literal_ids.end(), [&](const std::vector<uint32_t>& clause) {
                return std::any_of(clause.begin(), clause.end(), [&](uint32_t l) { return literal_stamp_[l] == generation_; });
            });
            if (all) {
                candidate_stamp_[v->index] = generation_;
                any = true;
            }
        }
    }
    return any;
}

}  // namespace vigil::engine

// Coverage measurement: every point of a rule evaluated on every event of the rule's own tests.
#include "engine/test_coverage.hpp"

#include "engine/condition_leaves.hpp"
#include "engine/evaluator.hpp"
#include "engine/event_document.hpp"
#include "engine/test_runner.hpp"

#include <map>
#include <tuple>

namespace vigil::engine {

std::string_view kind_name(coverage_point::kind k) {
    switch (k) {
        case coverage_point::kind::condition: return "condition";
        case coverage_point::kind::comparison: return "comparison";
        case coverage_point::kind::exclusion: return "exclusion";
        case coverage_point::kind::severity: return "severity";
    }
    return "point";
}

namespace {

// Where a point lives in the rule: its section (0 conditions, 1 exclusions, 2 severities), the
// entry's index there, and the leaf's span in the entry's text (0, 0 for the entry itself).
using point_key = std::tuple<int, size_t, uint32_t, uint32_t, int>;

class coverage_builder {
public:
    explicit coverage_builder(rule_coverage& out) : out_(out) {}

    coverage_point& point(point_key key, coverage_point::kind what, const dsl::expression_text& source, dsl::span where) {
        auto [it, inserted] = index_.emplace(key, out_.points.size());
        if (inserted) {
            coverage_point p;
            p.what = what;
            // A leaf expanded from a macro has a span outside this text: the whole text stands for it.
            p.where = span_position(source, where);
            p.text = span_text(source, where);
            out_.points.push_back(std::move(p));
        }
        return out_.points[it->second];
    }

    void see(coverage_point& p, bool outcome) { (outcome ? p.seen_true : p.seen_false) = true; }

    void leaves(int section, size_t entry, const compiled_node& n, const dsl::expression_text& source, event_context& ctx) {
        std::vector<const compiled_node*> ls;
        condition_leaves(n, ls);
        if (ls.size() == 1 && ls[0] == &n) return;  // the entry is its own only leaf: counted as the entry
        for (const auto* leaf : ls)
            see(point({section, entry, leaf->where.begin, leaf->where.end, 1}, coverage_point::kind::comparison, source, leaf->where),
                holds(*leaf, ctx));
    }

private:
    rule_coverage& out_;
    std::map<point_key, size_t> index_;
};

}  // namespace

rule_coverage measure_coverage(const compiled_rule& rule, const std::string& only_test) {
    rule_coverage out;
    out.spec = rule.spec;
    const auto& spec = *rule.spec;
    coverage_builder b(out);
    // Every point exists before any event is seen, so that a rule without tests shows all of them
    // uncovered, in file order.
    const auto* first = rule.variants.empty() ? nullptr : &rule.variants.front();
    auto declare = [&](const rule_variant& v) {
        for (size_t i = 0; i < v.conditions.size() && i < spec.conditions.size(); ++i) {
            b.point({0, i, 0, 0, 0}, coverage_point::kind::condition, spec.conditions[i], {});
            std::vector<const compiled_node*> ls;
            condition_leaves(v.conditions[i], ls);
            if (!(ls.size() == 1 && ls[0] == &v.conditions[i]))
                for (const auto* leaf : ls)
                    b.point({0, i, leaf->where.begin, leaf->where.end, 1}, coverage_point::kind::comparison, spec.conditions[i], leaf->where);
        }
        for (size_t i = 0; i < v.exclusions.size() && i < spec.exclusions.size(); ++i) {
            b.point({1, i, 0, 0, 0}, coverage_point::kind::exclusion, spec.exclusions[i].condition, {});
            std::vector<const compiled_node*> ls;
            condition_leaves(v.exclusions[i], ls);
            if (!(ls.size() == 1 && ls[0] == &v.exclusions[i]))
                for (const auto* leaf : ls)
                    b.point({1, i, leaf->where.begin, leaf->where.end, 1}, coverage_point::kind::comparison, spec.exclusions[i].condition,
                            leaf->where);
        }
        for (size_t i = 0; i < v.severities.size() && i < spec.dynamic_severities.size(); ++i)
            b.point({2, i, 0, 0, 0}, coverage_point::kind::severity, spec.dynamic_severities[i].condition, {});
    };
    if (first) declare(*first);

    event_document doc;
    event_context ctx;
    for (const auto& t : spec.tests) {
        if (!only_test.empty() && t.name != only_test) continue;
        for (const auto* log : test_logs(t)) {
            const rule_variant* v = rule.variant_for(test_log_type(spec, *log));
            if (!v || !doc.parse(log->dump())) continue;  // the test itself fails and says why
            declare(*v);
            ctx.reset(doc.root(), v->model);
            ++out.events;
            bool all_conditions = true;
            for (size_t i = 0; i < v->conditions.size() && i < spec.conditions.size(); ++i) {
                const bool h = holds(v->conditions[i], ctx);
                all_conditions = all_conditions && h;
                b.see(b.point({0, i, 0, 0, 0}, coverage_point::kind::condition, spec.conditions[i], {}), h);
                b.leaves(0, i, v->conditions[i], spec.conditions[i], ctx);
            }
            bool excluded = false;
            for (size_t i = 0; i < v->exclusions.size() && i < spec.exclusions.size(); ++i) {
                const bool h = holds(v->exclusions[i], ctx);
                if (all_conditions) b.see(b.point({1, i, 0, 0, 0}, coverage_point::kind::exclusion, spec.exclusions[i].condition, {}), h);
                excluded = excluded || h;
                b.leaves(1, i, v->exclusions[i], spec.exclusions[i].condition, ctx);
            }
            if (!all_conditions || excluded) continue;
            for (size_t i = 0; i < v->severities.size() && i < spec.dynamic_severities.size(); ++i)
                if (holds(v->severities[i], ctx)) {
                    b.see(b.point({2, i, 0, 0, 0}, coverage_point::kind::severity, spec.dynamic_severities[i].condition, {}), true);
                    break;
                }
        }
    }
    // File order: by position, entries before their leaves.
    std::stable_sort(out.points.begin(), out.points.end(), [](const coverage_point& a, const coverage_point& c) {
        return std::tie(a.where.line, a.where.column) < std::tie(c.where.line, c.where.column);
    });
    for (const auto& p : out.points) {
        out.covered += p.covered();
        out.total += p.outcomes();
    }
    return out;
}

}  // namespace vigil::engine

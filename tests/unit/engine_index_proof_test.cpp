// The equality index marks conditions that hold for every event it offers a rule (conjunctions of
// the equalities the rule is filed under), and judging skips them. Differential check over the
// generated corpus with the shipped pack and synthetic rules, plus rules written to trap the proof
// (negations, `ne`, case-insensitive and list forms): skipping never changes a decision.
#include "corpus.hpp"
#include "synthetic_rules.hpp"

#include "dsl/document_loader.hpp"
#include "engine/event_document.hpp"
#include "engine/ruleset.hpp"

#include <catch2/catch.hpp>

namespace {

const char* trap_rules[] = {
    // `not (verb ne "create")` requires verb = create, but its comparison is negated: not provable.
    "AnalysisType: rule\nRuleID: Trap.NotNe\nLogTypes: [Amazon.EKS.Audit, GCP.AuditLog]\nSeverity: Low\n"
    "Condition:\n  - resource eq \"pods\" and not (verb ne \"create\")\n  - 'namespace eq \"default\"'\n",
    // A list form and a second condition that must still be evaluated.
    "AnalysisType: rule\nRuleID: Trap.InList\nLogTypes: [Amazon.EKS.Audit, Azure.MonitorActivity]\nSeverity: Low\n"
    "Condition:\n  - verb in [\"get\", \"list\"]\n  - resource eq \"secrets\" and username starts_with \"system:\"\n",
    // Case-insensitive equality is not indexed; the plain one beside it is.
    "AnalysisType: rule\nRuleID: Trap.CaseInsensitive\nLogTypes: [Amazon.EKS.Audit]\nSeverity: Low\n"
    "Condition:\n  - verb ieq \"CREATE\"\n  - resource eq \"configmaps\" or resource eq \"secrets\"\n",
    // An equality inside an or: required of nothing, proves nothing.
    "AnalysisType: rule\nRuleID: Trap.Or\nLogTypes: [GCP.AuditLog]\nSeverity: Low\n"
    "Condition: (verb eq \"delete\" and resource eq \"pods\") or (verb eq \"create\" and resource eq \"pods\")\n",
};

}  // namespace

TEST_CASE("equality index: skipping the conditions it proves never changes a decision", "[engine][index][differential]") {
    vigil::dsl::diagnostics diags;
    auto docs = vigil::dsl::load_documents({VIGIL_SOURCE_DIR "/rules", VIGIL_SOURCE_DIR "/schemas"}, diags);
    for (size_t i = 0; i < 200; ++i)
        vigil::dsl::load_document_text("synthetic_" + std::to_string(i) + ".yml", vigil::rule_gen::synthetic_rule(i), docs, diags);
    for (size_t i = 0; i < std::size(trap_rules); ++i) vigil::dsl::load_document_text("trap_" + std::to_string(i) + ".yml", trap_rules[i], docs, diags);
    auto rs = vigil::engine::ruleset::build(std::move(docs), {}, diags);
    REQUIRE_FALSE(diags.has_errors());

    vigil::corpus::corpus_options options;
    options.events = 6000;
    options.seed = 3;
    vigil::corpus::corpus_generator corpus(options);
    vigil::engine::event_document doc;
    vigil::engine::event_context ctx;
    std::vector<uint32_t> candidates;
    size_t offered = 0, with_proof = 0, matched = 0, mismatches = 0;
    std::string line;
    while (corpus.next(line)) {
        REQUIRE(doc.parse(line));
        auto lt = doc.root().get("p_log_type");
        REQUIRE(lt.type() == vigil::engine::value_type::string);
        const auto* entry = rs->find(lt.as_string());
        REQUIRE(entry);
        ctx.reset(doc.root(), entry->model);
        candidates.clear();
        entry->index->candidates(ctx, candidates);
        for (uint32_t i : candidates) {
            const auto& v = *entry->rules[i].variant;
            const uint64_t proven = entry->index->proven(i);
            const auto full = vigil::engine::decide(v, ctx);
            const auto skipping = vigil::engine::decide(v, ctx, proven);
            ++offered;
            with_proof += proven != 0;
            matched += full.matched;
            if (full.matched != skipping.matched && ++mismatches <= 5) {
                INFO("rule " << entry->rules[i].rule->spec->rule_id << ", proven mask " << proven << ", event:\n" << line);
                CHECK(full.matched == skipping.matched);
            }
        }
    }
    INFO(offered << " rules offered, " << with_proof << " with proven conditions, " << matched << " matches");
    CHECK(mismatches == 0);
    // The synthetic rules are all provable in part; the pack's rules mostly are not (their keys are
    // lists of verbs or read through macros), and are offered on many events: a quarter is plenty.
    CHECK(with_proof > offered / 4);
    CHECK(matched > 100);
}

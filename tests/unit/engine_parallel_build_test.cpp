// Loading on every core must not show: parallel_for runs each job once and passes failures on, and a
// big pack compiled in parallel gives the rules, messages and dropped list of
// small builds that run on one thread.
#include "synthetic_rules.hpp"

#include "dsl/document_loader.hpp"
#include "dsl/parallel_for.hpp"
#include "engine/ruleset.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <thread>

using vigil::dsl::parallel_for;

TEST_CASE("parallel_for: every job runs exactly once, on a worker below the count asked for", "[engine][parallel]") {
    const size_t table[][2] = {{0, 1}, {0, 4}, {1, 1}, {1, 3}, {7, 2}, {1000, 1}, {1000, 2}, {1000, 8}, {3, 8}};
    for (const auto& [count, workers] : table) {
        INFO(count << " jobs on " << workers << " workers");
        std::vector<std::atomic<int>> runs(count);
        std::atomic<size_t> bad_worker{0};
        parallel_for(count, workers, [&](size_t i, size_t worker) {
            runs[i].fetch_add(1);
            if (worker >= workers) bad_worker.fetch_add(1);
        });
        size_t not_once = 0;
        for (auto& r : runs) not_once += r.load() != 1;
        CHECK(not_once == 0);
        CHECK(bad_worker.load() == 0);
    }
}

TEST_CASE("parallel_for: a job's exception reaches the caller and the other jobs stop", "[engine][parallel]") {
    std::atomic<size_t> ran{0};
    auto failing = [&](size_t i, size_t) {
        ran.fetch_add(1);
        if (i == 10) throw std::runtime_error("job 10 failed");
        std::this_thread::sleep_for(std::chrono::microseconds(200));  // were all 2,000 run: 0.2 s a worker
    };
    CHECK_THROWS_WITH(parallel_for(2000, 2, failing), "job 10 failed");
    // Handed out one at a time: after the failure only the jobs already taken may finish.
    CHECK(ran.load() < 200);
}

TEST_CASE("parallel_for: a thread that fails to start is reported after the started ones are joined", "[engine][parallel]") {
    std::atomic<size_t> started{0};
    // The first worker thread starts, the second is refused as a system out of threads would.
    auto refuse_second = [&](auto&& f) {
        if (started.fetch_add(1) == 1) throw std::system_error(std::make_error_code(std::errc::resource_unavailable_try_again), "no thread");
        return std::thread(std::forward<decltype(f)>(f));
    };
    std::atomic<size_t> ran{0};
    auto slow = [&](size_t, size_t) {
        ran.fetch_add(1);
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    };
    // Before the fix, the throw destroyed a joinable std::thread: std::terminate, no exception.
    CHECK_THROWS_AS(parallel_for(2000, 4, slow, refuse_second), std::system_error);
    CHECK(started.load() == 2);
    CHECK(ran.load() < 2000);  // the started worker stopped early too
}

TEST_CASE("parallel_workers: one per core, none for fewer jobs than a worker's minimum", "[engine][parallel]") {
    const size_t cores = std::max(1u, std::thread::hardware_concurrency());
    CHECK(vigil::dsl::parallel_workers(0, 16) == 1);
    CHECK(vigil::dsl::parallel_workers(15, 16) == 1);
    CHECK(vigil::dsl::parallel_workers(32, 16) == std::min<size_t>(cores, 2));
    CHECK(vigil::dsl::parallel_workers(1000000, 16) == cores);
}

TEST_CASE("parallel_workers: a thread limit caps the workers; 0 means no limit", "[engine][parallel]") {
    const size_t cores = std::max(1u, std::thread::hardware_concurrency());
    CHECK(vigil::dsl::parallel_workers(1000000, 16, 1) == 1);
    CHECK(vigil::dsl::parallel_workers(1000000, 16, 0) == cores);
    CHECK(vigil::dsl::parallel_workers(1000000, 16, cores + 5) == cores);  // never more than the cores
    CHECK(vigil::dsl::parallel_workers(32, 16, 1) == 1);
    CHECK(vigil::dsl::parallel_workers(15, 16, 4) == 1);
}

namespace {

// Every 9th rule has a regular expression RE2 rejects: a compile error, found only by the ruleset
// build (the YAML and the expression grammar are fine), so the rule is dropped with a message.
std::string pack_rule(size_t i) {
    if (i % 9 != 4) return vigil::rule_gen::synthetic_rule(i);
    return "AnalysisType: rule\nRuleID: Broken." + std::to_string(i) +
           "\nLogTypes: [Amazon.EKS.Audit, GCP.AuditLog]\nSeverity: Low\n"
           "Condition:\n  - verb eq \"create\"\n  - 'name matches \"(unclosed" + std::to_string(i) + "\"'\n";
}

struct built {
    std::shared_ptr<const vigil::engine::ruleset> rules;
    std::string messages;
};

// The shipped data models plus the rules `first` .. `last` - 1 of the pack, as one document set.
built build(size_t first, size_t last) {
    vigil::dsl::diagnostics diags;
    auto docs = vigil::dsl::load_documents({VIGIL_SOURCE_DIR "/schemas"}, diags);
    for (size_t i = first; i < last; ++i) vigil::dsl::load_document_text("rule_" + std::to_string(i) + ".yml", pack_rule(i), docs, diags);
    built out;
    out.rules = vigil::engine::ruleset::build(std::move(docs), {}, diags);
    std::ostringstream text;
    vigil::dsl::print_diagnostics(text, diags);
    out.messages = text.str();
    return out;
}

}  // namespace

TEST_CASE("ruleset build: a pack compiled on every core equals the same rules built in small parts", "[engine][parallel][differential]") {
    const size_t count = 600;  // well above the size at which the build uses more than one thread
    auto whole = build(0, count);

    std::string messages;
    std::vector<std::string> dropped, ids;
    // The reference: the same rules in builds too small to be shared out (below 64 rules a thread).
    for (size_t i = 0; i < count; i += 40) {
        auto one = build(i, i + 40);
        messages += one.messages;
        dropped.insert(dropped.end(), one.rules->dropped.begin(), one.rules->dropped.end());
        for (const auto& r : one.rules->rules()) ids.push_back(r.spec->rule_id);
    }
    std::vector<std::string> whole_ids;
    for (const auto& r : whole.rules->rules()) whole_ids.push_back(r.spec->rule_id);

    CHECK(whole.messages == messages);
    CHECK(whole.rules->dropped == dropped);
    CHECK(whole_ids == ids);
    CHECK(dropped.size() == count / 9 + (count % 9 > 4));
    CHECK(messages.find("invalid regular expression") != std::string::npos);
    // Every log type's index files exactly the variants of the rules that compiled.
    size_t variants = 0, indexed = 0;
    for (const auto& r : whole.rules->rules()) variants += r.variants.size();
    for (const auto& e : whole.rules->log_types()) {
        REQUIRE(e.index);
        indexed += e.rules.size();
    }
    CHECK(indexed == variants);
}

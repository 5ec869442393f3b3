// libFuzzer target: one event line judged by the shipped pack with the prefilter always on and off;
// both must find the same matches, since the prefilter may only skip lines no rule can match. The
// line is also read as each kind of envelope (--envelope), and the events found judged the same way.
#include "common/load.hpp"
#include "engine/envelope.hpp"
#include "engine/event_processor.hpp"

#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

namespace {

std::shared_ptr<const vigil::engine::ruleset> shipped_rules() {
    // Built once per process: the pack is the fixed part, the line is what varies.
    static const auto rules = [] {
        vigil::engine::ruleset_options options;
        options.threads = 1;
        auto loaded = vigil::tools::load_rules({}, options);
        if (loaded.diags.error_count() > 0) {
            std::fprintf(stderr, "fuzz_event: the shipped rules do not load\n");
            std::abort();
        }
        return loaded.rules;
    }();
    return rules;
}

using match_key = std::tuple<const void*, const void*, std::string>;

std::vector<match_key> keys_of(const vigil::engine::event_result& r) {
    std::vector<match_key> keys;
    for (const auto& m : r.matches()) keys.emplace_back(m.rule, m.variant, m.dedup);
    return keys;
}

void judge_both_ways(std::string_view event, std::string_view default_log_type) {
    static vigil::engine::event_processor with_prefilter(shipped_rules(), vigil::engine::prefilter_mode::always);
    static vigil::engine::event_processor without_prefilter(shipped_rules(), vigil::engine::prefilter_mode::off);
    static vigil::engine::event_result on, off;
    with_prefilter.process(event, default_log_type, on);
    without_prefilter.process(event, default_log_type, off);
    if (keys_of(on) != keys_of(off)) {
        std::fprintf(stderr, "fuzz_event: prefilter on found %zu matches, off found %zu\n", on.match_count, off.match_count);
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // simdjson reads past the end of the line: give it the padding the processor's contract asks for.
    std::string line(reinterpret_cast<const char*>(data), size);
    line.append(simdjson::SIMDJSON_PADDING, '\0');
    std::string_view view(line.data(), size);
    judge_both_ways(view, "");
    using vigil::engine::envelope_kind;
    static vigil::engine::envelope_reader readers[] = {vigil::engine::envelope_reader(envelope_kind::azure_records),
                                                      vigil::engine::envelope_reader(envelope_kind::cloudwatch_logs),
                                                      vigil::engine::envelope_reader(envelope_kind::cloudtrail)};
    for (auto& reader : readers) {
        if (!reader.unwrap(view)) continue;
        for (const auto& e : reader.events())
            if (e.error.empty()) judge_both_ways(e.text, e.default_log_type);
    }
    return 0;
}

// Panther enrichment members, appended last as Panther's own output does.
#include "panther_fields.hpp"

#include "random_text.hpp"
#include "time_format.hpp"

namespace vigil::corpus {

void append_panther_fields(json_out& o, std::string_view log_type, std::uint64_t event_micros, const cluster& c,
                           prng& rng) {
    o.raw(R"(,"p_log_type":")").raw(log_type).raw(R"(","p_row_id":")");
    append_hex(o.buffer(), rng, 32);
    o.raw(R"(","p_event_time":")");
    append_panther_time(o.buffer(), event_micros);
    o.raw(R"(","p_source_label":)").str(c.label);
}

}  // namespace vigil::corpus

// The p_ fields Panther adds to every normalised event (log type, row id, event time, source label).
#pragma once

#include <cstdint>
#include <string_view>

#include "cluster.hpp"
#include "json_out.hpp"
#include "prng.hpp"

namespace vigil::corpus {

// Appends the ,"p_log_type":... members.
void append_panther_fields(json_out& o, std::string_view log_type, std::uint64_t event_micros, const cluster& c,
                           prng& rng);

}  // namespace vigil::corpus

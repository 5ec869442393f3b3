// Counts bad input by kind and reports the first few of each kind with file and line on stderr.
#pragma once

#include <array>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

namespace vigil::tools {

enum class bad_kind { invalid_json, too_long, missing_log_type, unknown_log_type, model_read_error, read_error, not_an_event, count_ };

class bad_lines {
public:
    static constexpr size_t shown_per_kind = 20;
    explicit bad_lines(std::ostream& err, size_t show_per_kind = shown_per_kind) : err_(err), show_(show_per_kind) {}
    // Shown as `file:line` (line 0: the file), or `file:line#index` for the index-th event of an envelope.
    void report(bad_kind kind, std::string_view file, uint64_t line, std::string_view detail, uint32_t index = 0);
    // `n` more of a kind that are past the shown ones already (their details were not kept).
    void count_more(bad_kind kind, uint64_t n);
    uint64_t count(bad_kind kind) const { return counts_[static_cast<size_t>(kind)]; }
    uint64_t total() const;
    // "1 invalid JSON, 2 too long, ..." (only the kinds that occurred; "none" when none did).
    std::string summary() const;
    static std::string_view name(bad_kind kind);

private:
    std::ostream& err_;
    size_t show_;
    std::array<uint64_t, static_cast<size_t>(bad_kind::count_)> counts_{};
};

}  // namespace vigil::tools

// Severity names as rule files spell them.
#include "dsl/documents.hpp"

namespace vigil::dsl {

namespace {
constexpr std::string_view names[] = {"Info", "Low", "Medium", "High", "Critical"};
}

std::string_view severity_name(severity s) { return names[static_cast<int>(s)]; }

std::optional<severity> parse_severity(std::string_view s) {
    for (int i = 0; i < 5; ++i)
        if (names[i] == s) return static_cast<severity>(i);
    return std::nullopt;
}

}  // namespace vigil::dsl

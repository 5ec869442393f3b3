// JSON texts in rule files: a bounded pre-scan (depth, duplicate keys, numbers), then nlohmann's parser.
#include "dsl/json_text.hpp"

#include "dsl/number_text.hpp"
#include "dsl/yaml_bounds.hpp"

#include <set>
#include <vector>

namespace vigil::dsl {

namespace {

// The end of the string whose opening quote is at `open` (one past its closing quote), or npos.
size_t string_end(std::string_view t, size_t open) {
    for (size_t i = open + 1; i < t.size(); ++i) {
        if (t[i] == '\\') ++i;
        else if (t[i] == '"') return i + 1;
    }
    return std::string_view::npos;
}

bool number_char(char c) { return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'; }

// Looks for what the parser would accept but must not be accepted. It only needs to be right on
// valid JSON: on anything else it stops, and the parser says what is wrong.
std::optional<json_text_result> scan(std::string_view t) {
    struct open_container {
        bool object;
        std::set<std::string> keys;
    };
    std::vector<open_container> open;
    bool expect_key = false;
    for (size_t i = 0; i < t.size(); ++i) {
        const char c = t[i];
        if (c == '"') {
            const size_t end = string_end(t, i);
            if (end == std::string_view::npos) return std::nullopt;
            if (expect_key && !open.empty() && open.back().object) {
                std::string_view spelled = t.substr(i, end - i);
                std::string key;
                if (spelled.find('\\') == std::string_view::npos) {
                    key = std::string(spelled.substr(1, spelled.size() - 2));
                } else {
                    auto parsed = nlohmann::json::parse(spelled, nullptr, false);
                    if (!parsed.is_string()) return std::nullopt;
                    key = parsed.get<std::string>();
                }
                if (!open.back().keys.insert(key).second) {
                    json_text_result bad;
                    bad.offset = static_cast<uint32_t>(i);
                    bad.message = "duplicate key " + std::string(spelled) + " in the same object (only one of them would be used)";
                    return bad;
                }
                expect_key = false;
            }
            i = end - 1;
        } else if (c == '{' || c == '[') {
            if (open.size() >= max_yaml_depth) {
                json_text_result bad;
                bad.offset = static_cast<uint32_t>(i);
                bad.message = "JSON nested too deeply (more than " + std::to_string(max_yaml_depth) + " levels)";
                return bad;
            }
            open.push_back({c == '{', {}});
            expect_key = c == '{';
        } else if (c == '}' || c == ']') {
            if (open.empty()) return std::nullopt;
            open.pop_back();
        } else if (c == ',') {
            expect_key = !open.empty() && open.back().object;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            size_t end = i;
            while (end < t.size() && number_char(t[end])) ++end;
            if (read_number(t.substr(i, end - i)).what == number_text::kind::out_of_range) {
                json_text_result bad;
                bad.offset = static_cast<uint32_t>(i);
                bad.message = "number out of range (beyond a 64-bit float)";
                return bad;
            }
            i = end - 1;
        }
    }
    return std::nullopt;
}

}  // namespace

json_text_result read_json_text(std::string_view text) {
    if (auto problem = scan(text)) return std::move(*problem);
    json_text_result out;
    try {
        out.value = nlohmann::ordered_json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        out.offset = static_cast<uint32_t>(e.byte > 0 ? std::min(e.byte - 1, text.size()) : 0);
        out.message = e.what();
        out.syntax_error = true;
    } catch (const nlohmann::json::exception& e) {
        out.message = e.what();
    }
    return out;
}

}  // namespace vigil::dsl

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

// Builds the value as nlohmann's own DOM parser does, but appends each member instead of inserting
// it by key: ordered_json looks a key up by a linear search, which made a Log of 50,000 keys take
// seconds (quadratic). The scan has already refused duplicate keys, so appending is exact.
class appending_builder : public nlohmann::json_sax<nlohmann::ordered_json> {
public:
    explicit appending_builder(nlohmann::ordered_json& root) : root_(root) {}

    bool null() override { return put(nullptr); }
    bool boolean(bool v) override { return put(v); }
    bool number_integer(number_integer_t v) override { return put(v); }
    bool number_unsigned(number_unsigned_t v) override { return put(v); }
    bool number_float(number_float_t v, const string_t&) override { return put(v); }
    bool string(string_t& v) override { return put(std::move(v)); }
    bool binary(binary_t& v) override { return put(nlohmann::ordered_json::binary(std::move(v))); }
    bool start_object(std::size_t) override { return open(nlohmann::ordered_json::object()); }
    bool key(string_t& k) override {
        key_ = std::move(k);
        return true;
    }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(nlohmann::ordered_json::array()); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t byte, const std::string&, const nlohmann::detail::exception& e) override {
        error_byte = byte;
        error = e.what();
        return false;  // stops the parse
    }

    std::size_t error_byte = 0;  // 1-based, as nlohmann counts: the byte the parser stopped at
    std::string error;

private:
    using members = nlohmann::ordered_json::object_t::Container;

    // Where the next value goes: the root, the end of the open array, or a new member.
    nlohmann::ordered_json* slot() {
        if (open_.empty()) return &root_;
        auto& top = *open_.back();
        if (top.is_array()) {
            top.get_ref<nlohmann::ordered_json::array_t&>().emplace_back();
            return &top.back();
        }
        auto& m = static_cast<members&>(top.get_ref<nlohmann::ordered_json::object_t&>());
        m.emplace_back(std::move(key_), nullptr);
        return &m.back().second;
    }
    bool put(nlohmann::ordered_json v) {
        *slot() = std::move(v);
        return true;
    }
    bool open(nlohmann::ordered_json v) {
        auto* at = slot();
        *at = std::move(v);
        open_.push_back(at);
        return true;
    }
    bool close() {
        open_.pop_back();
        return true;
    }

    nlohmann::ordered_json& root_;
    std::vector<nlohmann::ordered_json*> open_;  // stays valid: a container's slot is never moved while open
    std::string key_;
};

}  // namespace

json_text_result read_json_text(std::string_view text) {
    if (auto problem = scan(text)) return std::move(*problem);
    json_text_result out;
    try {
        nlohmann::ordered_json value;
        appending_builder builder(value);
        if (nlohmann::ordered_json::sax_parse(text, &builder)) {
            out.value = std::move(value);
        } else {
            out.offset = static_cast<uint32_t>(builder.error_byte > 0 ? std::min(builder.error_byte - 1, text.size()) : 0);
            out.message = builder.error;
            out.syntax_error = true;
        }
    } catch (const nlohmann::json::exception& e) {
        out.message = e.what();
    }
    return out;
}

}  // namespace vigil::dsl

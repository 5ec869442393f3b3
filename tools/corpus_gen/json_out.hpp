// Append-only JSON text builder over a reused std::string: the generator's only way to emit text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace vigil::corpus {

class json_out {
public:
    explicit json_out(std::string& buffer) noexcept : buf_(buffer) {}

    json_out& raw(std::string_view text) {
        buf_.append(text);
        return *this;
    }

    json_out& ch(char c) {
        buf_.push_back(c);
        return *this;
    }

    // A quoted JSON string; escapes what JSON requires (quotes, backslashes, control characters).
    json_out& str(std::string_view text) {
        buf_.push_back('"');
        escaped(text);
        buf_.push_back('"');
        return *this;
    }

    // The body of a JSON string without the quotes; used to embed one JSON document inside another.
    json_out& escaped(std::string_view text) {
        std::size_t start = 0;
        for (std::size_t i = 0; i < text.size(); ++i) {
            const auto c = static_cast<unsigned char>(text[i]);
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            buf_.append(text.data() + start, i - start);
            start = i + 1;
            switch (c) {
                case '"': buf_.append("\\\""); break;
                case '\\': buf_.append("\\\\"); break;
                case '\n': buf_.append("\\n"); break;
                case '\r': buf_.append("\\r"); break;
                case '\t': buf_.append("\\t"); break;
                default: {
                    static constexpr char hex[] = "0123456789abcdef";
                    const char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
                    buf_.append(esc, 6);
                }
            }
        }
        buf_.append(text.data() + start, text.size() - start);
        return *this;
    }

    json_out& u64(std::uint64_t value) {
        char digits[20];
        int n = 0;
        do {
            digits[n++] = static_cast<char>('0' + value % 10);
            value /= 10;
        } while (value != 0);
        while (n > 0) buf_.push_back(digits[--n]);
        return *this;
    }

    std::string& buffer() noexcept { return buf_; }

private:
    std::string& buf_;
};

}  // namespace vigil::corpus

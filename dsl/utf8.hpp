// UTF-8: encoding one code point (for \u escapes) and finding where text stops being valid UTF-8.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace vigil::dsl {

inline void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Offset of the first byte that is not part of valid UTF-8 (overlong forms, surrogates and code
// points past U+10FFFF included) or is a NUL; s.size() when there is none. Rule files are text that
// ends up in JSON alerts and reports, where such a byte would throw at output time.
inline size_t first_bad_text_byte(std::string_view s) {
    size_t i = 0;
    const size_t n = s.size();
    auto cont = [&](size_t at) { return at < n && (static_cast<unsigned char>(s[at]) & 0xC0) == 0x80; };
    while (i < n) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == 0) return i;
        if (c < 0x80) {
            ++i;
            continue;
        }
        size_t len = 0;
        uint32_t cp = 0;
        if (c >= 0xC2 && c <= 0xDF) len = 2, cp = c & 0x1F;
        else if (c >= 0xE0 && c <= 0xEF) len = 3, cp = c & 0x0F;
        else if (c >= 0xF0 && c <= 0xF4) len = 4, cp = c & 0x07;
        else return i;
        for (size_t k = 1; k < len; ++k) {
            if (!cont(i + k)) return i;
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        }
        if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return i;
        i += len;
    }
    return n;
}

// `s` with every byte that first_bad_text_byte() would stop at replaced by '?': diagnostics quote
// the offending text, and one bad byte must not make their own output invalid. Byte for byte, so a
// caret under the line still lines up.
inline std::string printable_text(std::string_view s) {
    std::string out(s);
    for (size_t i = first_bad_text_byte(out); i < out.size(); i += 1 + first_bad_text_byte(std::string_view(out).substr(i + 1)))
        out[i] = '?';
    return out;
}

}  // namespace vigil::dsl

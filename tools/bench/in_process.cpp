// In-process variants share one line reader so they differ only in what they do per line.
#include "in_process.hpp"

#include "reference_csr.hpp"

#include <simdjson.h>

#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

namespace vigil::bench {

namespace {

// Calls f(line, line_number) for every line; the line is followed by SIMDJSON_PADDING readable bytes.
template <typename F>
bool for_each_line(const std::string& path, F&& f) {
    int fd = open(path.c_str(), O_RDONLY);
    if (fd < 0) return false;
    const size_t chunk = 1 << 20;
    std::vector<char> buf(chunk * 2 + simdjson::SIMDJSON_PADDING);
    size_t begin = 0, end = 0;
    uint64_t number = 0;
    for (;;) {
        if (end - begin > chunk) buf.resize(buf.size() * 2);  // a very long line
        std::memmove(buf.data(), buf.data() + begin, end - begin);
        end -= begin;
        begin = 0;
        ssize_t n = read(fd, buf.data() + end, buf.size() - simdjson::SIMDJSON_PADDING - end);
        if (n <= 0) break;
        end += static_cast<size_t>(n);
        for (;;) {
            void* nl = std::memchr(buf.data() + begin, '\n', end - begin);
            if (!nl) break;
            size_t p = static_cast<size_t>(static_cast<char*>(nl) - buf.data());
            f(std::string_view(buf.data() + begin, p - begin), ++number);
            begin = p + 1;
        }
    }
    if (end > begin) f(std::string_view(buf.data() + begin, end - begin), ++number);
    close(fd);
    return true;
}

}  // namespace

int run_in_process(const std::string& variant, const std::string& path) {
    uint64_t events = 0, matches = 0, hash = 1469598103934665603ULL;
    auto record = [&](uint64_t line) {
        ++matches;
        hash = (hash ^ line) * 1099511628211ULL;
    };
    bool ok = false;
    if (variant == "dom") {
        simdjson::dom::parser parser;
        ok = for_each_line(path, [&](std::string_view line, uint64_t) {
            ++events;
            auto doc = parser.parse(line.data(), line.size(), false);
            if (doc.error()) ++matches;  // counts invalid lines, to keep the parse from being optimised away
        });
    } else if (variant == "reference") {
        reference::reference_csr ref;
        ok = for_each_line(path, [&](std::string_view line, uint64_t n) {
            ++events;
            if (ref.matches_padded(line)) record(n);
        });
    }
    if (!ok) return 1;
    std::printf("%llu %llu %llu\n", static_cast<unsigned long long>(events), static_cast<unsigned long long>(matches),
                static_cast<unsigned long long>(hash));
    return 0;
}

}  // namespace vigil::bench

// Buffered, interruptible line reading over read(2), with zlib inflate when the input is gzip.
#include "line_source.hpp"

#include "signals.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

namespace vigil::tools {

namespace {
constexpr size_t chunk = 1 << 20;
}

line_source::line_source(std::string path, size_t max_line_bytes) : path_(std::move(path)), max_line_(max_line_bytes) {}

line_source::~line_source() {
    if (zs_ready_) inflateEnd(&zs_);
    if (owns_fd_ && fd_ >= 0) ::close(fd_);
}

bool line_source::open(std::string& error) {
    if (path_ == "-") {
        fd_ = 0;
    } else {
        fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd_ < 0) {
            error = std::strerror(errno);
            return false;
        }
        owns_fd_ = true;
        struct stat st {};
        if (fstat(fd_, &st) == 0 && S_ISREG(st.st_mode)) total_bytes_ = static_cast<uint64_t>(st.st_size);
        if (fstat(fd_, &st) == 0 && S_ISDIR(st.st_mode)) {
            error = "is a directory";
            return false;
        }
    }
    // A pipe holds 64 KiB by default: the writer (cat, a shipper) then stops every 64 KiB until this
    // process has read it, and both wait on each other. A larger pipe lets it run ahead while lines
    // are judged (Linux: up to /proc/sys/fs/pipe-max-size, 1 MiB by default; a refusal is harmless).
    struct stat in {};
    if (fstat(fd_, &in) == 0 && S_ISFIFO(in.st_mode)) (void)fcntl(fd_, F_SETPIPE_SZ, 1 << 20);
    buf_.resize(chunk + padding);
    return true;
}

line_source::fill_result line_source::read_raw(char* dst, size_t cap, size_t& got) {
    // Wait for input or a signal. A signal that lands just before read(2) would not interrupt it
    // (the process would sleep until the next input line), so the handlers also write to a pipe
    // that is polled here together with the input.
    if (int wake = signal_wake_fd(); wake >= 0) {
        struct pollfd p[2] = {{fd_, POLLIN, 0}, {wake, POLLIN, 0}};
        int r = ::poll(p, 2, -1);
        if ((r < 0 && errno == EINTR) || (r > 0 && (p[1].revents & POLLIN))) {
            drain_signal_wake_fd();
            return fill_result::interrupted;
        }
    }
    ssize_t n = ::read(fd_, dst, cap);
    if (n < 0) {
        if (errno == EINTR) return fill_result::interrupted;
        error_ = std::strerror(errno);
        return fill_result::error;
    }
    got = static_cast<size_t>(n);
    raw_bytes_ += got;
    return n == 0 ? fill_result::end : fill_result::data;
}

line_source::fill_result line_source::fill() {
    if (failed_) return fill_result::error;
    const size_t cap = buf_.size() - padding;
    if (!sniffed_) {
        // Read a first block raw and decide by the gzip magic bytes 1f 8b.
        raw_.resize(chunk);
        size_t got = 0;
        auto r = read_raw(raw_.data(), raw_.size(), got);
        if (r != fill_result::data) return r;
        sniffed_ = true;
        gzip_ = got >= 2 && static_cast<unsigned char>(raw_[0]) == 0x1f && static_cast<unsigned char>(raw_[1]) == 0x8b;
        if (!gzip_) {
            std::memcpy(buf_.data() + end_, raw_.data(), got);  // end_ is 0 here and got <= cap
            end_ += got;
            raw_.clear();
            raw_.shrink_to_fit();
            return fill_result::data;
        }
        raw_pos_ = 0;
        raw_len_ = got;
        if (inflateInit2(&zs_, 16 + MAX_WBITS) != Z_OK) {
            error_ = "cannot initialise gzip decoder";
            return fill_result::error;
        }
        zs_ready_ = true;
    }
    if (!gzip_) {
        size_t got = 0;
        auto r = read_raw(buf_.data() + end_, cap - end_, got);
        if (r == fill_result::data) end_ += got;
        return r;
    }
    for (;;) {
        if (raw_pos_ == raw_len_) {
            size_t got = 0;
            auto r = read_raw(raw_.data(), raw_.size(), got);
            if (r == fill_result::end && in_member_) {
                error_ = "truncated gzip data (the input ended inside a compressed member)";
                return fill_result::error;
            }
            if (r != fill_result::data) return r;
            raw_pos_ = 0;
            raw_len_ = got;
        }
        zs_.next_in = reinterpret_cast<Bytef*>(raw_.data() + raw_pos_);
        zs_.avail_in = static_cast<uInt>(raw_len_ - raw_pos_);
        zs_.next_out = reinterpret_cast<Bytef*>(buf_.data() + end_);
        zs_.avail_out = static_cast<uInt>(cap - end_);
        in_member_ = true;
        int s = inflate(&zs_, Z_NO_FLUSH);
        size_t produced = (cap - end_) - zs_.avail_out;
        raw_pos_ = raw_len_ - zs_.avail_in;
        end_ += produced;
        if (s == Z_STREAM_END) {
            inflateReset(&zs_);  // concatenated gzip members continue
            in_member_ = false;
        } else if (s != Z_OK && s != Z_BUF_ERROR) {
            error_ = std::string("corrupt gzip data: ") + (zs_.msg ? zs_.msg : "inflate failed");
            // What was decoded before the error is returned first (its complete lines are judged,
            // with one thread as with many); the next fill reports the error.
            failed_ = true;
            if (produced > 0) return fill_result::data;
            return fill_result::error;
        }
        if (produced > 0) return fill_result::data;
    }
}

void line_source::make_room() {
    if (begin_ > 0) {
        std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
    }
    if (end_ + padding >= buf_.size() - padding) {
        // Grow for a long line, but never past the limit plus one chunk.
        size_t want = std::min(buf_.size() * 2, max_line_ + chunk + 2 * padding);
        if (want > buf_.size()) buf_.resize(want);
    }
}

line_source::status line_source::next_block(std::string& block, size_t target) {
    block.clear();
    if (interrupt_pending_) {
        interrupt_pending_ = false;
        return status::interrupted;
    }
    for (;;) {
        const char* base = buf_.data();
        size_t avail = end_ - begin_;
        if (skipping_) {
            const void* nl = avail ? std::memchr(base + begin_, '\n', avail) : nullptr;
            if (nl) {
                begin_ = static_cast<size_t>(static_cast<const char*>(nl) - base) + 1;
                skipping_ = false;
                return status::too_long;
            }
            begin_ = end_ = 0;
            if (eof_) {
                skipping_ = false;
                return status::too_long;
            }
        } else if (avail >= target || eof_ || (avail > 0 && input_idle())) {
            const void* nl = avail ? memrchr(base + begin_, '\n', avail) : nullptr;
            if (nl) {
                size_t n = static_cast<size_t>(static_cast<const char*>(nl) - (base + begin_)) + 1;
                block.assign(base + begin_, n);
                begin_ += n;
                return status::line;
            }
            if (eof_) {
                if (avail == 0) return status::end;
                block.assign(base + begin_, avail);
                block += '\n';
                begin_ = end_;
                return status::line;
            }
        }
        if (!skipping_ && end_ - begin_ > max_line_ && !std::memchr(base + begin_, '\n', end_ - begin_)) {
            skipping_ = true;  // one line longer than the limit: drop its bytes as they arrive
            continue;
        }
        if (eof_) continue;
        make_room();
        switch (auto r = fill()) {
            case fill_result::data: break;
            case fill_result::end: eof_ = true; break;
            case fill_result::interrupted:
            case fill_result::error: {
                // Hand over what is complete before reacting to the signal or reporting the error (a
                // truncated gzip file's intact lines are judged, as with --threads 1); the next call
                // reads again and meets the error again.
                const char* b = buf_.data() + begin_;
                const void* nl = end_ > begin_ ? memrchr(b, '\n', end_ - begin_) : nullptr;
                if (nl) {
                    size_t n = static_cast<size_t>(static_cast<const char*>(nl) - b) + 1;
                    block.assign(b, n);
                    begin_ += n;
                    // The wake-up byte is drained: without this, the signal would wait for the
                    // next input (a SIGHUP on a quiet stream, never).
                    interrupt_pending_ = r == fill_result::interrupted;
                    return status::line;
                }
                return r == fill_result::error ? status::error : status::interrupted;
            }
        }
    }
}

bool line_source::plain_file(int& fd, uint64_t& size) {
    if (fd_ < 0 || sniffed_ || total_bytes_ == 0) return false;
    unsigned char magic[2] = {0, 0};
    if (::pread(fd_, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b) return false;
    fd = fd_;
    size = total_bytes_;
    return true;
}

bool line_source::input_idle() const {
    if (eof_ || fd_ < 0) return false;
    if (gzip_ && raw_pos_ < raw_len_) return false;
    struct pollfd p {fd_, POLLIN, 0};
    return ::poll(&p, 1, 0) == 0;
}

bool line_source::would_block() const {
    if (begin_ < end_ && std::memchr(buf_.data() + begin_, '\n', end_ - begin_)) return false;
    return input_idle();
}

line_source::status line_source::next(std::string_view& line) {
    for (;;) {
        char* base = buf_.data();
        void* nl = begin_ < end_ ? std::memchr(base + begin_, '\n', end_ - begin_) : nullptr;
        if (nl) {
            size_t p = static_cast<size_t>(static_cast<char*>(nl) - base);
            ++line_number_;
            size_t b = begin_;
            begin_ = p + 1;
            if (skipping_) {
                skipping_ = false;
                return status::too_long;
            }
            size_t e = p;
            if (e > b && base[e - 1] == '\r') --e;
            if (e - b > max_line_) return status::too_long;
            line = std::string_view(base + b, e - b);
            return status::line;
        }
        // No newline in the unread region.
        if (skipping_ || end_ - begin_ > max_line_) {
            skipping_ = true;
            begin_ = end_ = 0;  // drop the over-long line's bytes as they arrive
        }
        if (eof_) {
            if (skipping_) {
                skipping_ = false;
                ++line_number_;
                return status::too_long;
            }
            if (begin_ < end_) {
                ++line_number_;
                size_t b = begin_, e = end_;
                begin_ = end_;
                if (e > b && base[e - 1] == '\r') --e;
                line = std::string_view(base + b, e - b);
                return status::line;
            }
            return status::end;
        }
        make_room();
        switch (fill()) {
            case fill_result::data: break;
            case fill_result::end: eof_ = true; break;
            case fill_result::interrupted: return status::interrupted;
            case fill_result::error: return status::error;
        }
    }
}

}  // namespace vigil::tools

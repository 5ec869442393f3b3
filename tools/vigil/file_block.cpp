// mmap(2) of the input and line-aligned ranges of it: a line belongs to the range its first byte is in.
#include "file_block.hpp"

#include <csignal>
#include <cstring>
#include <string.h>  // memrchr (GNU)
#include <sys/mman.h>
#include <unistd.h>

namespace vigil::tools {

namespace {

volatile std::sig_atomic_t shrank = 0;

// A mapped file that shrinks under us raises SIGBUS on the vanished pages. The page is replaced by
// a page of zeros and the read goes on; the run then sees input_shrank(), drops what it judged from
// bytes past the file's new end, flushes the alerts judged before them and stops with an error.
// (Exiting from here lost every alert still buffered.) Only a fault on no page of ours is fatal.
// The mapping being read (one at a time), so that one fault replaces all of its vanished tail.
char* volatile mapped_base = nullptr;
volatile uint64_t mapped_size = 0;

void on_sigbus(int, siginfo_t* info, void*) {
    const auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
    const auto fault = reinterpret_cast<uintptr_t>(info->si_addr) / page * page;
    const auto base = reinterpret_cast<uintptr_t>(mapped_base);
    size_t length = page;
    if (fault >= base && fault < base + mapped_size) length = base + mapped_size - fault;
    if (::mmap(reinterpret_cast<void*>(fault), length, PROT_READ, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED) {
        static const char msg[] = "vigil: an input file shrank while it was being read (SIGBUS); stopping\n";
        ssize_t ignored = ::write(2, msg, sizeof msg - 1);
        (void)ignored;
        _exit(2);
    }
    shrank = 1;
}

uint64_t page_size() {
    static const uint64_t p = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
    return p;
}

}  // namespace

mapped_file::~mapped_file() {
    if (!data_) return;
    if (mapped_base == data_) {
        mapped_base = nullptr;
        mapped_size = 0;
    }
    munmap(data_, size_);
}

bool mapped_file::open(int fd, uint64_t size, std::string& error) {
    void* p = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
        error = std::strerror(errno);
        return false;
    }
    data_ = static_cast<char*>(p);
    size_ = size;
    mapped_base = data_;
    mapped_size = size_;
    madvise(data_, size_, MADV_SEQUENTIAL);
    struct sigaction sa {};
    sa.sa_sigaction = on_sigbus;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGBUS, &sa, nullptr);
    return true;
}

bool mapped_file::input_shrank() { return shrank != 0; }

void mapped_file::release(uint64_t begin, uint64_t end) const {
    const uint64_t page = page_size();
    uint64_t b = begin / page * page, e = end / page * page;  // whole pages only: neighbours still read the rest
    if (e > b) madvise(data_ + b, e - b, MADV_DONTNEED);
}

void slice_file_block(const mapped_file& f, uint64_t begin, uint64_t end, size_t max_line, size_t padding, file_block& out) {
    out.text = {};
    out.start = begin;
    out.too_long_tail = false;
    const char* d = f.data();
    const uint64_t size = f.size();
    // A line starts at `begin` only if the byte before it is a newline.
    uint64_t start = 0;
    if (begin > 0) {
        const void* nl = std::memchr(d + begin - 1, '\n', end - begin + 1);
        if (!nl) return;  // no line starts in the range: a longer one runs through it
        start = static_cast<uint64_t>(static_cast<const char*>(nl) - d) + 1;
        if (start >= end) return;
    }
    out.start = start;
    // The last line starting in the range ends at the first newline from end - 1 on.
    const void* last_nl = memrchr(d + start, '\n', end - 1 - start);
    const uint64_t last_start = last_nl ? static_cast<uint64_t>(static_cast<const char*>(last_nl) - d) + 1 : start;
    const void* nl = std::memchr(d + end - 1, '\n', size - (end - 1));
    uint64_t stop = nl ? static_cast<uint64_t>(static_cast<const char*>(nl) - d) + 1 : size;
    if (stop - last_start > max_line + 1 && stop > end) {
        stop = last_start;  // too long, and it runs past the range: skip it without copying
        out.too_long_tail = true;
    }
    if (stop + padding <= size) {
        out.text = std::string_view(d + start, stop - start);
        return;
    }
    out.copy.assign(d + start, stop - start);
    out.copy.append(padding, '\0');
    out.text = std::string_view(out.copy.data(), stop - start);
}

}  // namespace vigil::tools

// Async-signal-safe handlers: they only set flags and write a wake-up byte to a pipe.
#include "signals.hpp"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace vigil::tools {

namespace {
signal_flags flags;
int wake_pipe[2] = {-1, -1};
void wake() {
    int saved = errno;
    if (wake_pipe[1] >= 0) {
        ssize_t n = ::write(wake_pipe[1], "s", 1);  // a full pipe is fine: the reader is awake already
        (void)n;
    }
    errno = saved;
}
void on_stop(int sig) {
    flags.stop = sig;
    wake();
}
void on_reload(int) {
    flags.reload = 1;
    wake();
}
}  // namespace

signal_flags& install_signal_handlers() {
    if (wake_pipe[0] < 0 && ::pipe2(wake_pipe, O_NONBLOCK | O_CLOEXEC) != 0) wake_pipe[0] = wake_pipe[1] = -1;
    struct sigaction sa {};
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    sa.sa_handler = on_stop;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    sa.sa_handler = on_reload;
    sigaction(SIGHUP, &sa, nullptr);
    // A closed output pipe (`vigil run | head -1`) is then a write error (EPIPE) that the run
    // reports, with its stats and summary, instead of a silent death by SIGPIPE.
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, nullptr);
    return flags;
}

int signal_wake_fd() { return wake_pipe[0]; }

void drain_signal_wake_fd() {
    char buf[64];
    if (wake_pipe[0] >= 0)
        while (::read(wake_pipe[0], buf, sizeof buf) > 0) {}
}

}  // namespace vigil::tools

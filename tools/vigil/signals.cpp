// Async-signal-safe handlers: they only set flags.
#include "signals.hpp"

namespace vigil::tools {

namespace {
signal_flags flags;
void on_stop(int sig) { flags.stop = sig; }
void on_reload(int) { flags.reload = 1; }
}  // namespace

signal_flags& install_signal_handlers() {
    struct sigaction sa {};
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    sa.sa_handler = on_stop;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    sa.sa_handler = on_reload;
    sigaction(SIGHUP, &sa, nullptr);
    return flags;
}

}  // namespace vigil::tools

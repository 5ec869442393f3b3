// SIGINT/SIGTERM (stop after flushing) and SIGHUP (reload rules) as flags the run loop polls;
// SIGPIPE is ignored, so that a closed output is a write error the run reports.
#pragma once

#include <csignal>

namespace vigil::tools {

struct signal_flags {
    volatile std::sig_atomic_t stop = 0;    // the signal number that asked to stop, or 0
    volatile std::sig_atomic_t reload = 0;
};

// Installs the handlers without SA_RESTART, so a blocking read returns EINTR and the loop reacts
// at once instead of waiting for the next input line.
signal_flags& install_signal_handlers();

// The read end of a pipe the handlers write a byte to (-1 before installation): input readers poll it
// with their input, so a signal that arrives just before a blocking read still ends the wait.
int signal_wake_fd();
void drain_signal_wake_fd();

}  // namespace vigil::tools

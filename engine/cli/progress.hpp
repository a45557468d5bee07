// Long work on the command line: progress on standard error and a clean stop
// on SIGINT or SIGTERM (README "Progress and stopping").
#pragma once

#include "breachrank/options.hpp"

namespace breachrank::cli {

/// Installs the SIGINT and SIGTERM handlers: the first signal asks the work
/// to stop at its next check (the library then throws Cancelled); a second
/// one ends the process at once, as a second Ctrl-C does in most tools.
void install_stop_handlers();

/// The stopping signal received so far (SIGINT, SIGTERM), or 0.
int stop_signal();

/// The exit status for a stop by `signal`: 128 + its number (130, 143).
int stop_status(int signal);

/// How progress is shown: on a terminal a bar redrawn in place, at most four
/// times a second, cleared when each phase ends; with `lines` (--progress),
/// one line per phase as it ends, also when standard error is not a terminal
/// (logs); nothing with `quiet` (--quiet) or when standard error is not a
/// terminal and `lines` is off. Whatever it shows, the callback answers
/// "cancel" once a stopping signal has arrived.
ProgressCallback progress_callback(bool lines, bool quiet);

/// Clears a progress bar left on the terminal (before an error message).
void clear_progress();

/// The temporary output file being written (null: none): a second stopping
/// signal, which ends the process at once, removes it first.
void set_pending_temporary(const char* path);

}  // namespace breachrank::cli

// SPDX-License-Identifier: GPL-3.0-or-later
// portico-cli subcommands: calibrate, bench search.
#include "Commands.h"

namespace portico::cli {

void addMatchCommands(CLI::App& /*app*/, Context& /*ctx*/) {
    // Subcommands are registered here as the area lands.
}

} // namespace portico::cli

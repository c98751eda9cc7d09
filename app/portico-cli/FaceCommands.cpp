// SPDX-License-Identifier: GPL-3.0-or-later
// portico-cli subcommands: eval, bench pipeline.
#include "Commands.h"

namespace portico::cli {

void addFaceCommands(CLI::App& /*app*/, Context& /*ctx*/) {
    // Subcommands are registered here as the area lands.
}

} // namespace portico::cli

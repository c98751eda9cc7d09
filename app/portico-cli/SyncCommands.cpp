// SPDX-License-Identifier: GPL-3.0-or-later
// portico-cli subcommands: outbox report, manifest sync.
#include "Commands.h"

namespace portico::cli {

void addSyncCommands(CLI::App& /*app*/, Context& /*ctx*/) {
    // Subcommands are registered here as the area lands.
}

} // namespace portico::cli

// SPDX-License-Identifier: GPL-3.0-or-later
// portico-cli subcommands: db, audit, purge, keys.
#include "Commands.h"

namespace portico::cli {

void addStoreCommands(CLI::App& /*app*/, Context& /*ctx*/) {
    // Subcommands are registered here as the area lands.
}

} // namespace portico::cli

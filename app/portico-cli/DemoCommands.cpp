// SPDX-License-Identifier: GPL-3.0-or-later
// portico-cli subcommands: demo prepare.
#include "Commands.h"
#include "demo/DemoKit.h"

#include <iostream>

namespace portico::cli {

void addDemoCommands(CLI::App& app, Context& ctx) {
    auto* demo = app.add_subcommand("demo", "The built-in demo's data");
    demo->require_subcommand(1);
    auto* prepare = demo->add_subcommand("prepare", "Make the demo travelers and replay video from face-api samples");
    auto out = std::make_shared<std::string>();
    prepare->add_option("--out", *out, "Directory for the kit")->required();
    prepare->callback([&ctx, out] {
        auto kit = demo::prepareDemoKit(face::ModelStore::pinned(), *out);
        if (!kit) {
            std::cerr << "demo prepare: " << kit.error().toString() << "\n";
            ctx.exitCode = 1;
            return;
        }
        std::cout << "identities " << kit->identities.size() << "\nwalkers " << kit->walkers.size() << "\nphotos "
                  << kit->photosDir.string() << "\nvideo " << kit->video.string() << "\n";
    });
}

} // namespace portico::cli

// SPDX-License-Identifier: GPL-3.0-or-later
#include "Commands.h"
#include "face/ModelStore.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace portico::cli {

void addModelsCommands(CLI::App& app, Context& ctx) {
    auto* models = app.add_subcommand("models", "Face model files: list and verify");
    models->require_subcommand(1);
    auto* verify = models->add_subcommand("verify", "Check every pinned model file's sha256; exit 1 if any fails");
    auto dir = std::make_shared<std::string>();
    auto json = std::make_shared<bool>(false);
    verify->add_option("--dir", *dir, "Model cache (default: $PORTICO_MODEL_DIR or ~/.cache/portico/models)");
    verify->add_flag("--json", *json, "Print the verdicts as JSON");
    verify->callback([&ctx, dir, json] {
        const auto store = face::ModelStore::pinned(*dir);
        const auto checks = store.checkAll();
        bool allOk = !checks.empty();
        nlohmann::json out = {{"dir", store.dir().string()}, {"files", nlohmann::json::array()}};
        if (!*json) {
            std::cout << "model cache: " << store.dir().string() << "\n";
        }
        for (const auto& c : checks) {
            const bool ok = c.state == face::ModelCheck::State::Ok;
            allOk = allOk && ok;
            if (*json) {
                out["files"].push_back({{"package", c.file.package},
                                        {"licence", c.file.licence},
                                        {"path", c.file.alias + "/" + c.file.path},
                                        {"sha256", c.file.sha256},
                                        {"verdict", face::modelStateName(c.state)}});
            } else {
                std::cout << (ok ? "ok       " : "FAILED   ") << c.file.alias << "/" << c.file.path << "  ("
                          << c.file.package << ", " << c.file.licence << ", sha256 " << c.file.sha256.substr(0, 16)
                          << "…)";
                if (!ok) {
                    std::cout << "  " << face::modelStateName(c.state);
                }
                std::cout << "\n";
            }
        }
        out["verdict"] = allOk ? "ok" : "failed";
        if (*json) {
            std::cout << out.dump(2) << "\n";
        } else {
            std::cout << (allOk ? "all model files verified\n"
                                : "model check FAILED: run scripts/fetch-models to restore the pinned files\n");
        }
        ctx.exitCode = allOk ? 0 : 1;
    });
}

} // namespace portico::cli

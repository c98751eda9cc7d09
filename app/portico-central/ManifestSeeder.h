// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "storage/CentralStore.h"

#include <chrono>
#include <filesystem>
#include <string>

namespace portico::central {

/// @brief What to seed.
struct SeedOptions {
    std::string port = "SYS";
    int count = 0;
    std::filesystem::path photosDir; ///< DIR/<identity>/<n>.jpg; entry i gets identity i (while identities last)
    std::uint64_t seed = 42;
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
    bool templates = true; ///< synthetic 128-d templates (model id "synthetic-unit-128"), not comparable to real ones
};

/// @brief Fill an empty central database with a plausible synthetic manifest: varied names and nationalities,
/// dates of birth in every age band (under 14 to over 79), citizenship categories including U.S. citizens,
/// appointment windows spread over today, statuses, lanes, some intended addresses shared by several travelers,
/// and enrolled photos from a folder-per-identity image directory. Does nothing when the port already has entries.
Result<int> seedManifest(storage::CentralStore& db, const SeedOptions& options);

/// @brief Change a seeded manifest (a new version): update `updates` entries' status, remove `removals`, add `adds`.
Status editManifest(storage::CentralStore& db, const std::string& port, int updates, int removals, int adds,
                    std::uint64_t seed);

} // namespace portico::central

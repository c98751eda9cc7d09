// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace portico::face {

/// @brief One pinned model file: which npm package it comes from and the sha256 it must have.
struct ModelFile {
    std::string alias;   ///< short package name, also the folder in the cache ("face-api")
    std::string package; ///< npm spec with exact version ("@vladmandic/face-api@1.7.15")
    std::string licence;
    std::string path; ///< path inside the package ("model/face_recognition_model.bin")
    std::string sha256;
};

/// @brief Verdict on one file in the cache.
struct ModelCheck {
    enum class State { Unknown = 0, Ok, Missing, Altered, Unreadable };
    ModelFile file;
    State state = State::Unknown;
    std::string actualSha256;
};

std::string_view modelStateName(ModelCheck::State state);

/// @brief Parse the models.lock text (see resources/models/models.lock).
Result<std::vector<ModelFile>> parseModelLock(std::string_view text);

/// @brief The list committed in resources/models/models.lock, compiled in.
const std::vector<ModelFile>& pinnedModelFiles();

/// @brief Model folder: `$PORTICO_MODEL_DIR`, else an installed copy `<prefix>/share/portico/models` (executable in
/// `<prefix>/bin`), else the `scripts/fetch-models` cache `${XDG_CACHE_HOME:-~/.cache}/portico/models`.
std::filesystem::path defaultModelDir();

/// @brief Verified access to the model files. Nothing is downloaded here: files come from scripts/fetch-models.
class ModelStore {
public:
    ModelStore(std::filesystem::path dir, std::vector<ModelFile> files);
    /// @brief The pinned list over @p dir (defaultModelDir() when empty).
    static ModelStore pinned(std::filesystem::path dir = {});

    const std::filesystem::path& dir() const { return m_dir; }
    const std::vector<ModelFile>& files() const { return m_files; }

    /// @brief Hash every listed file and say, per file, whether it is present and unaltered.
    std::vector<ModelCheck> checkAll() const;
    /// @brief Ok when every file verifies; else the first problem, naming the file and the fix.
    Status verifyAll() const;
    /// @brief Absolute path of one listed file after verifying its checksum.
    Result<std::filesystem::path> verifiedPath(std::string_view alias, std::string_view path) const;

private:
    ModelCheck check(const ModelFile& file) const;
    static Error toError(const ModelCheck& check, const std::filesystem::path& dir);

    std::filesystem::path m_dir;
    std::vector<ModelFile> m_files;
};

} // namespace portico::face

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <filesystem>

namespace portico::test {

/// @brief ../shared (PORTICO_SHARED_DIR from CMake). Fails the current test with a clear message if missing.
std::filesystem::path sharedDir();
/// @brief ../shared/faces/dev: 40 identities × 5 real photos. Fails the current test if missing.
std::filesystem::path facesDevDir();
/// @brief ../shared/faces/calib: 259 identities, 2,348 real photos (the calibration set). Fails the current test if
/// missing.
std::filesystem::path facesCalibDir();
/// @brief The verified model cache (scripts/fetch-models). Fails the current test if a pinned file is bad.
std::filesystem::path modelDir();
/// @brief The project's source tree.
std::filesystem::path sourceDir();
/// @brief Built executables.
std::filesystem::path centralExe();
std::filesystem::path cliExe();

/// @brief A fresh empty directory under the system temp dir, removed when the object dies.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

} // namespace portico::test

// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/TestPaths.h"

#include "face/ModelStore.h"

#include <catch2/catch.hpp>

#include <random>

namespace portico::test {

std::filesystem::path sharedDir() {
    const std::filesystem::path dir = PORTICO_SHARED_DIR;
    if (!std::filesystem::is_directory(dir / "faces")) {
        FAIL("test data missing: " << dir.string()
                                   << "/faces not found. Put the shared folder beside the checkout, or configure "
                                      "with -DPORTICO_SHARED_DIR=/path/to/shared");
    }
    return dir;
}

std::filesystem::path facesDevDir() {
    auto dir = sharedDir() / "faces" / "dev";
    if (!std::filesystem::is_directory(dir)) {
        FAIL("test data missing: " << dir.string());
    }
    return dir;
}

std::filesystem::path facesCalibDir() {
    auto dir = sharedDir() / "faces" / "calib";
    if (!std::filesystem::is_directory(dir)) {
        FAIL("test data missing: " << dir.string());
    }
    return dir;
}

std::filesystem::path modelDir() {
    auto store = face::ModelStore::pinned();
    if (auto ok = store.verifyAll(); !ok) {
        FAIL("model files not ready: " << ok.error().detail);
    }
    return store.dir();
}

std::filesystem::path sourceDir() {
    return PORTICO_SOURCE_DIR;
}
std::filesystem::path centralExe() {
    return PORTICO_CENTRAL_EXE;
}
std::filesystem::path cliExe() {
    return PORTICO_CLI_EXE;
}

TempDir::TempDir() {
    std::random_device rd;
    for (int attempt = 0; attempt < 100; ++attempt) {
        auto candidate = std::filesystem::temp_directory_path() / ("portico-test-" + std::to_string(rd()));
        if (std::filesystem::create_directory(candidate)) {
            m_path = candidate;
            return;
        }
    }
    FAIL("cannot create a temporary directory");
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

} // namespace portico::test

// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/ModelStore.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>

#include <fstream>

using portico::ErrorCode;
using portico::face::ModelCheck;
using portico::face::ModelFile;
using portico::face::ModelStore;

namespace {
const ModelFile& pinnedFile(const std::string& path) {
    for (const auto& f : portico::face::pinnedModelFiles()) {
        if (f.path == path) {
            return f;
        }
    }
    FAIL("not in the pinned list: " << path);
    throw; // unreachable
}

// A store over a scratch copy of one real weights file, so the test can damage it.
struct ScratchStore {
    portico::test::TempDir tmp;
    ModelFile file;
    std::filesystem::path copy;

    explicit ScratchStore(const std::string& path) : file(pinnedFile(path)) {
        const auto real = portico::test::modelDir() / file.alias / file.path;
        copy = tmp.path() / file.alias / file.path;
        std::filesystem::create_directories(copy.parent_path());
        std::filesystem::copy_file(real, copy);
    }
    ModelStore store() const { return ModelStore(tmp.path(), {file}); }
};
} // namespace

TEST_CASE("the pinned list names the face-api networks with versions, licences and checksums", "[unit][models]") {
    const auto& files = portico::face::pinnedModelFiles();
    REQUIRE(files.size() >= 8);
    for (const char* needed :
         {"model/ssd_mobilenetv1_model.bin", "model/face_landmark_68_model.bin", "model/face_recognition_model.bin",
          "model/face_recognition_model-weights_manifest.json"}) {
        const auto& f = pinnedFile(needed);
        CHECK(f.package == "@vladmandic/face-api@1.7.15");
        CHECK(f.licence == "MIT");
        CHECK(f.sha256.size() == 64);
    }
}

TEST_CASE("the fetched model cache verifies", "[unit][models]") {
    const auto store = ModelStore::pinned(portico::test::modelDir());
    for (const auto& c : store.checkAll()) {
        INFO(c.file.path);
        CHECK(c.state == ModelCheck::State::Ok);
    }
    auto p = store.verifiedPath("face-api", "model/face_recognition_model.bin");
    REQUIRE(p.ok());
    CHECK(std::filesystem::file_size(p.value()) == 6444032);
}

TEST_CASE("a truncated weights file is refused, naming the file and the fix", "[unit][models]") {
    ScratchStore s("model/face_recognition_model.bin");
    std::filesystem::resize_file(s.copy, std::filesystem::file_size(s.copy) / 2);
    auto st = s.store().verifyAll();
    REQUIRE_FALSE(st.ok());
    CHECK(st.code() == ErrorCode::ChecksumMismatch);
    CHECK_THAT(st.error().detail, Catch::Contains("face_recognition_model.bin") &&
                                      Catch::Contains("scripts/fetch-models") && Catch::Contains(s.file.sha256));
    CHECK_FALSE(s.store().verifiedPath(s.file.alias, s.file.path).ok());
}

TEST_CASE("a single altered byte in a weights file is refused", "[unit][models]") {
    ScratchStore s("model/ssd_mobilenetv1_model.bin");
    REQUIRE(s.store().verifyAll().ok());
    {
        std::fstream f(s.copy, std::ios::in | std::ios::out | std::ios::binary);
        f.seekg(1000);
        char c = 0;
        f.read(&c, 1);
        c = static_cast<char>(c ^ 0x01);
        f.seekp(1000);
        f.write(&c, 1);
    }
    const auto checks = s.store().checkAll();
    REQUIRE(checks.size() == 1);
    CHECK(checks[0].state == ModelCheck::State::Altered);
    CHECK(s.store().verifyAll().code() == ErrorCode::ChecksumMismatch);
}

TEST_CASE("a missing model file is refused as missing", "[unit][models]") {
    ScratchStore s("model/face_landmark_68_model.bin");
    std::filesystem::remove(s.copy);
    auto st = s.store().verifyAll();
    REQUIRE_FALSE(st.ok());
    CHECK(st.code() == ErrorCode::ModelMissing);
    CHECK_THAT(st.error().detail, Catch::Contains("face_landmark_68_model.bin"));
}

TEST_CASE("models.lock parsing rejects malformed and escaping entries", "[unit][models]") {
    using portico::face::parseModelLock;
    const std::string pkg = "package p @x/y@1.0.0 MIT " + std::string(64, 'a') + "\n";
    CHECK(parseModelLock(pkg + "file p a/b.bin " + std::string(64, 'b')).ok());
    CHECK_FALSE(parseModelLock(pkg + "file p a/b.bin abc").ok());
    CHECK_FALSE(parseModelLock(pkg + "file q a/b.bin " + std::string(64, 'b')).ok());
    CHECK_FALSE(parseModelLock(pkg + "file p ../../etc/passwd " + std::string(64, 'b')).ok());
    CHECK_FALSE(parseModelLock("weird line\n").ok());
}

TEST_CASE("an empty model list never verifies", "[unit][models]") {
    portico::test::TempDir tmp;
    CHECK_FALSE(ModelStore(tmp.path(), {}).verifyAll().ok());
}

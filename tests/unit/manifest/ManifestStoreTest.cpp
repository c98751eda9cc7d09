// SPDX-License-Identifier: GPL-3.0-or-later
#include "manifest/ManifestStore.h"
#include "ManifestTestData.h"
#include "manifest/ManifestParser.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

using namespace portico;

namespace {
const auto kIssued = std::chrono::system_clock::from_time_t(1795000000);

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
} // namespace

TEST_CASE("the manifest cache applies full and delta manifests and keeps personal fields sealed", "[unit][manifest]") {
    portico::test::TempDir dir;
    auto db = store::Database::open(dir.path() / "station.db");
    REQUIRE(db);
    store::Crypto crypto(store::KeyRing::generate());
    manifest::ManifestStore cache(*db, crypto);
    const std::vector<std::uint8_t> sig(64, 7);

    auto full = manifest::parseManifest(portico::test::makeManifestJson("SYS", 3, 5, kIssued).dump());
    REQUIRE(full);
    REQUIRE(cache.apply(*full, sig, "00", kIssued));
    auto info = cache.current("SYS");
    REQUIRE(info);
    REQUIRE(info->has_value());
    CHECK((*info)->version == 3);
    CHECK((*info)->entries == 5);

    auto delta = portico::test::makeManifestJson("SYS", 4, 2, kIssued, 3, 4); // APT-00004 (update), APT-00005 (new)
    delta["entries"][0]["status"] = "checked_in";
    delta["removals"] = {"APT-00000", "APT-00001"};
    auto d = manifest::parseManifest(delta.dump());
    REQUIRE(d);
    REQUIRE(cache.apply(*d, sig, "01", kIssued));
    auto entries = cache.entries("SYS");
    REQUIRE(entries);
    REQUIRE(entries->size() == 4); // 5 - 2 removed + 1 new
    CHECK(entries->front().appointmentId == "APT-00002");
    CHECK(entries->back().appointmentId == "APT-00005");
    CHECK((*entries)[2].status == "checked_in");
    CHECK((*entries)[2].givenNames == "Zelda4");
    CHECK((*entries)[2].documentNumber == "DOC4");
    REQUIRE((*entries)[2].templates.size() == 1);
    CHECK((*entries)[2].templates[0].vector == d->entries[0].templates[0].vector);
    CHECK((*cache.current("SYS"))->version == 4);

    // One entry by appointment: the same fields as the full listing; absent ones and other ports give nullopt.
    auto one = cache.entry("SYS", "APT-00004");
    REQUIRE(one);
    REQUIRE(one->has_value());
    CHECK((*one)->givenNames == "Zelda4");
    CHECK((*one)->status == "checked_in");
    REQUIRE((*one)->templates.size() == 1);
    CHECK((*one)->templates[0].vector == d->entries[0].templates[0].vector);
    auto removed = cache.entry("SYS", "APT-00000");
    REQUIRE(removed);
    CHECK_FALSE(removed->has_value());
    auto otherPort = cache.entry("XYZ", "APT-00004");
    REQUIRE(otherPort);
    CHECK_FALSE(otherPort->has_value());

    // Photos: fetched lazily, stored sealed, dropped with their appointment.
    auto missing = cache.missingPhotos("SYS");
    REQUIRE(missing);
    CHECK(missing->size() == 4);
    const std::vector<std::uint8_t> jpeg = portico::test::testPhotoBytes(4);
    REQUIRE(std::string(jpeg.begin(), jpeg.end()).find("MARKER42") != std::string::npos);
    // Only the bytes the signed entry hashes are stored: another entry's photo is refused.
    CHECK(cache.putPhoto("ph-APT-00004", portico::test::testPhotoBytes(3), kIssued).code() ==
          ErrorCode::ChecksumMismatch);
    CHECK(cache.missingPhotos("SYS")->size() == 4);
    REQUIRE(cache.putPhoto("ph-APT-00004", jpeg, kIssued));
    CHECK(cache.putPhoto("ph-nobody", jpeg, kIssued).code() == ErrorCode::NotFound);
    auto back = cache.photo("ph-APT-00004");
    REQUIRE(back);
    REQUIRE(back->has_value());
    CHECK(**back == jpeg);
    CHECK(cache.missingPhotos("SYS")->size() == 3);

    // At rest: neither names, document numbers nor the photo marker appear in the database or its WAL.
    const std::string bytes = slurp(dir.path() / "station.db") + slurp(dir.path() / "station.db-wal");
    CHECK(bytes.find("Quixotova") == std::string::npos);
    CHECK(bytes.find("Zelda4") == std::string::npos);
    CHECK(bytes.find("DOC4") == std::string::npos);
    CHECK(bytes.find("MARKER42") == std::string::npos);
    CHECK(bytes.find("APT-00004") != std::string::npos); // the scan can see plain text

    // Staleness for the UI.
    auto fresh = cache.staleness("SYS", kIssued + std::chrono::hours(3), std::chrono::hours(12));
    REQUIRE(fresh);
    CHECK(fresh->present);
    CHECK_FALSE(fresh->stale);
    CHECK(fresh->age == std::chrono::minutes(180));
    CHECK_THAT(fresh->text, Catch::Contains("3 h old"));
    auto old = cache.staleness("SYS", kIssued + std::chrono::hours(30), std::chrono::hours(12));
    REQUIRE(old);
    CHECK(old->stale);
    CHECK(old->expired);
}

TEST_CASE("a failure in the middle of applying leaves the previous manifest whole", "[unit][manifest]") {
    portico::test::TempDir dir;
    auto db = store::Database::open(dir.path() / "station.db");
    REQUIRE(db);
    store::Crypto crypto(store::KeyRing::generate());
    manifest::ManifestStore cache(*db, crypto);
    const std::vector<std::uint8_t> sig(64, 7);
    auto v1 = manifest::parseManifest(portico::test::makeManifestJson("SYS", 1, 10, kIssued).dump());
    REQUIRE(cache.apply(*v1, sig, "00", kIssued));
    const auto before = cache.entries("SYS");
    REQUIRE(before);

    // The 15th insert of the next manifest fails inside SQLite (a real constraint failure, not a mock).
    REQUIRE(db->exec("CREATE TEMP TRIGGER boom BEFORE INSERT ON manifest_entries "
                     "WHEN NEW.appointment_id = 'APT-00014' BEGIN SELECT RAISE(ABORT, 'boom'); END;"));
    auto v2 = manifest::parseManifest(portico::test::makeManifestJson("SYS", 2, 20, kIssued).dump());
    REQUIRE(v2);
    auto applied = cache.apply(*v2, sig, "01", kIssued);
    REQUIRE_FALSE(applied);
    CHECK((*cache.current("SYS"))->version == 1);
    auto after = cache.entries("SYS");
    REQUIRE(after);
    REQUIRE(after->size() == before->size());
    for (size_t i = 0; i < after->size(); ++i) {
        CHECK((*after)[i].appointmentId == (*before)[i].appointmentId);
        CHECK((*after)[i].givenNames == (*before)[i].givenNames);
    }
}

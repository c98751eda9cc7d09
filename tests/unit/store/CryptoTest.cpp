// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/Crypto.h"

#include "support/TestPaths.h"

#include <catch2/catch.hpp>

#include <random>
#include <sys/stat.h>

using namespace portico;
using namespace portico::store;

TEST_CASE("Seal and open round trip, ciphertext hides the plaintext", "[unit][store][crypto]") {
    Crypto c(KeyRing::generate(1));
    const SealContext where{"manifest_entries", "surname", "APPT-1"};
    auto sealed = c.sealText(where, "ZYXWVUTSRQ-MARKER");
    REQUIRE(sealed.ok());
    const std::string raw(sealed->begin(), sealed->end());
    CHECK(raw.find("ZYXWVUTSRQ") == std::string::npos);
    CHECK(Crypto::keyVersionOf(*sealed).valueOr(0) == 1);
    auto opened = c.openText(where, *sealed);
    REQUIRE(opened.ok());
    CHECK(*opened == "ZYXWVUTSRQ-MARKER");
    // Two seals of the same value differ (random nonce).
    auto again = c.sealText(where, "ZYXWVUTSRQ-MARKER");
    REQUIRE(again.ok());
    CHECK(*again != *sealed);
    // Empty plaintext is fine.
    auto empty = c.seal(where, {});
    REQUIRE(empty.ok());
    CHECK(c.open(where, *empty).ok());
}

TEST_CASE("A ciphertext moved to another row, column or table fails to open", "[unit][store][crypto]") {
    Crypto c(KeyRing::generate(1));
    auto a = c.sealText({"inspections", "capture_photo", "id-a"}, "photo A");
    REQUIRE(a.ok());
    CHECK(c.open({"inspections", "capture_photo", "id-b"}, *a).code() == ErrorCode::CryptoError);
    CHECK(c.open({"inspections", "capture_template", "id-a"}, *a).code() == ErrorCode::CryptoError);
    CHECK(c.open({"manifest_photos", "capture_photo", "id-a"}, *a).code() == ErrorCode::CryptoError);
    CHECK(c.open({"inspections", "capture_photo", "id-a"}, *a).ok());
}

TEST_CASE("1,000 single-bit flips are all rejected", "[unit][store][crypto]") {
    Crypto c(KeyRing::generate(3));
    const SealContext where{"manifest_photos", "jpeg", "P-77"};
    Bytes plain(600);
    std::mt19937 rng(42);
    for (auto& b : plain) {
        b = static_cast<std::uint8_t>(rng());
    }
    auto sealed = c.seal(where, plain);
    REQUIRE(sealed.ok());
    int rejected = 0;
    for (int i = 0; i < 1000; ++i) {
        Bytes copy = *sealed;
        const std::size_t bit = rng() % (copy.size() * 8);
        copy[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
        if (!c.open(where, copy).ok()) {
            ++rejected;
        }
    }
    CHECK(rejected == 1000);
    // Truncation too.
    Bytes cut(sealed->begin(), sealed->end() - 1);
    CHECK_FALSE(c.open(where, cut).ok());
}

TEST_CASE("A key ring opens old versions, a foreign key does not", "[unit][store][crypto]") {
    KeyRing ring = KeyRing::generate(1);
    Crypto v1(ring);
    const SealContext where{"t", "c", "r"};
    auto old = v1.sealText(where, "secret");
    REQUIRE(old.ok());
    ring.addNewCurrent();
    CHECK(ring.currentVersion() == 2);
    Crypto both(ring);
    CHECK(both.openText(where, *old).valueOr(std::string()) == "secret");
    auto fresh = both.sealText(where, "secret2");
    REQUIRE(fresh.ok());
    CHECK(Crypto::keyVersionOf(*fresh).valueOr(0) == 2);
    ring.dropOld();
    Crypto v2only(ring);
    CHECK_FALSE(v2only.open(where, *old).ok());
    CHECK(v2only.open(where, *fresh).ok());
    Crypto other(KeyRing::generate(2));
    CHECK_FALSE(other.open(where, *fresh).ok());
}

TEST_CASE("Key file: created 0600, reloaded, looser permissions refused", "[unit][store][crypto]") {
    test::TempDir dir;
    const auto path = dir.path() / "keys" / "master.key";
    auto ring = KeyFile::loadOrCreate(path);
    REQUIRE(ring.ok());
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    auto again = KeyFile::loadOrCreate(path);
    REQUIRE(again.ok());
    CHECK(again->current().bytes == ring->current().bytes);
    Crypto a(*ring);
    Crypto b(*again);
    auto s = a.sealText({"t", "c", "r"}, "x");
    REQUIRE(s.ok());
    CHECK(b.open({"t", "c", "r"}, *s).ok());

    ::chmod(path.c_str(), 0644);
    auto loose = KeyFile::load(path);
    REQUIRE_FALSE(loose.ok());
    CHECK(loose.code() == ErrorCode::Forbidden);
    CHECK(loose.error().detail.find("644") != std::string::npos);

    // Rotation state (two keys) survives a save/load.
    ::chmod(path.c_str(), 0600);
    KeyRing two = *ring;
    two.addNewCurrent();
    REQUIRE(KeyFile::save(path, two).ok());
    auto loaded = KeyFile::load(path);
    REQUIRE(loaded.ok());
    CHECK(loaded->keys().size() == 2);
    CHECK(loaded->currentVersion() == 2);
}

TEST_CASE("Key file must be outside the database directory", "[unit][store][crypto]") {
    CHECK_FALSE(KeyFile::checkOutside("/data/portico/master.key", "/data/portico/portico.db").ok());
    CHECK_FALSE(KeyFile::checkOutside("/data/portico/sub/master.key", "/data/portico/portico.db").ok());
    CHECK(KeyFile::checkOutside("/etc/portico/master.key", "/data/portico/portico.db").ok());
}

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "audit/AuditLog.h"
#include "store/Crypto.h"
#include "store/Database.h"
#include "store/InspectionStore.h"

#include "support/TestPaths.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

namespace portico::store::testing {

/// @brief A station store in a temp dir: db, key file outside the db directory, audit log, inspection store.
struct StoreFixture {
    test::TempDir dir;
    std::filesystem::path dbPath = dir.path() / "data" / "portico.db";
    std::filesystem::path keyPath = dir.path() / "keys" / "master.key";
    ManualClock clock{fromMs(1795445526000)};
    std::unique_ptr<Database> db;
    std::unique_ptr<Crypto> crypto;
    std::unique_ptr<audit::AuditLog> audit;
    std::unique_ptr<InspectionStore> inspections;

    StoreFixture() { reopen(); }

    void reopen() {
        inspections.reset();
        audit.reset();
        db.reset();
        auto d = Database::open(dbPath);
        REQUIRE(d.ok());
        db = std::make_unique<Database>(std::move(*d));
        auto ring = KeyFile::loadOrCreate(keyPath);
        REQUIRE(ring.ok());
        crypto = std::make_unique<Crypto>(*ring);
        audit = std::make_unique<audit::AuditLog>(*db);
        inspections = std::make_unique<InspectionStore>(*db, *crypto, *audit, clock, "station-7");
    }
};

/// @brief Bytes that look like a JPEG (SOI + APP0 "JFIF") carrying a unique marker.
inline Bytes fakeJpeg(const std::string& marker, std::size_t size = 3000) {
    Bytes b;
    b.reserve(size + marker.size());
    static const std::uint8_t kHead[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00};
    for (const std::uint8_t c : kHead) {
        b.push_back(c);
    }
    for (const char c : marker) {
        b.push_back(static_cast<std::uint8_t>(c));
    }
    while (b.size() < size - 2) {
        b.push_back(static_cast<std::uint8_t>((b.size() * 131) & 0xff));
    }
    b.push_back(0xFF);
    b.push_back(0xD9);
    return b;
}

/// @brief Occurrences of a byte pattern in one file.
inline std::size_t countInFile(const std::filesystem::path& file, const Bytes& needle) {
    std::ifstream in(file, std::ios::binary);
    const std::string hay((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string n(needle.begin(), needle.end());
    std::size_t count = 0;
    for (auto pos = hay.find(n); pos != std::string::npos; pos = hay.find(n, pos + 1)) {
        ++count;
    }
    return count;
}

/// @brief Occurrences of a byte pattern in every file under a directory (db, -wal, -shm, temp files).
inline std::size_t countInTree(const std::filesystem::path& root, const Bytes& needle) {
    std::size_t count = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
        if (e.is_regular_file()) {
            count += countInFile(e.path(), needle);
        }
    }
    return count;
}

inline Bytes bytesOf(std::string_view s) {
    return Bytes(s.begin(), s.end());
}

} // namespace portico::store::testing

// SPDX-License-Identifier: GPL-3.0-or-later
#include "ManifestSeeder.h"

#include "common/Sha256.h"
#include "manifest/Base64.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>

namespace portico::central {
namespace {

using nlohmann::json;

constexpr std::array kGiven = {"Maria",  "José",   "Wei",     "Aisha", "Jean",   "Lucía",  "Olusegun", "Priya",
                               "Mateus", "Fatima", "Daniel",  "Sofia", "Kenji",  "Amara",  "Luis",     "Chloé",
                               "Ahmed",  "Ana",    "Nikolai", "Grace", "Thiago", "Mei",    "Samuel",   "Ximena",
                               "Omar",   "Esther", "Rafael",  "Yuki",  "Joseph", "Camila", "Ibrahim",  "Elena"};
constexpr std::array kFamily = {"García",  "Pierre",   "Nguyen",  "Okafor",    "Silva",    "Smith",     "Hernández",
                                "Chen",    "Dubois",   "Khan",    "Rodríguez", "Joseph",   "Santos",    "Kowalski",
                                "Mensah",  "Tanaka",   "López",   "Cohen",     "Martínez", "Baptiste",  "Oliveira",
                                "Ivanova", "Patel",    "Johnson", "Reyes",     "Haddad",   "Fernández", "Charles",
                                "Pereira", "Williams", "Ramírez", "Ali"};
constexpr std::array kForeign = {"MEX", "CAN", "HTI", "BRA", "FRA", "ESP", "GBR", "IND", "CHN", "NGA",
                                 "PHL", "DOM", "COL", "VEN", "CUB", "DEU", "JPN", "PRT", "GHA", "LBN"};
constexpr std::array kStatus = {"booked", "confirmed", "confirmed", "checked_in",
                                "booked", "confirmed", "expired",   "cancelled"};
constexpr std::array kStreets = {"Harbor Blvd", "Ocean Dr",  "Palm Ave",   "Main St",
                                 "Bayview Rd",  "Coral Way", "Flagler St", "Biscayne Blvd"};
constexpr std::array kCities = {"Miami, FL 33130",  "Orlando, FL 32801", "Houston, TX 77002",
                                "Newark, NJ 07102", "Boston, MA 02108",  "Chicago, IL 60601"};
// A few addresses given to several travelers with distinct surnames (the trend signal must have something to find).
constexpr std::array kSharedAddresses = {"1200 Harbor Blvd Apt 4, Miami, FL 33130",
                                         "77 Industrial Park Rd, Houston, TX 77002",
                                         "15 Bayview Rd Unit 2, Newark, NJ 07102"};

std::string isoDate(int y, int m, int d) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return buf;
}

std::string isoTime(std::chrono::system_clock::time_point t) {
    const std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string docNumber(std::mt19937_64& rng) {
    static constexpr char kChars[] = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
    std::string s;
    for (int i = 0; i < 9; ++i) {
        s += kChars[rng() % (sizeof kChars - 1)];
    }
    return s;
}

std::vector<std::uint8_t> readFile(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string syntheticTemplate(std::mt19937_64& rng) {
    std::normal_distribution<float> n(0.f, 1.f);
    std::array<float, 128> v{};
    double norm = 0;
    for (auto& x : v) {
        x = n(rng);
        norm += static_cast<double>(x) * x;
    }
    const float inv = static_cast<float>(1.0 / std::sqrt(norm));
    std::vector<std::uint8_t> bytes(v.size() * 4);
    for (size_t i = 0; i < v.size(); ++i) {
        const float x = v[i] * inv;
        std::uint32_t u = 0;
        std::memcpy(&u, &x, 4);
        for (int b = 0; b < 4; ++b) {
            bytes[i * 4 + static_cast<size_t>(b)] = static_cast<std::uint8_t>(u >> (8 * b)); // little-endian
        }
    }
    return manifest::base64Encode(bytes);
}

json makeEntry(const std::string& port, int index, std::mt19937_64& rng, std::chrono::system_clock::time_point now,
               const std::vector<std::string>& photoIds, const std::vector<std::string>& photoSha256, bool templates) {
    const std::time_t tt = std::chrono::system_clock::to_time_t(now);
    std::tm today{};
    gmtime_r(&tt, &today);
    const int year = today.tm_year + 1900;
    // Age bands 0-13, 14-17, 18-29, 30-49, 50-64, 65-79, 80+ all represented.
    constexpr std::array<std::pair<int, int>, 8> kBands = {
        {{1, 13}, {14, 17}, {18, 29}, {30, 49}, {30, 49}, {50, 64}, {65, 79}, {80, 95}}};
    const auto band = kBands[static_cast<size_t>(index) % kBands.size()];
    const int age = band.first + static_cast<int>(rng() % static_cast<std::uint64_t>(band.second - band.first + 1));
    const int month = 1 + static_cast<int>(rng() % 12);
    const int day = 1 + static_cast<int>(rng() % 28);
    // Citizenship: about a quarter U.S. citizens.
    std::string citizenship;
    std::string nationality;
    switch (rng() % 8) {
    case 0:
    case 1:
        citizenship = "us_citizen";
        nationality = "USA";
        break;
    case 2:
        citizenship = "lawful_permanent_resident";
        nationality = kForeign[rng() % kForeign.size()];
        break;
    case 3:
    case 4:
    case 5:
        citizenship = "nonimmigrant_visa";
        nationality = kForeign[rng() % kForeign.size()];
        break;
    case 6:
        citizenship = "visa_waiver";
        nationality = kForeign[15 + rng() % 5];
        break;
    default:
        citizenship = "other";
        nationality = kForeign[rng() % kForeign.size()];
        break;
    }
    std::string family = kFamily[rng() % kFamily.size()];
    if (rng() % 4 == 0) {
        family += std::string(" ") + kFamily[rng() % kFamily.size()];
    }
    std::string address;
    if (index % 23 == 5) {
        address = kSharedAddresses[static_cast<size_t>(index / 23) % kSharedAddresses.size()];
        family = kFamily[static_cast<size_t>(index / 23 / 3 + static_cast<int>(rng() % 7)) % kFamily.size()];
    } else {
        address = std::to_string(1 + rng() % 9800) + " " + kStreets[rng() % kStreets.size()] + ", " +
                  kCities[rng() % kCities.size()];
    }
    // Appointment windows across today, 06:00 to 21:00 UTC, one hour long.
    std::tm midnight = today;
    midnight.tm_hour = 0;
    midnight.tm_min = 0;
    midnight.tm_sec = 0;
    const auto dayStart = std::chrono::system_clock::from_time_t(timegm(&midnight));
    const auto start = dayStart + std::chrono::minutes(360 + static_cast<int>(rng() % 60) * 15);
    char apt[96];
    std::snprintf(apt, sizeof apt, "APT-%s-%04d%02d%02d-%05d", port.c_str(), year, today.tm_mon + 1, today.tm_mday,
                  index + 1);
    char traveler[48];
    std::snprintf(traveler, sizeof traveler, "TRV-%07d", 1000000 + index * 7 + 3);
    json entry = {
        {"appointment_id", apt},
        {"traveler_id", traveler},
        {"names", {{"given", kGiven[rng() % kGiven.size()]}, {"family", family}}},
        {"date_of_birth", isoDate(year - age, month, day)},
        {"sex", rng() % 50 == 0 ? "X" : (rng() % 2 ? "F" : "M")},
        {"nationality", nationality},
        {"citizenship", citizenship},
        {"document",
         {{"type", "P"},
          {"number", docNumber(rng)},
          {"expiry", isoDate(year + 1 + static_cast<int>(rng() % 9), 1 + static_cast<int>(rng() % 12), 15)},
          {"issuing_state", nationality}}},
        {"window", {{"start", isoTime(start)}, {"end", isoTime(start + std::chrono::hours(1))}}},
        {"status", kStatus[rng() % kStatus.size()]},
        {"lane", std::to_string(1 + rng() % 6)},
        {"intended_address", address},
        {"photo_ids", photoIds},
        {"photo_sha256", photoSha256}, // the photos travel outside the signature: their hashes travel inside it
        {"templates", json::array()},
    };
    if (templates) {
        entry["templates"].push_back(
            {{"model_id", "synthetic-unit-128"}, {"dimension", 128}, {"vector", syntheticTemplate(rng)}});
    }
    return entry;
}

std::vector<std::filesystem::path> identityDirs(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> out;
    if (dir.empty() || !std::filesystem::is_directory(dir)) {
        return out;
    }
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        if (e.is_directory()) {
            out.push_back(e.path());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

Result<int> seedManifest(storage::CentralStore& db, const SeedOptions& options) {
    auto existing = db.entriesSince(options.port, 0);
    if (!existing) {
        return existing.error();
    }
    if (!existing->empty() || options.count <= 0) {
        return 0;
    }
    std::mt19937_64 rng(options.seed);
    const auto identities = identityDirs(options.photosDir);
    std::vector<storage::StoredEntry> entries;
    entries.reserve(static_cast<size_t>(options.count));
    for (int i = 0; i < options.count; ++i) {
        std::vector<std::string> photoIds;
        std::vector<std::string> photoHashes;
        if (static_cast<size_t>(i) < identities.size()) {
            // The first photo of the identity is the enrolled one; the others stay for the "live" camera.
            std::vector<std::filesystem::path> files;
            for (const auto& f : std::filesystem::directory_iterator(identities[static_cast<size_t>(i)])) {
                const auto ext = f.path().extension().string();
                if (ext == ".jpg" || ext == ".jpeg" || ext == ".JPG") {
                    files.push_back(f.path());
                }
            }
            std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) {
                return a.stem().string().size() != b.stem().string().size()
                           ? a.stem().string().size() < b.stem().string().size()
                           : a.stem().string() < b.stem().string();
            });
            if (!files.empty()) {
                char id[48];
                std::snprintf(id, sizeof id, "ph-%06d-1", i + 1);
                const auto bytes = readFile(files.front());
                if (auto s = db.putPhoto(id, bytes); !s) {
                    return s.error();
                }
                photoIds.emplace_back(id);
                photoHashes.push_back(sha256Hex(bytes));
            }
        }
        json entry = makeEntry(options.port, i, rng, options.now, photoIds, photoHashes, options.templates);
        entries.push_back({entry.at("appointment_id").get<std::string>(), entry.dump(), 0, false});
    }
    if (auto s = db.putEntries(options.port, entries, {}); !s) {
        return s.error();
    }
    return options.count;
}

Status editManifest(storage::CentralStore& db, const std::string& port, int updates, int removals, int adds,
                    std::uint64_t seed) {
    auto live = db.entriesSince(port, 0);
    if (!live) {
        return live.error();
    }
    std::mt19937_64 rng(seed);
    std::vector<storage::StoredEntry> upserts;
    std::vector<std::string> gone;
    auto& rows = live.value();
    const size_t n = rows.size();
    for (size_t i = 0; i < n && static_cast<int>(upserts.size()) < updates; ++i) {
        json e = json::parse(rows[i].json);
        e["status"] = e.at("status") == "checked_in" ? "confirmed" : "checked_in";
        upserts.push_back({rows[i].appointmentId, e.dump(), 0, false});
    }
    for (size_t i = n; i > 0 && static_cast<int>(gone.size()) < removals; --i) {
        if (static_cast<int>(i - 1) >= updates) {
            gone.push_back(rows[i - 1].appointmentId);
        }
    }
    for (int a = 0; a < adds; ++a) {
        json e = makeEntry(port, static_cast<int>(n) + 100000 + a + static_cast<int>(seed % 1000) * 1000, rng,
                           std::chrono::system_clock::now(), {}, {}, true);
        upserts.push_back({e.at("appointment_id").get<std::string>(), e.dump(), 0, false});
    }
    return db.putEntries(port, upserts, gone);
}

} // namespace portico::central

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Clock.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace portico::manifest {

/// @brief An enrolled template sent by the central service (model id + L2-normalised float vector).
struct EnrolledTemplate {
    std::string modelId;
    std::vector<float> vector;
};

/// @brief One expected traveler (one appointment) of a port's manifest.
struct ManifestEntry {
    std::string appointmentId;
    std::string travelerId;
    std::string givenNames;
    std::string surname;
    std::string dateOfBirth; ///< YYYY-MM-DD
    std::string sex;         ///< F, M or X
    std::string nationality; ///< ISO 3166-1 alpha-3
    std::string citizenship; ///< us_citizen, lawful_permanent_resident, nonimmigrant_visa, visa_waiver, other
    std::string documentType;
    std::string documentNumber;
    std::string documentExpiry; ///< YYYY-MM-DD
    std::string documentIssuingState;
    Clock::TimePoint windowStart{};
    Clock::TimePoint windowEnd{};
    std::string status; ///< booked, confirmed, checked_in, expired, cancelled
    std::string lane;
    std::string intendedAddress;
    std::vector<std::string> photoIds;
    std::vector<std::string> photoSha256; ///< lower-case hex SHA-256 of each photo's bytes, as signed (photoIds order)
    std::vector<EnrolledTemplate> templates;
};

enum class ManifestKind { Unknown = 0, Full, Delta };

/// @brief A parsed manifest document (full or delta), exactly as the protocol (docs/api.md) defines it.
struct Manifest {
    std::string port;
    ManifestKind kind = ManifestKind::Unknown;
    std::int64_t version = 0;
    std::optional<std::int64_t> baseVersion; ///< delta only: the version it applies on top of
    Clock::TimePoint issuedAt{};
    Clock::TimePoint expiresAt{};
    std::string keyId;
    std::vector<ManifestEntry> entries;
    std::vector<std::string> removals; ///< appointment ids
};

} // namespace portico::manifest

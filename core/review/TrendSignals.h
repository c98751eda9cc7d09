// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "auth/Accounts.h"
#include "common/Clock.h"
#include "common/Result.h"
#include "manifest/Manifest.h"
#include "manifest/ManifestStore.h"
#include "store/AuditSink.h"

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace portico::review {

/// @brief How the trend signal is computed.
struct TrendOptions {
    int minDistinctSurnames = 5;  ///< K: travelers with distinct surnames sharing an address
    std::chrono::days window{30}; ///< all within this span of appointment window starts
};

/// @brief One normalised address shared by ≥ K travelers with distinct surnames within the window: information
/// for a supervisor's judgement, never a flag on any traveler's record and never shown at the booth.
struct AddressTrend {
    std::string normalisedAddress;
    std::vector<std::string> appointmentIds; ///< appointments in the qualifying span(s), by window start
    int distinctSurnames = 0;                ///< largest count of distinct surnames within one window
    int travelers = 0;                       ///< distinct travelers over the listed appointments
    Clock::TimePoint firstWindowStart{};
    Clock::TimePoint lastWindowStart{};
};

/// @brief Address key: ASCII lower case; every character that is not a letter, digit or non-ASCII byte becomes a
/// space; whitespace collapsed; each word mapped through a fixed abbreviation table (st/str → street, ave/av →
/// avenue, rd → road, blvd → boulevard, dr → drive, ln → lane, ct → court, pl → place, sq → square, hwy →
/// highway, pkwy → parkway, apt → apartment, ste → suite, fl → floor, n/s/e/w/ne/nw/se/sw → compass words ...).
std::string normaliseAddress(std::string_view address);
/// @brief Surname key: ASCII lower case, non-alphanumerics dropped (so "O'Neil" = "ONEIL", "Smith-Jones" =
/// "smith jones" = "SmithJones").
std::string normaliseSurname(std::string_view surname);

/// @brief The pure rule over manifest entries (entries with an empty address are ignored). Sorted by address key.
std::vector<AddressTrend> findAddressTrends(const std::vector<manifest::ManifestEntry>& entries,
                                            const TrendOptions& options = {});

/// @brief The supervisor-only trend listing over a port's manifest. Reads the manifest, computes, returns: nothing
/// is written except the audit entry of the query (no addresses or names in it).
class TrendSignals {
public:
    TrendSignals(manifest::ManifestStore& manifests, store::AuditSink& audit, const Clock& clock)
        : m_manifests(manifests), m_audit(audit), m_clock(clock) {}

    /// @brief Trends of one port's manifest. Forbidden (and audited) unless the session is a Supervisor.
    Result<std::vector<AddressTrend>> list(const auth::Session& session, const std::string& port,
                                           const TrendOptions& options = {});

private:
    manifest::ManifestStore& m_manifests;
    store::AuditSink& m_audit;
    const Clock& m_clock;
};

} // namespace portico::review

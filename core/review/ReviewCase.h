// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Clock.h"
#include "inspection/Record.h"
#include "store/Demographics.h"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portico::review {

/// @brief Where a review case is in its life: open → claimed (by one supervisor) → resolved. A claim can be
/// released (claimed → open); a resolved case never changes again.
enum class CaseState { Unknown = 0, Open, Claimed, Resolved };

/// @brief A supervisor's finding. Never made by the matcher: a person decides, with a mandatory note.
enum class Resolution { Unknown = 0, IdentityConfirmed, NotConfirmedSecondary, Inconclusive };

/// @brief Stable names as stored: "open", "claimed", "resolved".
std::string_view caseStateName(CaseState state);
/// @brief Inverse of caseStateName (Unknown for anything else).
CaseState parseCaseState(std::string_view name);
/// @brief Stable names as stored: "identity_confirmed", "not_confirmed_secondary", "inconclusive".
std::string_view resolutionName(Resolution resolution);
/// @brief Inverse of resolutionName (Unknown for anything else).
Resolution parseResolution(std::string_view name);

/// @brief One review case as listed in the queue: references, state and timing; no personal data (the note is
/// sealed and only opened by ReviewQueue::evidence()).
struct ReviewCase {
    std::string id;           ///< UUIDv7
    std::string inspectionId; ///< the inspection record the case is about
    std::optional<std::string> appointmentId;
    std::string port;
    int lane = 0;
    inspection::Outcome outcome = inspection::Outcome::Unknown;    ///< the inspection's match outcome
    inspection::Decision decision = inspection::Decision::Unknown; ///< the officer's decision
    store::AgeBand ageBand = store::AgeBand::Unknown;
    store::Sex sex = store::Sex::Unknown;
    std::vector<inspection::ReviewReason> reasons; ///< why the case exists (booth::reviewReasonsFor)
    CaseState state = CaseState::Unknown;
    std::optional<std::string> claimedBy;
    std::optional<Clock::TimePoint> claimedAt;
    Resolution resolution = Resolution::Unknown; ///< Unknown until resolved
    std::optional<std::string> resolvedBy;
    std::optional<Clock::TimePoint> resolvedAt;
    Clock::TimePoint createdAt{};
    Clock::TimePoint updatedAt{};

    /// @brief Time in queue: from creation to resolution, or to `now` while unresolved (never negative).
    std::chrono::milliseconds timeInQueue(Clock::TimePoint now) const;
};

} // namespace portico::review

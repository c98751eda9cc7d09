// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Clock.h"
#include "common/Result.h"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portico::policy {

/// @brief Retention limits per category (station config). Validated: citizens' biometrics ≤ 12 h after decision.
struct RetentionPolicy {
    static constexpr std::chrono::hours kCitizenHardLimit{12};

    /// @brief U.S.-citizen capture photo/template: deleted this long after the decision (default: at decision).
    std::chrono::milliseconds citizenBiometricsMaxAge{0};
    /// @brief Non-citizen local copies: deleted this long after the central service acknowledged them.
    std::chrono::milliseconds nonCitizenGraceAfterAck = std::chrono::hours(24);
    /// @brief Cached manifest photos/templates: deleted this long after the appointment window ended.
    std::chrono::milliseconds manifestPhotoGraceAfterWindow{0};

    /// @brief ConfigInvalid if a limit is negative or citizens' biometrics could outlive 12 h.
    Status validate() const;
};

/// @brief Parse {"citizen_biometrics_max_age_s": N, "non_citizen_grace_after_ack_s": N,
/// "manifest_photo_grace_after_window_s": N} (every key optional; unknown keys refused) and validate.
Result<RetentionPolicy> parseRetentionPolicy(std::string_view json);

/// @brief What a retention candidate is.
enum class RetentionCategory { Unknown = 0, InspectionBiometrics, ManifestPhoto, ManifestTemplate };

/// @brief One item that holds biometric bytes, with the facts retention depends on.
struct RetentionItem {
    RetentionCategory category = RetentionCategory::Unknown;
    std::string id;        ///< inspection id, photo id or template id
    bool citizen = false;  ///< inspections: U.S. citizen
    bool optedOut = false; ///< inspections: opted out (should hold nothing; purged at once if it does)
    std::optional<Clock::TimePoint> decidedAt;      ///< inspections
    std::optional<Clock::TimePoint> acknowledgedAt; ///< inspections: central acknowledged
    std::optional<Clock::TimePoint> windowEnd;      ///< manifest items: appointment window end
};

/// @brief The ids to purge, by category.
struct PurgeSet {
    std::vector<std::string> inspectionBiometrics;
    std::vector<std::string> manifestPhotos;
    std::vector<std::string> manifestTemplates;
    std::size_t total() const { return inspectionBiometrics.size() + manifestPhotos.size() + manifestTemplates.size(); }
};

/// @brief Central keeps a live capture as review-case evidence at most this long after the decision, unless the
/// service is configured shorter (`portico-central --case-evidence-days`).
inline constexpr std::chrono::hours kCaseEvidenceMaxAge{24 * 30};

/// @brief When central must delete a case's live capture: decidedAt + maxAge (maxAge capped at kCaseEvidenceMaxAge).
/// nullopt: it must not be kept at all (a U.S. citizen's, or an opted-out traveler's, whatever a station sends).
std::optional<Clock::TimePoint> caseEvidenceDeadline(bool citizen, bool optedOut, Clock::TimePoint decidedAt,
                                                     std::chrono::milliseconds maxAge);

/// @brief Pure: items × now × policy → purge set. An item is purged when now ≥ its deadline:
/// citizen: decidedAt + citizenBiometricsMaxAge (capped at 12 h); opted out: always; non-citizen: acknowledgedAt +
/// grace (kept while unacknowledged); manifest photo/template: windowEnd + grace (kept when the window is unknown).
PurgeSet computePurgeSet(const std::vector<RetentionItem>& items, Clock::TimePoint now, const RetentionPolicy& policy);

} // namespace portico::policy

// SPDX-License-Identifier: GPL-3.0-or-later
#include "policy/Retention.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace portico::policy {

Status RetentionPolicy::validate() const {
    if (citizenBiometricsMaxAge.count() < 0 || nonCitizenGraceAfterAck.count() < 0 ||
        manifestPhotoGraceAfterWindow.count() < 0) {
        return makeError(ErrorCode::ConfigInvalid, "retention: durations must not be negative");
    }
    if (citizenBiometricsMaxAge > kCitizenHardLimit) {
        return makeError(ErrorCode::ConfigInvalid,
                         "retention key 'citizen_biometrics_max_age_s': at most 43200 (12 h after the decision)");
    }
    return {};
}

Result<RetentionPolicy> parseRetentionPolicy(std::string_view json) {
    const auto j = nlohmann::json::parse(json, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        return makeError(ErrorCode::ConfigInvalid, "retention policy must be a JSON object");
    }
    RetentionPolicy p;
    for (const auto& [key, value] : j.items()) {
        if (!value.is_number_integer()) {
            return makeError(ErrorCode::ConfigInvalid, "retention key '" + key + "': expects whole seconds");
        }
        const std::chrono::milliseconds v = std::chrono::seconds(value.get<std::int64_t>());
        if (key == "citizen_biometrics_max_age_s") {
            p.citizenBiometricsMaxAge = v;
        } else if (key == "non_citizen_grace_after_ack_s") {
            p.nonCitizenGraceAfterAck = v;
        } else if (key == "manifest_photo_grace_after_window_s") {
            p.manifestPhotoGraceAfterWindow = v;
        } else {
            return makeError(ErrorCode::ConfigInvalid, "retention key '" + key + "' is unknown");
        }
    }
    if (auto s = p.validate(); !s) {
        return s.error();
    }
    return p;
}

PurgeSet computePurgeSet(const std::vector<RetentionItem>& items, Clock::TimePoint now, const RetentionPolicy& policy) {
    PurgeSet out;
    const auto citizenAge =
        std::min<std::chrono::milliseconds>(policy.citizenBiometricsMaxAge, RetentionPolicy::kCitizenHardLimit);
    for (const auto& it : items) {
        switch (it.category) {
        case RetentionCategory::InspectionBiometrics: {
            bool purge = false;
            if (it.optedOut) {
                purge = true;
            } else if (it.citizen) {
                // Without a decision time the record cannot be dated: purge rather than keep.
                purge = !it.decidedAt || now >= *it.decidedAt + citizenAge;
            } else if (it.acknowledgedAt) {
                purge = now >= *it.acknowledgedAt + policy.nonCitizenGraceAfterAck;
            }
            if (purge) {
                out.inspectionBiometrics.push_back(it.id);
            }
            break;
        }
        case RetentionCategory::ManifestPhoto:
        case RetentionCategory::ManifestTemplate:
            if (it.windowEnd && now >= *it.windowEnd + policy.manifestPhotoGraceAfterWindow) {
                (it.category == RetentionCategory::ManifestPhoto ? out.manifestPhotos : out.manifestTemplates)
                    .push_back(it.id);
            }
            break;
        case RetentionCategory::Unknown:
            break;
        }
    }
    return out;
}

std::optional<Clock::TimePoint> caseEvidenceDeadline(bool citizen, bool optedOut, Clock::TimePoint decidedAt,
                                                     std::chrono::milliseconds maxAge) {
    if (citizen || optedOut) {
        return std::nullopt;
    }
    const auto age = std::clamp<std::chrono::milliseconds>(maxAge, std::chrono::milliseconds(0), kCaseEvidenceMaxAge);
    return decidedAt + age;
}

} // namespace portico::policy

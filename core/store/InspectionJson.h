// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "inspection/Record.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

/// @brief The serialisation edge of the inspection record: the only place its details, reason codes and review
/// reasons become JSON (the store's columns and the upload payload) and come back. Readers are lenient: a field of
/// the wrong type or shape is read as absent, never thrown; an unknown name reads as Unknown.
namespace portico::store {

/// @brief details_json: {"referral_reason", "note", "threshold": {"score", "fmr", "gallery_size", "one_in"},
/// "prior_inspection": {"id", "decision", "decided_at_ms"}, "time_to_capture_ms", "face_box": [x, y, w, h],
/// "candidates": [{"appointment", "score"}]} (absent parts are left out; the two texts are always written).
nlohmann::json toJson(const inspection::Details& details);
inspection::Details detailsFromJson(const nlohmann::json& json);
/// @brief The same from and to text (malformed text reads as empty details).
std::string detailsText(const inspection::Details& details);
inspection::Details parseDetails(std::string_view text);

/// @brief reason_codes: a JSON array of names.
nlohmann::json toJson(const std::vector<inspection::ReasonCode>& codes);
std::vector<inspection::ReasonCode> parseReasonCodes(std::string_view text);
/// @brief review_cases.reasons: a JSON array of names.
nlohmann::json toJson(const std::vector<inspection::ReviewReason>& reasons);
std::vector<inspection::ReviewReason> parseReviewReasons(std::string_view text);

} // namespace portico::store

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "face/FacePipeline.h"
#include "manifest/Manifest.h"
#include "match/Gallery.h"
#include "match/Matcher.h"

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

namespace portico::booth {

/// @brief What the booth needs to know about a gallery member beyond its template (non-personal).
struct GalleryMember {
    std::string appointmentId;
    std::optional<int> ageYears;
    bool citizen = false;
};

/// @brief The day's gallery of expected travelers, kept in step with the manifest. Templates sent by the central
/// service are used when they come from our model; otherwise the enrolment photo is run through the face pipeline.
/// Thread-safe: searches (lane thread) and rebuilds (sync thread) may overlap.
class TravelerGallery {
public:
    /// @brief Opens a manifest photo by id (sealed in the local store).
    using PhotoSource = std::function<Result<std::optional<std::vector<std::uint8_t>>>(const std::string& photoId)>;

    /// @brief A gallery of @p pipeline's templates: central templates of another model or size are not used.
    explicit TravelerGallery(const face::FacePipeline& pipeline);

    struct RebuildReport {
        std::size_t members = 0;
        std::size_t fromTemplates = 0;
        std::size_t fromPhotos = 0;
        std::size_t failed = 0; ///< no usable template or photo (those travelers need a manual check)
    };
    /// @brief Replace the gallery with the given entries (the current manifest).
    RebuildReport rebuild(const std::vector<manifest::ManifestEntry>& entries, const PhotoSource& photos,
                          std::chrono::year_month_day today);

    /// @brief Top-k candidates for a probe template (best first), with their members.
    Result<std::vector<match::Candidate>> search(std::span<const float> probe, std::size_t k) const;
    std::optional<GalleryMember> member(const std::string& appointmentId) const;
    std::size_t size() const;
    /// @brief Model id of the templates in this gallery (its pipeline's descriptor).
    const std::string& modelId() const { return m_modelId; }

private:
    const face::FacePipeline& m_pipeline;
    std::string m_modelId;
    std::size_t m_dimension;
    match::Matcher m_matcher;
    mutable std::shared_mutex m_mutex;
    match::Gallery m_gallery;
    std::map<std::string, GalleryMember> m_members;
};

/// @brief Whole years between a YYYY-MM-DD date of birth and today; nullopt when the date is invalid.
std::optional<int> ageFromIsoDate(const std::string& dateOfBirth, std::chrono::year_month_day today);

} // namespace portico::booth

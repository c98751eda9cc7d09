// SPDX-License-Identifier: GPL-3.0-or-later
#include "booth/TravelerGallery.h"

#include "common/Log.h"
#include "match/ThresholdPolicy.h"

#include <cstdio>

namespace portico::booth {

std::optional<int> ageFromIsoDate(const std::string& dateOfBirth, std::chrono::year_month_day today) {
    int y = 0;
    unsigned m = 0;
    unsigned d = 0;
    if (std::sscanf(dateOfBirth.c_str(), "%d-%u-%u", &y, &m, &d) != 3) {
        return std::nullopt;
    }
    const std::chrono::year_month_day dob{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
    if (!dob.ok()) {
        return std::nullopt;
    }
    return match::ThresholdPolicy::ageYears(dob, today);
}

TravelerGallery::TravelerGallery(const face::FacePipeline& pipeline)
    : m_pipeline(pipeline), m_modelId(pipeline.modelId()),
      m_dimension(static_cast<std::size_t>(pipeline.descriptor().dimension())), m_gallery(m_dimension) {}

TravelerGallery::RebuildReport TravelerGallery::rebuild(const std::vector<manifest::ManifestEntry>& entries,
                                                        const PhotoSource& photos, std::chrono::year_month_day today) {
    RebuildReport report;
    match::Gallery gallery(m_dimension);
    std::map<std::string, GalleryMember> members;
    for (const auto& e : entries) {
        std::optional<std::vector<float>> vector;
        for (const auto& t : e.templates) {
            if (t.modelId == m_modelId && t.vector.size() == m_dimension) {
                vector = t.vector;
                ++report.fromTemplates;
                break;
            }
        }
        for (std::size_t i = 0; !vector && i < e.photoIds.size() && photos; ++i) {
            auto bytes = photos(e.photoIds[i]);
            if (!bytes || !bytes.value()) {
                continue;
            }
            auto analysis = m_pipeline.analyseBytes(**bytes);
            if (analysis) {
                vector = analysis->faceTemplate.values();
                ++report.fromPhotos;
            }
        }
        if (!vector) {
            ++report.failed;
            continue;
        }
        if (!gallery.add(e.appointmentId, *vector)) {
            ++report.failed;
            continue;
        }
        members[e.appointmentId] =
            GalleryMember{e.appointmentId, ageFromIsoDate(e.dateOfBirth, today), e.citizenship == "us_citizen"};
    }
    report.members = gallery.size();
    {
        std::unique_lock lock(m_mutex);
        m_gallery = std::move(gallery);
        m_members = std::move(members);
    }
    log::get("booth")->info("gallery rebuilt: {} members ({} from templates, {} from photos, {} without)",
                            report.members, report.fromTemplates, report.fromPhotos, report.failed);
    return report;
}

Result<std::vector<match::Candidate>> TravelerGallery::search(std::span<const float> probe, std::size_t k) const {
    std::shared_lock lock(m_mutex);
    match::SearchOptions options;
    options.k = k;
    return m_matcher.search(m_gallery, probe, options);
}

std::optional<GalleryMember> TravelerGallery::member(const std::string& appointmentId) const {
    std::shared_lock lock(m_mutex);
    auto it = m_members.find(appointmentId);
    if (it == m_members.end()) {
        return std::nullopt;
    }
    return it->second;
}

std::size_t TravelerGallery::size() const {
    std::shared_lock lock(m_mutex);
    return m_gallery.size();
}

} // namespace portico::booth

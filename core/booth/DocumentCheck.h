// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "face/FacePipeline.h"
#include "face/Template.h"
#include "match/ThresholdPolicy.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>

namespace portico::booth {

/// @brief The 1:1 comparison of the live capture with the travel-document photo, with the threshold it was judged
/// against (and the false-match rate that threshold stands for).
struct DocumentComparison {
    float score = 0.f;
    match::Threshold threshold;
    bool samePerson = false; ///< score ≥ threshold; a "no" goes to the officer and a supervisor, never decides
};

/// @brief Reads the document photo (a scanned page or the document reader's chip image), makes its template and
/// compares it 1:1 with the live capture at the verification threshold. Use from one thread (the pipeline's).
class DocumentCheck {
public:
    DocumentCheck(const face::FacePipeline& pipeline, const match::ThresholdPolicy& policy);

    /// @brief The document photo's face template. ImageInvalid / NoFace / NotFound errors say what went wrong.
    Result<face::Template> documentTemplate(const std::filesystem::path& image) const;
    /// @brief The same from encoded image bytes already read (decoded with the pixel cap).
    Result<face::Template> documentTemplate(std::span<const std::uint8_t> encoded) const;
    /// @brief Compare the live template (core/face encoding, as the capture stored it) with the document's.
    Result<DocumentComparison> compare(std::span<const std::uint8_t> liveTemplate, const face::Template& document,
                                       std::optional<int> ageYears) const;

private:
    const face::FacePipeline& m_pipeline;
    const match::ThresholdPolicy& m_policy;
};

} // namespace portico::booth

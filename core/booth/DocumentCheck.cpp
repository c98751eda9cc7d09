// SPDX-License-Identifier: GPL-3.0-or-later
#include "booth/DocumentCheck.h"

namespace portico::booth {

DocumentCheck::DocumentCheck(const face::FacePipeline& pipeline, const match::ThresholdPolicy& policy)
    : m_pipeline(pipeline), m_policy(policy) {}

Result<face::Template> DocumentCheck::documentTemplate(const std::filesystem::path& image) const {
    auto analysis = m_pipeline.analyseFile(image);
    if (!analysis) {
        return analysis.error();
    }
    return analysis->faceTemplate;
}

Result<face::Template> DocumentCheck::documentTemplate(std::span<const std::uint8_t> encoded) const {
    auto analysis = m_pipeline.analyseBytes(encoded);
    if (!analysis) {
        return analysis.error();
    }
    return analysis->faceTemplate;
}

Result<DocumentComparison> DocumentCheck::compare(std::span<const std::uint8_t> liveTemplate,
                                                  const face::Template& document, std::optional<int> ageYears) const {
    auto live = face::Template::decode(liveTemplate);
    if (!live) {
        return live.error();
    }
    auto score = face::compare(live.value(), document);
    if (!score) {
        return score.error();
    }
    DocumentComparison c;
    c.score = score.value();
    c.threshold = m_policy.verification(ageYears);
    c.samePerson = c.score >= c.threshold.score;
    return c;
}

} // namespace portico::booth

// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/quality/QualityAssessor.h"

#include "face/quality/BrightnessMeasure.h"
#include "face/quality/CentredMeasure.h"
#include "face/quality/ClippingMeasure.h"
#include "face/quality/EyesOpenMeasure.h"
#include "face/quality/FaceCountMeasure.h"
#include "face/quality/InFrameMeasure.h"
#include "face/quality/InterEyeDistanceMeasure.h"
#include "face/quality/PoseAngleMeasure.h"
#include "face/quality/SharpnessMeasure.h"

#include <algorithm>

namespace portico::face::quality {
namespace {
// Score of a report where something fails: capped below the pass mark.
constexpr double kFailCap = 59.0;
} // namespace

QualityAssessor::QualityAssessor(QualityLimits limits) : m_limits(limits) {
    m_measures.push_back(std::make_unique<FaceCountMeasure>());
    m_measures.push_back(std::make_unique<InFrameMeasure>());
    m_measures.push_back(std::make_unique<CentredMeasure>());
    m_measures.push_back(std::make_unique<InterEyeDistanceMeasure>());
    m_measures.push_back(std::make_unique<PoseAngleMeasure>(MeasureId::Yaw));
    m_measures.push_back(std::make_unique<PoseAngleMeasure>(MeasureId::Pitch));
    m_measures.push_back(std::make_unique<PoseAngleMeasure>(MeasureId::Roll));
    m_measures.push_back(std::make_unique<EyesOpenMeasure>());
    m_measures.push_back(std::make_unique<BrightnessMeasure>());
    m_measures.push_back(std::make_unique<ClippingMeasure>());
    m_measures.push_back(std::make_unique<SharpnessMeasure>());
}

double QualityAssessor::weight(MeasureId id) {
    switch (id) {
    case MeasureId::FaceCount:
        return 1.0;
    case MeasureId::InterEyeDistance:
    case MeasureId::Yaw:
    case MeasureId::Sharpness:
        return 2.0;
    case MeasureId::Pitch:
    case MeasureId::InFrame:
    case MeasureId::Brightness:
    case MeasureId::EyesOpen:
        return 1.5;
    case MeasureId::Roll:
    case MeasureId::Clipping:
    case MeasureId::Centred:
        return 1.0;
    case MeasureId::Unknown:
        return 0.0;
    }
    return 0.0;
}

QualityReport QualityAssessor::assess(const QualityInput& input) const {
    QualityReport report;
    report.pass = true;
    double sum = 0.0;
    double weights = 0.0;
    for (const auto& m : m_measures) {
        MeasureResult r;
        try {
            r = m->evaluate(input, m_limits);
        } catch (const std::exception&) {
            r = notEvaluated(m->id(), PromptId::NoFace);
        }
        const double w = weight(r.id);
        sum += w * r.component;
        weights += w;
        if (!r.pass) {
            if (report.pass) {
                report.firstPrompt = r.prompt;
            }
            report.pass = false;
        }
        report.measures.push_back(r);
    }
    double score = weights > 0 ? 100.0 * sum / weights : 0.0;
    if (!input.face) {
        score = 0.0;
    } else if (!report.pass) {
        score = std::min(score, kFailCap);
    }
    report.score = std::clamp(score, 0.0, 100.0);
    if (report.pass) {
        report.firstPrompt = PromptId::None;
    }
    return report;
}

} // namespace portico::face::quality

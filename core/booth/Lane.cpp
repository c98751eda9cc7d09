// SPDX-License-Identifier: GPL-3.0-or-later
#include "booth/Lane.h"

#include "common/Log.h"
#include "face/Template.h"

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

namespace portico::booth {
namespace {
std::string qualityJson(const capture::Observation& o) {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& m : o.measures) {
        if (m.evaluated) {
            j[m.name] = {{"value", m.value}, {"pass", m.pass}};
            if (m.lowerLimit) {
                j[m.name]["min"] = *m.lowerLimit;
            }
            if (m.upperLimit) {
                j[m.name]["max"] = *m.upperLimit;
            }
        }
    }
    j["score"] = o.qualityScore;
    return j.dump();
}

cv::Mat displayCrop(const cv::Mat& image, const face::FaceBox& box) {
    const cv::Rect r = displayFrame(box.box, image.size());
    return r.area() > 0 ? image(r).clone() : cv::Mat();
}
} // namespace

cv::Rect displayFrame(const cv::Rect2f& face, const cv::Size& image) {
    const float side = std::max(face.width, face.height) * 1.6f;
    const cv::Rect r(static_cast<int>(face.x + face.width / 2 - side / 2),
                     static_cast<int>(face.y + face.height / 2 - side / 2), static_cast<int>(side),
                     static_cast<int>(side));
    return r & cv::Rect(0, 0, image.width, image.height);
}

Lane::Lane(std::unique_ptr<capture::FrameSource> source, const capture::FaceAnalyzer& analyzer,
           const TravelerGallery& gallery, const match::ThresholdPolicy& policy, const Clock& clock,
           LaneOptions options)
    : m_analyzer(analyzer), m_gallery(gallery), m_decider(policy), m_clock(clock), m_options(std::move(options)),
      m_health(clock, m_options.name) {
    m_camera = std::make_unique<capture::CaptureLoop>(std::move(source), clock, &m_health);
    m_analysis = std::make_unique<capture::AnalysisLoop>(m_camera->analysisSlot(), analyzer.analyzer(), clock,
                                                         &m_health, m_options.analysis);
}

Lane::~Lane() {
    stop();
}

void Lane::setCallbacks(Callbacks callbacks) {
    m_callbacks = std::move(callbacks);
    m_camera->setFrameCallback([this](const capture::FramePtr& f) {
        if (m_callbacks.frame) {
            m_callbacks.frame(f);
        }
    });
    m_camera->setStatusCallback([this](capture::SourceStatus s, const std::string& reason) {
        if (m_callbacks.sourceStatus) {
            m_callbacks.sourceStatus(s, reason);
        }
    });
    m_analysis->setObservationCallback([this](const capture::Observation& o, const capture::FramePtr&) {
        if (m_callbacks.observation) {
            m_callbacks.observation(o);
        }
    });
    m_analysis->setCaptureCallback([this](const capture::CaptureResult& r) {
        if (m_callbacks.captured) {
            m_callbacks.captured(evaluate(r));
        }
    });
}

void Lane::start() {
    m_camera->start();
    m_analysis->start();
}

void Lane::stop() {
    if (m_analysis) {
        m_analysis->stop();
    }
    if (m_camera) {
        m_camera->stop();
    }
}

void Lane::beginTraveler() {
    m_analysis->beginAcquisition();
}
void Lane::cancel() {
    m_analysis->hold();
}
bool Lane::analysing() const {
    return !m_analysis->held();
}
void Lane::captureNow() {
    m_analysis->captureNow();
}

LaneCapture Lane::evaluate(const capture::CaptureResult& r) const {
    LaneCapture out;
    out.kind = r.outcome;
    out.failingMeasures = r.failingMeasures;
    if (r.outcome == capture::CaptureOutcome::FailureToAcquire || !r.frame || !r.observation.face) {
        std::vector<match::QualityMeasure> measures;
        for (const auto& m : r.failingMeasures) {
            measures.push_back({m.name, m.value, 0.0});
        }
        out.outcome = match::Decider::lowQuality(std::move(measures));
        return out;
    }
    auto embedding = m_analyzer.describe(*r.frame, r.observation);
    if (!embedding) {
        out.outcome = match::Decider::unavailable(std::string(errorCodeName(embedding.code())));
        return out;
    }
    auto templ = face::Template::fromEmbedding(embedding.value(), m_analyzer.engine().modelSha256());
    if (!templ) {
        out.outcome = match::Decider::unavailable(std::string(errorCodeName(templ.code())));
        return out;
    }
    CaptureEvidence ev;
    cv::imencode(".jpg", r.frame->image, ev.jpeg, {cv::IMWRITE_JPEG_QUALITY, 90});
    ev.templ = templ->encode();
    ev.modelId = templ->modelId();
    ev.qualityJson = qualityJson(r.observation);
    const cv::Rect box = cv::Rect(r.observation.face->box) & cv::Rect(0, 0, r.frame->image.cols, r.frame->image.rows);
    if (box.area() > 0) {
        ev.faceBox = box;
    }
    if (r.observation.liveness.reliability != capture::LivenessReliability::Insufficient) {
        ev.liveness = r.observation.liveness.score;
    }
    ev.capturedAt = m_clock.now();
    ev.timeToCaptureMs = r.timeToResultMs; // capture health: acquisition start → good photo
    out.chip = displayCrop(r.frame->image, *r.observation.face);

    if (m_gallery.modelId() != templ->modelId()) {
        // Probe and gallery from different models cannot be compared: no score would mean anything.
        out.outcome = match::Decider::unavailable("gallery of another model");
        out.evidence = std::move(ev);
        return out;
    }
    auto candidates = m_gallery.search(templ->values(), m_options.candidates);
    if (!candidates) {
        out.outcome = match::Decider::unavailable(std::string(errorCodeName(candidates.code())));
    } else if (m_gallery.size() == 0) {
        out.outcome = match::Decider::unavailable("empty gallery");
    } else {
        out.candidates = candidates.value();
        out.outcome = m_decider.identify(out.candidates, m_gallery.size(), [this](const match::Candidate& c) {
            const auto* id = std::get_if<std::string>(&c.id);
            auto member = id ? m_gallery.member(*id) : std::nullopt;
            return member ? member->ageYears : std::nullopt;
        });
    }
    out.evidence = std::move(ev);
    return out;
}

LaneCapture Lane::still(const cv::Mat& image) const {
    auto frame = std::make_shared<capture::Frame>(image, m_stillSequence++, std::chrono::steady_clock::now(),
                                                  capture::SourceInfo{});
    capture::CaptureResult r;
    r.frame = frame;
    r.observation = m_analyzer.analyse(*frame);
    r.observations = 1;
    r.outcome =
        r.observation.gatePassed ? capture::CaptureOutcome::AutoCaptured : capture::CaptureOutcome::FailureToAcquire;
    if (!r.observation.gatePassed) {
        r.failingMeasures = r.observation.failingMeasures();
    }
    return evaluate(r);
}

} // namespace portico::booth

// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/FaceAnalyzer.h"

#include "face/FacePipeline.h"
#include "face/ModelStore.h"

#include <chrono>
#include <cmath>
#include <exception>
#include <utility>

namespace portico::capture {

face::EngineOptions FaceAnalyzer::engineOptions(const FaceAnalyzerOptions& options) {
    return face::EngineOptions{options.descriptor, options.flipAverage, options.fastDetect};
}

Result<FaceAnalyzer> FaceAnalyzer::load(const face::ModelStore& store, FaceAnalyzerOptions options) {
    auto engine = face::FaceEngine::load(store, engineOptions(options));
    if (!engine) {
        return engine.error();
    }
    return create(std::move(engine.value()), store, options);
}

Result<FaceAnalyzer> FaceAnalyzer::create(std::shared_ptr<const face::FaceEngine> engine, const face::ModelStore& store,
                                          FaceAnalyzerOptions options) {
    if (!engine) {
        return makeError(ErrorCode::InvalidArgument, "a face analyzer needs a face engine");
    }
    if (auto ok = engine->serves(engineOptions(options), options.tinyInputSize, options.tinyMinScore); !ok) {
        return ok.error();
    }
    std::optional<PresentationAttackModels> attackModels;
    if (options.presentationAttackModels) {
        auto loadedModels = PresentationAttackModels::load(store, options.presentationAttack);
        if (!loadedModels) {
            return loadedModels.error();
        }
        attackModels.emplace(std::move(loadedModels.value()));
    }
    return FaceAnalyzer(std::move(engine), std::move(attackModels), options);
}

FaceAnalyzer::FaceAnalyzer(std::shared_ptr<const face::FaceEngine> engine,
                           std::optional<PresentationAttackModels> attackModels, FaceAnalyzerOptions options)
    : m_engine(std::move(engine)), m_tiny(options.fastDetect ? m_engine->tiny() : nullptr),
      m_attackModels(std::move(attackModels)), m_assessor(options.limits), m_options(options) {}

Result<std::vector<face::FaceBox>> FaceAnalyzer::detectFaces(const cv::Mat& image) const {
    if (m_tiny) {
        auto quick = m_tiny->detectInFrame(image, m_options.tinyMinScore, m_options.tinyInputSize);
        if (!quick) {
            return quick.error();
        }
        std::vector<face::FaceBox> faces = std::move(quick.value());
        if (!faces.empty()) {
            return faces;
        }
    }
    auto all = m_engine->detector().detect(image, m_options.fallbackMinScore);
    if (!all) {
        return all.error();
    }
    std::vector<face::FaceBox> faces;
    for (const auto& f : all.value()) {
        if (f.score >= m_options.minScore) {
            faces.push_back(f);
        }
    }
    if (faces.empty()) {
        faces = all.value();
    }
    return faces;
}

Analyzer FaceAnalyzer::analyzer() const {
    return [this](const Frame& frame) { return analyse(frame); };
}

Observation FaceAnalyzer::analyse(const Frame& frame) const {
    Observation obs;
    try {
        face::quality::QualityInput qi;
        qi.bgr = frame.image;
        auto found = detectFaces(frame.image);
        if (!found) {
            obs.analyzerError = found.error().toString();
            obs.prompt = face::PromptId::NoFace;
            return obs;
        }
        const std::vector<face::FaceBox>& faces = found.value();
        if (!faces.empty()) {
            const std::size_t subject = face::FacePipeline::chooseSubject(faces, frame.image.size());
            const face::FaceBox chosen = faces[subject];
            for (std::size_t i = 0; i < faces.size(); ++i) {
                if (i == subject || faces[i].box.area() >= m_options.bystanderAreaShare * chosen.box.area()) {
                    qi.faces.push_back(faces[i]);
                }
            }
            qi.face = chosen;
            const auto& landmarks = m_engine->landmarks();
            auto lm = landmarks.detect(frame.image, chosen.box);
            if (lm) {
                qi.landmarks = m_options.refineLandmarks ? landmarks.refine(frame.image, lm.value()) : lm.value();
            } else {
                obs.analyzerError = lm.error().toString();
            }
        }
        const face::quality::QualityReport report = m_assessor.assess(qi);
        obs.faceCount = static_cast<int>(qi.faces.size());
        obs.face = qi.face;
        obs.landmarks = qi.landmarks;
        for (const auto& m : report.measures) {
            const auto limit = [](double v) { return std::isfinite(v) ? std::optional<double>(v) : std::nullopt; };
            obs.measures.emplace_back(std::string(face::quality::measureIdName(m.id)), m.value, m.evaluated, m.pass,
                                      m.prompt, limit(m.lowerLimit), limit(m.upperLimit));
        }
        obs.qualityScore = report.score;
        obs.gatePassed = report.pass && qi.landmarks.has_value();
        obs.prompt = qi.face ? report.firstPrompt : face::PromptId::NoFace;
        if (qi.face && m_attackModels) {
            // Evidence only: a scoring error leaves the model scores absent and does not spoil the observation.
            const auto t0 = std::chrono::steady_clock::now();
            auto scores = m_attackModels->score(frame.image, qi.face->box);
            obs.liveness.modelMs =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
            if (scores) {
                obs.liveness.antispoof = scores->antispoof;
                obs.liveness.modelLiveness = scores->liveness;
            }
        }
    } catch (const std::exception& e) {
        obs = Observation{};
        obs.analyzerError = std::string("face analysis failed: ") + e.what();
    }
    return obs;
}

Result<face::Embedding> FaceAnalyzer::describe(const Frame& frame, const Observation& observation) const {
    if (!observation.landmarks) {
        return makeError(ErrorCode::NoFace, "no landmarks on the observed frame");
    }
    try {
        const auto& descriptor = m_engine->descriptor();
        auto chip = descriptor.chip(frame.image, *observation.landmarks);
        if (!chip) {
            return chip.error();
        }
        return descriptor.describe(chip.value());
    } catch (const std::exception& e) {
        return makeError(ErrorCode::ImageInvalid, std::string("face description failed: ") + e.what());
    }
}

} // namespace portico::capture

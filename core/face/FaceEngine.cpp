// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/FaceEngine.h"

#include "face/ModelStore.h"

namespace portico::face {

FaceEngine::FaceEngine(FaceDetector detector, std::optional<TinyFaceDetector> tiny, LandmarkDetector landmarks,
                       FaceDescriptor descriptor, EngineOptions options)
    : m_detector(std::move(detector)), m_tiny(std::move(tiny)), m_landmarks(std::move(landmarks)),
      m_descriptor(std::move(descriptor)), m_options(options) {}

Result<std::shared_ptr<const FaceEngine>> FaceEngine::load(const ModelStore& store, EngineOptions options) {
    auto detector = FaceDetector::load(store);
    if (!detector) {
        return detector.error();
    }
    std::optional<TinyFaceDetector> tiny;
    if (options.fastDetect) {
        auto t = TinyFaceDetector::load(store);
        if (!t) {
            return t.error();
        }
        tiny.emplace(std::move(t.value()));
    }
    auto landmarks = LandmarkDetector::load(store);
    if (!landmarks) {
        return landmarks.error();
    }
    auto descriptor = FaceDescriptor::load(store, options.descriptor, options.flipAverage);
    if (!descriptor) {
        return descriptor.error();
    }
    return std::shared_ptr<const FaceEngine>(new FaceEngine(std::move(detector.value()), std::move(tiny),
                                                            std::move(landmarks.value()), std::move(descriptor.value()),
                                                            options));
}

Status FaceEngine::serves(const EngineOptions& wanted, int tinyInputSize, float tinyMinScore) const {
    if (wanted.descriptor != m_options.descriptor || wanted.flipAverage != m_options.flipAverage) {
        return makeError(ErrorCode::InvalidArgument, "the face engine runs another descriptor (" +
                                                         std::string(toString(m_options.descriptor)) +
                                                         (m_options.flipAverage ? ", flip-averaged" : "") + ")");
    }
    if (wanted.fastDetect) {
        if (!m_tiny) {
            return makeError(ErrorCode::InvalidArgument, "fast detection needs an engine with the tiny detector");
        }
        return TinyFaceDetector::checkSettings(tinyInputSize, tinyMinScore);
    }
    return {};
}

} // namespace portico::face

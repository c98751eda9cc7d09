// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "face/FaceDescriptor.h"
#include "face/FaceDetector.h"
#include "face/LandmarkDetector.h"
#include "face/TinyFaceDetector.h"

#include <memory>
#include <optional>
#include <string>

namespace portico::face {

class ModelStore;

/// @brief Which networks an engine loads.
struct EngineOptions {
    DescriptorModel descriptor = DescriptorModel::ArcFace; ///< the descriptor that makes every template
    bool flipAverage = true; ///< average each descriptor with that of the mirrored chip (measured gain)
    bool fastDetect = true;  ///< also load the tiny face detector (tried before the SSD)
};

/// @brief The face networks of a process, loaded once from the verified model store and shared: the SSD and tiny
/// detectors, the 68-point landmarks and the descriptor. FacePipeline (still photos: enrolment, documents,
/// evaluation) and capture::FaceAnalyzer (live frames) both run on an engine, so when they share one, probe and
/// gallery templates come from the same descriptor by construction and each network is in memory once.
/// Thread-safe: each network serialises its own calls, so threads sharing an engine take turns per network call.
class FaceEngine {
public:
    static Result<std::shared_ptr<const FaceEngine>> load(const ModelStore& store, EngineOptions options = {});

    /// @brief OK when this engine serves @p wanted: the same descriptor and flip setting, and the tiny detector (with
    /// valid settings) when fast detection is asked for. InvalidArgument naming what is missing otherwise.
    Status serves(const EngineOptions& wanted, int tinyInputSize, float tinyMinScore) const;

    const FaceDetector& detector() const { return m_detector; }
    /// @brief The tiny detector; null unless loaded (EngineOptions::fastDetect).
    const TinyFaceDetector* tiny() const { return m_tiny ? &*m_tiny : nullptr; }
    const LandmarkDetector& landmarks() const { return m_landmarks; }
    const FaceDescriptor& descriptor() const { return m_descriptor; }
    const EngineOptions& options() const { return m_options; }
    /// @brief Model id of the templates this engine makes (e.g. "faceplugin-0.0.1/fr_feature").
    std::string modelId() const { return m_descriptor.modelId(); }
    /// @brief sha256 (hex) of the descriptor's model file, recorded (first 8 bytes) in every template.
    const std::string& modelSha256() const { return m_descriptor.modelSha256(); }

private:
    FaceEngine(FaceDetector detector, std::optional<TinyFaceDetector> tiny, LandmarkDetector landmarks,
               FaceDescriptor descriptor, EngineOptions options);

    FaceDetector m_detector;
    std::optional<TinyFaceDetector> m_tiny;
    LandmarkDetector m_landmarks;
    FaceDescriptor m_descriptor;
    EngineOptions m_options;
};

} // namespace portico::face

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "capture/AnalysisLoop.h"
#include "capture/Observation.h"
#include "capture/PresentationAttackModels.h"
#include "common/Result.h"
#include "face/FaceDescriptor.h"
#include "face/FaceDetector.h"
#include "face/LandmarkDetector.h"
#include "face/TinyFaceDetector.h"
#include "face/quality/QualityAssessor.h"

#include <optional>

namespace portico::face {
class ModelStore;
}

namespace portico::capture {

/// @brief Settings of the live-frame analyzer (detection thresholds as face::PipelineOptions).
struct FaceAnalyzerOptions {
    float minScore = 0.5f;            ///< detector confidence preferred
    float fallbackMinScore = 0.3f;    ///< accepted when nothing reaches minScore
    float bystanderAreaShare = 0.25f; ///< other faces at least this share of the subject's area count as "several"
    face::quality::QualityLimits limits;
    bool presentationAttackModels = true; ///< run the human-models antispoof/liveness nets on the subject's face
    bool fastDetect = true;    ///< tiny face detector first, the SSD only when it finds nothing (face::PipelineOptions)
    int tinyInputSize = 320;   ///< the tiny detector's input side (multiple of 32)
    float tinyMinScore = 0.5f; ///< tiny detector confidence accepted
    face::DescriptorModel descriptor = face::DescriptorModel::ArcFace; ///< as face::PipelineOptions::descriptor
    bool refineLandmarks = true; ///< second landmark pass, as face::PipelineOptions::refineLandmarks
    bool flipAverage = true;     ///< describe() averages with the mirrored chip, as the face pipeline's templates do
    PresentationAttackOptions presentationAttack;
};

/// @brief The analysis loop's Analyzer on the real face engine: detection, 68 landmarks and every quality measure
/// per frame (no descriptor: that is computed once, on the captured frame, with describe()), plus the
/// presentation-attack model scores of the subject's face (LivenessEvidence::antispoof / modelLiveness) when a face
/// is found.
/// Calls are serialised by the networks: use one instance per analysis thread.
class FaceAnalyzer {
public:
    /// @brief Load the detector, landmark, descriptor and (unless disabled) presentation-attack networks from the
    /// verified model store.
    static Result<FaceAnalyzer> load(const face::ModelStore& store, FaceAnalyzerOptions options = {});

    /// @brief Detection + landmarks + quality of one frame. Never throws; an engine error is in analyzerError.
    Observation analyse(const Frame& frame) const;
    /// @brief An Analyzer bound to this object (which must outlive the loop).
    Analyzer analyzer() const;
    /// @brief The L2-normalised descriptor of the observed face (aligned as the face pipeline does).
    Result<face::Embedding> describe(const Frame& frame, const Observation& observation) const;
    /// @brief Length of the descriptors describe() returns (512 for ArcFace, 128 for dlib): size galleries by it.
    int descriptorDimension() const { return m_descriptor.dimension(); }

private:
    FaceAnalyzer(face::FaceDetector detector, std::optional<face::TinyFaceDetector> tiny,
                 face::LandmarkDetector landmarks, face::FaceDescriptor descriptor,
                 std::optional<PresentationAttackModels> attackModels, FaceAnalyzerOptions options);
    /// Faces of the frame: the tiny detector's confident ones, else the SSD's (minScore preferred, else fallback).
    Result<std::vector<face::FaceBox>> detectFaces(const cv::Mat& image) const;

    face::FaceDetector m_detector;
    std::optional<face::TinyFaceDetector> m_tiny;
    face::LandmarkDetector m_landmarks;
    face::FaceDescriptor m_descriptor;
    std::optional<PresentationAttackModels> m_attackModels;
    face::quality::QualityAssessor m_assessor;
    FaceAnalyzerOptions m_options;
};

} // namespace portico::capture

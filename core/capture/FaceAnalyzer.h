// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "capture/AnalysisLoop.h"
#include "capture/Observation.h"
#include "capture/PresentationAttackModels.h"
#include "common/Result.h"
#include "face/FaceEngine.h"
#include "face/quality/QualityAssessor.h"

#include <memory>
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
    /// Run the human-models antispoof/liveness nets on the subject's face. Off by default since 7 Dec 2026: fused with
    /// the temporal cue they gave no useful gain on replayed sequences (docs/capture.md); the measurement tools
    /// switch them on.
    bool presentationAttackModels = false;
    bool fastDetect = true;    ///< tiny face detector first, the SSD only when it finds nothing (face::PipelineOptions)
    int tinyInputSize = 320;   ///< the tiny detector's input side (multiple of 32)
    float tinyMinScore = 0.5f; ///< tiny detector confidence accepted
    face::DescriptorModel descriptor = face::DescriptorModel::ArcFace; ///< as face::PipelineOptions::descriptor
    bool refineLandmarks = true; ///< second landmark pass, as face::PipelineOptions::refineLandmarks
    bool flipAverage = true;     ///< describe() averages with the mirrored chip, as the face pipeline's templates do
    PresentationAttackOptions presentationAttack;
};

/// @brief The analysis loop's Analyzer on the face engine: detection, 68 landmarks and every quality measure per
/// frame (no descriptor: that is computed once, on the captured frame, with describe()), plus the
/// presentation-attack model scores of the subject's face (LivenessEvidence::antispoof / modelLiveness) when a face
/// is found. Shares its engine with the station's FacePipeline, so live templates and gallery templates come from
/// one descriptor. Calls are serialised by the networks: use one instance per analysis thread.
class FaceAnalyzer {
public:
    /// @brief Load an engine of its own and (unless disabled) the presentation-attack networks.
    static Result<FaceAnalyzer> load(const face::ModelStore& store, FaceAnalyzerOptions options = {});
    /// @brief Run on a shared engine; only the presentation-attack networks (unless disabled) are loaded from
    /// @p store. InvalidArgument when the options ask for what the engine did not load.
    static Result<FaceAnalyzer> create(std::shared_ptr<const face::FaceEngine> engine, const face::ModelStore& store,
                                       FaceAnalyzerOptions options = {});
    /// @brief The engine options that serve @p options.
    static face::EngineOptions engineOptions(const FaceAnalyzerOptions& options);

    /// @brief Detection + landmarks + quality of one frame. Never throws; an engine error is in analyzerError.
    Observation analyse(const Frame& frame) const;
    /// @brief An Analyzer bound to this object (which must outlive the loop).
    Analyzer analyzer() const;
    /// @brief The L2-normalised descriptor of the observed face (aligned as the face pipeline does).
    Result<face::Embedding> describe(const Frame& frame, const Observation& observation) const;
    /// @brief Length of the descriptors describe() returns (512 for ArcFace, 128 for dlib): size galleries by it.
    int descriptorDimension() const { return m_engine->descriptor().dimension(); }

    const face::FaceEngine& engine() const { return *m_engine; }

private:
    FaceAnalyzer(std::shared_ptr<const face::FaceEngine> engine, std::optional<PresentationAttackModels> attackModels,
                 FaceAnalyzerOptions options);
    /// Faces of the frame: the tiny detector's confident ones, else the SSD's (minScore preferred, else fallback).
    Result<std::vector<face::FaceBox>> detectFaces(const cv::Mat& image) const;

    std::shared_ptr<const face::FaceEngine> m_engine;
    const face::TinyFaceDetector* m_tiny; ///< the engine's, in fast mode only
    std::optional<PresentationAttackModels> m_attackModels;
    face::quality::QualityAssessor m_assessor;
    FaceAnalyzerOptions m_options;
};

} // namespace portico::capture

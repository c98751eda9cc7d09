// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "face/FaceEngine.h"
#include "face/FaceTypes.h"
#include "face/ImageDecode.h"
#include "face/Template.h"
#include "face/quality/QualityAssessor.h"

#include <opencv2/core.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace portico::face {

class ModelStore;

/// @brief How the pipeline finds, aligns and describes a face.
struct PipelineOptions {
    float minScore = 0.5f;            ///< detector confidence for a normal detection
    float fallbackMinScore = 0.2f;    ///< accepted when nothing reaches minScore (tight crops, small faces)
    bool padFallback = true;          ///< retry on a padded copy when nothing is found (face fills the frame)
    double padShare = 0.35;           ///< padding per side for that retry, as a share of the image side
    float bystanderAreaShare = 0.25f; ///< other faces at least this share of the subject's area count as "several"
    DescriptorModel descriptor = DescriptorModel::ArcFace; ///< which descriptor makes the templates
    bool boxCrop = false; ///< face-api's box crop instead of landmark alignment (dlib descriptor only; reference path)
    bool flipAverage = true;     ///< average the descriptor with that of the mirrored crop (measured gain)
    bool refineLandmarks = true; ///< second landmark pass on a box around the first landmarks (measured gain)
    bool computeQuality = true;  ///< run the QualityAssessor
    bool fastDetect = true;      ///< tiny face detector first; the SSD path only when it finds nothing
    int tinyInputSize = 320;     ///< the tiny detector's input side (multiple of 32)
    float tinyMinScore = 0.5f;   ///< tiny detector confidence accepted in fast mode
    DecodeLimits decode;
    quality::QualityLimits quality;
};

/// @brief Milliseconds spent in each stage of one analyse() call.
struct StageTimes {
    double decode = 0;
    double detect = 0;
    double landmarks = 0;
    double align = 0;
    double embed = 0;
    double quality = 0;
    double total = 0; ///< detect + landmarks + align + embed + quality (decode excluded)
};

/// @brief Which detection attempt found the face.
enum class DetectionPath { Unknown = 0, Primary, LowConfidence, Padded, Fast };

/// @brief Everything the pipeline learnt about one image.
struct FaceAnalysis {
    cv::Size imageSize;
    std::vector<FaceBox> faces; ///< every face found (image coordinates), best score first
    std::size_t subject = 0;    ///< index in faces of the chosen face (largest, most central)
    bool severalFaces = false;  ///< another face of comparable size is present: prompt OnlyOneFace
    DetectionPath path = DetectionPath::Unknown;
    Landmarks68 landmarks;          ///< of the subject, image coordinates
    quality::QualityReport quality; ///< empty when PipelineOptions::computeQuality is false
    cv::Mat aligned;                ///< the BGR chip given to the descriptor (112×112 ArcFace, 150×150 dlib)
    Template faceTemplate;          ///< L2-normalised descriptor with the model's identity
    StageTimes times;

    const FaceBox& subjectBox() const { return faces[subject]; }
};

/// @brief Image → faces → subject → landmarks → quality → aligned chip → template, for still photos (enrolment,
/// documents, evaluation). Never throws: every bad input gives a clear error (ImageInvalid, Unsupported, NotFound,
/// NoFace). Runs on a FaceEngine, which it may share with other pipelines and with the live capture analyzer
/// (the engine's networks serialise calls, so threads sharing one take turns).
class FacePipeline {
public:
    /// @brief Load an engine of its own (detector(s), landmarks, descriptor) and run on it.
    static Result<FacePipeline> load(const ModelStore& store, PipelineOptions options = {});
    /// @brief Run on a shared engine. InvalidArgument when the options ask for what the engine did not load (another
    /// descriptor or flip setting, the tiny detector) or for an invalid combination.
    static Result<FacePipeline> create(std::shared_ptr<const FaceEngine> engine, PipelineOptions options = {});
    /// @brief The engine options that serve @p options.
    static EngineOptions engineOptions(const PipelineOptions& options);

    /// @brief Analyse an 8-bit BGR image (1- and 4-channel images are converted).
    Result<FaceAnalysis> analyse(const cv::Mat& image) const;
    /// @brief Decode (with the pixel cap) and analyse encoded image bytes.
    Result<FaceAnalysis> analyseBytes(std::span<const std::uint8_t> bytes) const;
    /// @brief Read, decode and analyse an image file.
    Result<FaceAnalysis> analyseFile(const std::filesystem::path& path) const;

    /// @brief The face to treat as the subject: the largest, most central one (index into @p faces).
    static std::size_t chooseSubject(const std::vector<FaceBox>& faces, const cv::Size& image);

    const PipelineOptions& options() const { return m_options; }
    /// @brief sha256 (hex) of the descriptor's model file, recorded (first 8 bytes) in every template.
    const std::string& modelSha256() const { return m_engine->modelSha256(); }
    /// @brief Model id of the templates this pipeline makes.
    std::string modelId() const { return m_engine->modelId(); }
    const FaceDescriptor& descriptor() const { return m_engine->descriptor(); }
    const FaceEngine& engine() const { return *m_engine; }

private:
    FacePipeline(std::shared_ptr<const FaceEngine> engine, PipelineOptions options);
    Result<FaceAnalysis> analyseDecoded(const cv::Mat& bgr, double decodeMs) const;

    std::shared_ptr<const FaceEngine> m_engine;
    const TinyFaceDetector* m_tiny; ///< the engine's, in fast mode only
    quality::QualityAssessor m_assessor;
    PipelineOptions m_options;
};

} // namespace portico::face

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "face/Aligner.h"
#include "face/ArcFaceEmbedder.h"
#include "face/DlibEmbedder.h"
#include "face/FaceTypes.h"

#include <opencv2/core.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace portico::face {

class ModelStore;

/// @brief The face descriptors Portico can run. Templates of one cannot be compared with the other's.
enum class DescriptorModel {
    ArcFace, ///< faceplugin's ArcFace MobileFaceNet, 512-d, 112×112 5-point chip (the default: measured better)
    Dlib     ///< face-api's dlib ResNet, 128-d, 150×150 dlib chip (kept for comparison and golden tests)
};

/// @brief "arcface" / "dlib".
std::string_view toString(DescriptorModel model);
/// @brief The inverse of toString; InvalidArgument naming the accepted values.
Result<DescriptorModel> parseDescriptorModel(std::string_view name);

/// @brief One descriptor with the chip it expects: landmarks → aligned chip → L2-normalised descriptor, optionally
/// averaged with the descriptor of the mirrored chip (test-time flip averaging). The face pipeline and the live
/// capture analyzer both describe faces through this class, so probe and gallery templates are made identically.
/// Thread-safety: as the networks (calls on one instance are serialised).
class FaceDescriptor {
public:
    static Result<FaceDescriptor> load(const ModelStore& store, DescriptorModel model, bool flipAverage);

    /// @brief The aligned chip this descriptor expects, from the image the landmarks were found in.
    Result<cv::Mat> chip(const cv::Mat& bgr, const Landmarks68& landmarks) const;
    /// @brief The descriptor of an aligned chip (flip-averaged when so configured).
    Result<Embedding> describe(const cv::Mat& chip) const;

    DescriptorModel model() const { return m_model; }
    bool flipAverage() const { return m_flipAverage; }
    const Aligner& aligner() const { return m_aligner; }
    /// @brief Model id recorded in templates (e.g. "faceplugin-0.0.1/fr_feature").
    std::string modelId() const;
    int dimension() const;
    /// @brief sha256 (hex) of the model file.
    const std::string& modelSha256() const { return m_sha256; }

private:
    FaceDescriptor(DescriptorModel model, bool flipAverage, std::optional<ArcFaceEmbedder> arcFace,
                   std::optional<DlibEmbedder> dlib, std::string sha256);
    Result<Embedding> describeOnce(const cv::Mat& chip) const;

    DescriptorModel m_model;
    bool m_flipAverage;
    Aligner m_aligner;
    std::optional<ArcFaceEmbedder> m_arcFace;
    std::optional<DlibEmbedder> m_dlib;
    std::string m_sha256;
};

} // namespace portico::face

// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/FaceDescriptor.h"

#include "face/ModelStore.h"

#include <opencv2/core.hpp>

namespace portico::face {

std::string_view toString(DescriptorModel model) {
    return model == DescriptorModel::ArcFace ? "arcface" : "dlib";
}

Result<DescriptorModel> parseDescriptorModel(std::string_view name) {
    if (name == "arcface") {
        return DescriptorModel::ArcFace;
    }
    if (name == "dlib") {
        return DescriptorModel::Dlib;
    }
    return makeError(ErrorCode::InvalidArgument,
                     "unknown face descriptor '" + std::string(name) + "' (expected arcface or dlib)");
}

FaceDescriptor::FaceDescriptor(DescriptorModel model, bool flipAverage, std::optional<ArcFaceEmbedder> arcFace,
                               std::optional<DlibEmbedder> dlib, std::string sha256)
    : m_model(model), m_flipAverage(flipAverage),
      m_aligner(model == DescriptorModel::ArcFace ? Aligner::arcFace() : Aligner()), m_arcFace(std::move(arcFace)),
      m_dlib(std::move(dlib)), m_sha256(std::move(sha256)) {}

Result<FaceDescriptor> FaceDescriptor::load(const ModelStore& store, DescriptorModel model, bool flipAverage) {
    if (model == DescriptorModel::ArcFace) {
        auto net = ArcFaceEmbedder::load(store);
        if (!net) {
            return net.error();
        }
        std::string sha = net->weightsSha256();
        return FaceDescriptor(model, flipAverage, std::move(net.value()), std::nullopt, std::move(sha));
    }
    auto net = DlibEmbedder::load(store);
    if (!net) {
        return net.error();
    }
    std::string sha = net->weightsSha256();
    if (sha.size() < 16) {
        return makeError(ErrorCode::ModelInvalid, "no sha256 known for the face descriptor weights");
    }
    return FaceDescriptor(model, flipAverage, std::nullopt, std::move(net.value()), std::move(sha));
}

std::string FaceDescriptor::modelId() const {
    return m_model == DescriptorModel::ArcFace ? std::string(ArcFaceEmbedder::kModelId) : DlibEmbedder::modelId();
}

int FaceDescriptor::dimension() const {
    return m_model == DescriptorModel::ArcFace ? ArcFaceEmbedder::kDimension : DlibEmbedder::kDimension;
}

Result<cv::Mat> FaceDescriptor::chip(const cv::Mat& bgr, const Landmarks68& landmarks) const {
    return m_aligner.align(bgr, landmarks);
}

Result<Embedding> FaceDescriptor::describeOnce(const cv::Mat& chip) const {
    return m_arcFace ? m_arcFace->embed(chip) : m_dlib->embed(chip);
}

Result<Embedding> FaceDescriptor::describe(const cv::Mat& chip) const {
    auto e = describeOnce(chip);
    if (!e || !m_flipAverage) {
        return e;
    }
    cv::Mat mirrored;
    try {
        cv::flip(chip, mirrored, 1);
    } catch (const cv::Exception& ex) {
        return makeError(ErrorCode::InvalidArgument, std::string("descriptor: ") + ex.what());
    }
    auto m = describeOnce(mirrored);
    if (!m) {
        return m.error();
    }
    return averagedEmbedding(*e, *m);
}

} // namespace portico::face

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "face/FaceTypes.h"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace portico::face {

/// @brief A face template: an L2-normalised descriptor tagged with the model that made it.
///
/// Binary format (all integers little-endian), version 1:
///   0  4 bytes  magic "PTPL"
///   4  u16      format version (1)
///   6  u16      model id length L (1..255)
///   8  L bytes  model id (UTF-8, e.g. "face-api-1.7.15/face_recognition_model")
///   .  8 bytes  first 8 bytes of the model file's sha256
///   .  u32      dimension D (1..4096)
///   .  D × f32  the vector (IEEE-754 binary32), L2 norm 1 ± 1e-3
/// Nothing follows: trailing bytes are an error.
class Template {
public:
    static constexpr std::uint16_t kFormatVersion = 1;
    static constexpr std::uint32_t kMaxDimension = 4096;
    static constexpr std::size_t kMaxModelIdLength = 255;
    static constexpr float kNormTolerance = 1e-3f;
    using ModelDigest = std::array<std::uint8_t, 8>;

    Template() = default;

    /// @brief Build from parts; normalises nothing: refuses a vector that is not unit length, NaN or empty.
    static Result<Template> create(std::string modelId, ModelDigest digest, std::vector<float> values);
    /// @brief Build from an embedding and the model file's sha256 (hex; the first 16 hex digits are kept).
    static Result<Template> fromEmbedding(const Embedding& embedding, std::string_view modelSha256Hex);

    /// @brief Serialise to the binary format above.
    std::vector<std::uint8_t> encode() const;
    /// @brief Parse the binary format; Corrupt / Unsupported errors say exactly what is wrong.
    static Result<Template> decode(std::span<const std::uint8_t> bytes);

    const std::string& modelId() const { return m_modelId; }
    const ModelDigest& modelDigest() const { return m_digest; }
    const std::vector<float>& values() const { return m_values; }
    std::size_t dimension() const { return m_values.size(); }

private:
    std::string m_modelId;
    ModelDigest m_digest{};
    std::vector<float> m_values;
};

/// @brief Cosine similarity (-1..1) of two templates; ModelMismatch when they come from different models.
Result<float> compare(const Template& a, const Template& b);

} // namespace portico::face

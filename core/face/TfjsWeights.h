// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"

#include <opencv2/core.hpp>

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace portico::face {

class ModelStore;

/// @brief One tensor of a TF.js weights file, dequantised to float32 (int32 tensors hold rounded integers).
struct TfjsTensor {
    std::string name;
    std::vector<int> shape; ///< as in the manifest (TF layout: conv filters are HWIO, depthwise HWCM)
    std::string dtype;      ///< declared dtype after dequantisation: "float32" or "int32"
    std::vector<float> values;

    /// @brief Number of elements the shape implies (1 for a scalar).
    std::size_t elementCount() const;
};

/// @brief A TF.js weights manifest (`*-weights_manifest.json`) and its `.bin` shards, read into memory.
///
/// Supports float32/int32 tensors stored raw, and `quantization` entries of dtype uint8 / uint16
/// (value = q × scale + min) and float16. Every size is checked against the manifest: a truncated,
/// oversized or mismatched shard yields ErrorCode::ModelInvalid naming the file, the tensor and the
/// expected vs found bytes.
class TfjsWeights {
public:
    /// @brief Read @p manifest and the shards it names (paths relative to the manifest's folder).
    static Result<TfjsWeights> load(const std::filesystem::path& manifest);
    /// @brief Read `<alias>/<manifestPath>` from @p store after verifying the manifest's and each shard's sha256.
    static Result<TfjsWeights> load(const ModelStore& store, std::string_view alias, std::string_view manifestPath);
    /// @brief Parse from memory: the manifest JSON text and the shards' bytes in manifest order (for tests, fuzzing).
    static Result<TfjsWeights> parse(std::string_view manifestJson, const std::vector<std::string>& shardNames,
                                     const std::vector<std::vector<unsigned char>>& shards);

    /// @brief All tensors, in file order.
    const std::vector<TfjsTensor>& tensors() const { return m_tensors; }
    /// @brief The tensor called @p name, or nullptr.
    const TfjsTensor* find(std::string_view name) const;
    /// @brief The tensor called @p name, checking its shape (ModelInvalid naming the tensor if absent or different).
    Result<const TfjsTensor*> get(std::string_view name, const std::vector<int>& expectedShape) const;
    /// @brief Where the weights were read from (for messages).
    const std::string& source() const { return m_source; }

private:
    std::vector<TfjsTensor> m_tensors;
    std::string m_source;
};

/// @brief TF conv filter [H, W, I, O] → OpenCV DNN weights blob [O, I, H, W] (CV_32F, 4 dims).
cv::Mat hwioToOihw(const TfjsTensor& filter);
/// @brief TF depthwise filter [H, W, C, M] → OpenCV DNN grouped-conv weights [C·M, 1, H, W] (group = C).
cv::Mat depthwiseToOpenCv(const TfjsTensor& filter);
/// @brief A tensor's values as a 1-row CV_32F Mat (copy).
cv::Mat toRowMat(const TfjsTensor& tensor);

} // namespace portico::face

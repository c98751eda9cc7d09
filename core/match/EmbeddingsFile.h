// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"

#include <filesystem>
#include <string>
#include <vector>

namespace portico::match {

/// @brief Labelled embeddings for calibration and benchmarks (CSV text, see docs/matching.md).
///
/// Lines: `# ...` comments (`# model: <id>` names the model), blank lines, and `identity,v1,...,vD` rows with the same
/// D on every row. The identity only tells mated from non-mated pairs; it should not be a person's name.
struct EmbeddingsFile {
    std::string modelId;
    std::size_t dim = 0;
    std::vector<std::string> identities; ///< one per row
    std::vector<float> values;           ///< rows × dim, row-major

    std::size_t rows() const { return identities.size(); }
    const float* row(std::size_t i) const { return values.data() + i * dim; }

    /// @brief Parses the CSV text; Corrupt with the line number on any malformed row.
    static Result<EmbeddingsFile> parse(const std::string& text);
    /// @brief Reads a file.
    static Result<EmbeddingsFile> load(const std::filesystem::path& path);
    /// @brief The CSV text (floats with 9 significant digits: exact round trip).
    std::string toCsv() const;
};

} // namespace portico::match

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"
#include "match/Gallery.h"
#include "match/ScanKernels.h"

#include <cstddef>
#include <span>
#include <vector>

namespace portico::match {

/// @brief One gallery entry returned by a search, best first.
struct Candidate {
    GalleryId id;
    std::size_t slot = 0; ///< slot at search time (changes when the gallery changes)
    float score = 0.f;    ///< cosine similarity in [-1, 1]
};

/// @brief Which scan a 1:N search runs.
enum class ScanPrecision {
    Unknown = 0,
    Fp32, ///< exact: fp32 SIMD scan, then the short list re-scored in double
    Int8, ///< fast: int8 SIMD scan to a short list, then the short list re-scored exactly from the fp32 rows
};

/// @brief Options of a 1:N search.
struct SearchOptions {
    std::size_t k = 10;                            ///< candidates returned (fewer when the gallery is smaller)
    ScanPrecision precision = ScanPrecision::Fp32; ///< scan kind
    std::size_t shortlist = 64;                    ///< int8 scan: rows re-scored exactly (at least k + 8)
    unsigned threads = 1;                          ///< 1 or 2: a second thread scans half the gallery
};

/// @brief 1:1 and 1:N comparison of L2-normalised templates by cosine similarity.
///
/// Results are exact: the SIMD scan picks a short list (k + 8 rows, or `shortlist` rows for int8) and those rows are
/// re-scored in double precision, ordered by score (ties: lower slot first), so ids, order and scores equal a
/// double-precision scan of the whole gallery.
class Matcher {
public:
    /// @brief A matcher using `isa` (default: the best this CPU runs, chosen at run time).
    explicit Matcher(Isa isa = bestIsa());

    Isa isa() const { return m_isa; }

    /// @brief 1:1 cosine similarity of two templates (each normalised here); InvalidArgument on size mismatch/zero.
    Result<float> score(std::span<const float> a, std::span<const float> b) const;

    /// @brief 1:N top-k search, best first; an empty gallery gives an empty list.
    Result<std::vector<Candidate>> search(const Gallery& gallery, std::span<const float> query,
                                          const SearchOptions& options = {}) const;

private:
    Isa m_isa;
};

} // namespace portico::match

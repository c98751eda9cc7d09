// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "common/Result.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

namespace portico::match {

/// @brief Identifier of a gallery template: a 64-bit number or a string (e.g. a manifest traveler id).
using GalleryId = std::variant<std::uint64_t, std::string>;

/// @brief Printable form of a GalleryId ("#42" for numbers, the string itself otherwise); not for logs of PII.
std::string galleryIdText(const GalleryId& id);

/// @brief Bytes a Gallery occupies, split so the overhead over the raw vectors can be stated exactly.
struct GalleryMemory {
    std::size_t count = 0;
    std::size_t dim = 0;
    std::size_t rawFp32Bytes = 0; ///< count × dim × 4: the vectors themselves
    std::size_t fp32Bytes = 0;    ///< allocated fp32 store (padding and spare capacity included)
    std::size_t int8Bytes = 0;    ///< allocated int8 copy plus its per-vector scales
    std::size_t idBytes = 0;      ///< ids and the id→slot index (estimate: element sizes, strings' heap, buckets)
    double fp32Ratio() const;     ///< fp32Bytes ÷ rawFp32Bytes
    double vectorRatio() const;   ///< (fp32Bytes + int8Bytes) ÷ (rawFp32Bytes + count × dim): vectors vs raw
};

/// @brief Contiguous, 64-byte-aligned store of L2-normalised float templates with ids, plus an int8 copy.
///
/// Rows are `stride()` floats apart (dim rounded up to 8; padding is zero, so dot products are unaffected).
/// Removal swaps the last row into the hole (slots are not stable across removals; ids are).
/// Not thread-safe for writes; concurrent const use (searches) is fine.
class Gallery {
public:
    /// @brief An empty gallery of vectors with `dim` dimensions (dim > 0).
    explicit Gallery(std::size_t dim);
    ~Gallery();
    Gallery(Gallery&&) noexcept;
    Gallery& operator=(Gallery&&) noexcept;
    Gallery(const Gallery&) = delete;
    Gallery& operator=(const Gallery&) = delete;

    /// @brief Adds a template (normalised here); Conflict if the id exists, InvalidArgument on wrong dim/zero/NaN.
    Status add(const GalleryId& id, std::span<const float> vector);
    /// @brief Replaces the vector of an existing id in place; NotFound if absent.
    Status replace(const GalleryId& id, std::span<const float> vector);
    /// @brief Adds or replaces.
    Status upsert(const GalleryId& id, std::span<const float> vector);
    /// @brief Removes an id (swap-remove); NotFound if absent.
    Status remove(const GalleryId& id);
    /// @brief Removes everything, keeping the capacity.
    void clear();
    /// @brief Makes room for `count` templates without reallocating later.
    void reserve(std::size_t count);
    /// @brief Releases spare capacity.
    void shrinkToFit();

    std::size_t size() const { return m_ids.size(); }
    bool empty() const { return m_ids.empty(); }
    std::size_t dim() const { return m_dim; }
    /// @brief Floats between consecutive fp32 rows (dim rounded up to a multiple of 8).
    std::size_t stride() const { return m_stride; }
    /// @brief Bytes between consecutive int8 rows (dim rounded up to a multiple of 32).
    std::size_t stride8() const { return m_stride8; }

    /// @brief Slot of an id, if present.
    std::optional<std::size_t> slotOf(const GalleryId& id) const;
    bool contains(const GalleryId& id) const { return slotOf(id).has_value(); }
    const GalleryId& idAt(std::size_t slot) const { return m_ids[slot]; }
    /// @brief The normalised fp32 row of a slot (`dim()` valid values, zero padding up to `stride()`).
    const float* row(std::size_t slot) const { return m_fp32 + slot * m_stride; }
    /// @brief All fp32 rows, 64-byte aligned.
    const float* data() const { return m_fp32; }
    /// @brief All int8 rows; value × scale(slot) approximates the fp32 row.
    const std::int8_t* data8() const { return m_int8; }
    const float* scales() const { return m_scales; }

    /// @brief Exact memory figures of this gallery.
    GalleryMemory memory() const;

    /// @brief L2-normalises `in` into `out` (sizes equal); InvalidArgument for zero or non-finite input.
    static Status normalise(std::span<const float> in, std::span<float> out);
    /// @brief Quantises a normalised vector to int8 (symmetric, per-vector scale); returns the scale.
    static float quantise(std::span<const float> in, std::int8_t* out);

private:
    void growTo(std::size_t capacity);
    Status writeRow(std::size_t slot, std::span<const float> vector);

    std::size_t m_dim = 0;
    std::size_t m_stride = 0;
    std::size_t m_stride8 = 0;
    std::size_t m_capacity = 0;
    float* m_fp32 = nullptr;
    std::int8_t* m_int8 = nullptr;
    float* m_scales = nullptr;
    std::vector<GalleryId> m_ids;
    std::unordered_map<GalleryId, std::size_t> m_slots;
};

} // namespace portico::match

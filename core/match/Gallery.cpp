// SPDX-License-Identifier: GPL-3.0-or-later
#include "match/Gallery.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>

namespace portico::match {

namespace {

constexpr std::size_t kAlign = 64;
constexpr std::size_t kMinCapacity = 64;

std::size_t roundUp(std::size_t v, std::size_t m) {
    return (v + m - 1) / m * m;
}

template <class T>
T* alignedAlloc(std::size_t count) {
    if (count == 0) {
        return nullptr;
    }
    const std::size_t bytes = roundUp(count * sizeof(T), kAlign);
    void* p = std::aligned_alloc(kAlign, bytes);
    if (p == nullptr) {
        throw std::bad_alloc();
    }
    std::memset(p, 0, bytes);
    return static_cast<T*>(p);
}

std::size_t allocatedBytes(std::size_t count, std::size_t elementSize) {
    return count == 0 ? 0 : roundUp(count * elementSize, kAlign);
}

} // namespace

std::string galleryIdText(const GalleryId& id) {
    if (const auto* n = std::get_if<std::uint64_t>(&id)) {
        return "#" + std::to_string(*n);
    }
    return std::get<std::string>(id);
}

double GalleryMemory::fp32Ratio() const {
    return rawFp32Bytes == 0 ? 0.0 : static_cast<double>(fp32Bytes) / static_cast<double>(rawFp32Bytes);
}

double GalleryMemory::vectorRatio() const {
    const std::size_t raw = rawFp32Bytes + count * dim;
    return raw == 0 ? 0.0 : static_cast<double>(fp32Bytes + int8Bytes) / static_cast<double>(raw);
}

Gallery::Gallery(std::size_t dim)
    : m_dim(dim == 0 ? 1 : dim), m_stride(roundUp(m_dim, 8)), m_stride8(roundUp(m_dim, 32)) {}

Gallery::~Gallery() {
    std::free(m_fp32);
    std::free(m_int8);
    std::free(m_scales);
}

Gallery::Gallery(Gallery&& o) noexcept
    : m_dim(o.m_dim), m_stride(o.m_stride), m_stride8(o.m_stride8), m_capacity(o.m_capacity), m_fp32(o.m_fp32),
      m_int8(o.m_int8), m_scales(o.m_scales), m_ids(std::move(o.m_ids)), m_slots(std::move(o.m_slots)) {
    o.m_capacity = 0;
    o.m_fp32 = nullptr;
    o.m_int8 = nullptr;
    o.m_scales = nullptr;
    o.m_ids.clear();
    o.m_slots.clear();
}

Gallery& Gallery::operator=(Gallery&& o) noexcept {
    if (this != &o) {
        std::free(m_fp32);
        std::free(m_int8);
        std::free(m_scales);
        m_dim = o.m_dim;
        m_stride = o.m_stride;
        m_stride8 = o.m_stride8;
        m_capacity = o.m_capacity;
        m_fp32 = o.m_fp32;
        m_int8 = o.m_int8;
        m_scales = o.m_scales;
        m_ids = std::move(o.m_ids);
        m_slots = std::move(o.m_slots);
        o.m_capacity = 0;
        o.m_fp32 = nullptr;
        o.m_int8 = nullptr;
        o.m_scales = nullptr;
        o.m_ids.clear();
        o.m_slots.clear();
    }
    return *this;
}

Status Gallery::normalise(std::span<const float> in, std::span<float> out) {
    if (in.size() != out.size() || in.empty()) {
        return makeError(ErrorCode::InvalidArgument, "normalise: size mismatch or empty vector");
    }
    double sum = 0.0;
    for (float v : in) {
        if (!std::isfinite(v)) {
            return makeError(ErrorCode::InvalidArgument, "template has a non-finite value");
        }
        sum += static_cast<double>(v) * static_cast<double>(v);
    }
    if (!(sum > 0.0) || !std::isfinite(sum)) {
        return makeError(ErrorCode::InvalidArgument, "template has zero length");
    }
    const double inv = 1.0 / std::sqrt(sum);
    for (std::size_t i = 0; i < in.size(); ++i) {
        out[i] = static_cast<float>(static_cast<double>(in[i]) * inv);
    }
    return {};
}

float Gallery::quantise(std::span<const float> in, std::int8_t* out) {
    float maxAbs = 0.f;
    for (float v : in) {
        maxAbs = std::max(maxAbs, std::fabs(v));
    }
    if (maxAbs <= 0.f) {
        std::fill(out, out + in.size(), std::int8_t{0});
        return 0.f;
    }
    const float scale = maxAbs / 127.f;
    const float inv = 127.f / maxAbs;
    for (std::size_t i = 0; i < in.size(); ++i) {
        const float q = std::nearbyint(in[i] * inv);
        out[i] = static_cast<std::int8_t>(std::clamp(q, -127.f, 127.f));
    }
    return scale;
}

void Gallery::growTo(std::size_t capacity) {
    if (capacity <= m_capacity) {
        return;
    }
    float* fp32 = alignedAlloc<float>(capacity * m_stride);
    std::int8_t* int8 = alignedAlloc<std::int8_t>(capacity * m_stride8);
    float* scales = alignedAlloc<float>(capacity);
    const std::size_t n = size();
    if (n > 0) {
        std::memcpy(fp32, m_fp32, n * m_stride * sizeof(float));
        std::memcpy(int8, m_int8, n * m_stride8);
        std::memcpy(scales, m_scales, n * sizeof(float));
    }
    std::free(m_fp32);
    std::free(m_int8);
    std::free(m_scales);
    m_fp32 = fp32;
    m_int8 = int8;
    m_scales = scales;
    m_capacity = capacity;
}

void Gallery::reserve(std::size_t count) {
    growTo(count);
    m_ids.reserve(count);
    m_slots.reserve(count);
}

void Gallery::shrinkToFit() {
    if (m_capacity == size()) {
        return;
    }
    Gallery copy(m_dim);
    copy.growTo(size());
    const std::size_t n = size();
    if (n > 0) {
        std::memcpy(copy.m_fp32, m_fp32, n * m_stride * sizeof(float));
        std::memcpy(copy.m_int8, m_int8, n * m_stride8);
        std::memcpy(copy.m_scales, m_scales, n * sizeof(float));
    }
    copy.m_ids = std::move(m_ids);
    copy.m_ids.shrink_to_fit();
    copy.m_slots = std::move(m_slots);
    *this = std::move(copy);
}

Status Gallery::writeRow(std::size_t slot, std::span<const float> vector) {
    float* dst = m_fp32 + slot * m_stride;
    std::vector<float> tmp(m_dim);
    if (auto st = normalise(vector, tmp); !st) {
        return st;
    }
    std::memcpy(dst, tmp.data(), m_dim * sizeof(float));
    std::fill(dst + m_dim, dst + m_stride, 0.f);
    std::int8_t* dst8 = m_int8 + slot * m_stride8;
    m_scales[slot] = quantise(tmp, dst8);
    std::fill(dst8 + m_dim, dst8 + m_stride8, std::int8_t{0});
    return {};
}

Status Gallery::add(const GalleryId& id, std::span<const float> vector) {
    if (vector.size() != m_dim) {
        return makeError(ErrorCode::InvalidArgument, "template has " + std::to_string(vector.size()) +
                                                         " dimensions, gallery has " + std::to_string(m_dim));
    }
    if (m_slots.count(id) != 0) {
        return makeError(ErrorCode::Conflict, "gallery id already present");
    }
    const std::size_t slot = size();
    if (slot == m_capacity) {
        growTo(std::max({kMinCapacity, m_capacity + m_capacity / 16, slot + 1}));
    }
    if (auto st = writeRow(slot, vector); !st) {
        return st;
    }
    m_ids.push_back(id);
    m_slots.emplace(id, slot);
    return {};
}

Status Gallery::replace(const GalleryId& id, std::span<const float> vector) {
    if (vector.size() != m_dim) {
        return makeError(ErrorCode::InvalidArgument, "template dimension differs from the gallery's");
    }
    const auto it = m_slots.find(id);
    if (it == m_slots.end()) {
        return makeError(ErrorCode::NotFound, "gallery id not present");
    }
    return writeRow(it->second, vector);
}

Status Gallery::upsert(const GalleryId& id, std::span<const float> vector) {
    return contains(id) ? replace(id, vector) : add(id, vector);
}

Status Gallery::remove(const GalleryId& id) {
    const auto it = m_slots.find(id);
    if (it == m_slots.end()) {
        return makeError(ErrorCode::NotFound, "gallery id not present");
    }
    const std::size_t slot = it->second;
    const std::size_t last = size() - 1;
    m_slots.erase(it);
    if (slot != last) {
        std::memcpy(m_fp32 + slot * m_stride, m_fp32 + last * m_stride, m_stride * sizeof(float));
        std::memcpy(m_int8 + slot * m_stride8, m_int8 + last * m_stride8, m_stride8);
        m_scales[slot] = m_scales[last];
        m_ids[slot] = std::move(m_ids[last]);
        m_slots[m_ids[slot]] = slot;
    }
    m_ids.pop_back();
    std::memset(m_fp32 + last * m_stride, 0, m_stride * sizeof(float));
    std::memset(m_int8 + last * m_stride8, 0, m_stride8);
    m_scales[last] = 0.f;
    return {};
}

void Gallery::clear() {
    m_ids.clear();
    m_slots.clear();
}

std::optional<std::size_t> Gallery::slotOf(const GalleryId& id) const {
    const auto it = m_slots.find(id);
    if (it == m_slots.end()) {
        return std::nullopt;
    }
    return it->second;
}

GalleryMemory Gallery::memory() const {
    GalleryMemory m;
    m.count = size();
    m.dim = m_dim;
    m.rawFp32Bytes = size() * m_dim * sizeof(float);
    m.fp32Bytes = allocatedBytes(m_capacity * m_stride, sizeof(float));
    m.int8Bytes = allocatedBytes(m_capacity * m_stride8, 1) + allocatedBytes(m_capacity, sizeof(float));
    std::size_t ids = m_ids.capacity() * sizeof(GalleryId);
    for (const auto& id : m_ids) {
        if (const auto* s = std::get_if<std::string>(&id); s != nullptr && s->capacity() > 15) {
            ids += 2 * (s->capacity() + 1); // the id list and the index key each own a heap copy
        }
    }
    // unordered_map: one node per element (next pointer, key, value, cached hash) plus the bucket array.
    ids += m_slots.size() * (sizeof(void*) + sizeof(GalleryId) + sizeof(std::size_t) + sizeof(std::size_t));
    ids += m_slots.bucket_count() * sizeof(void*);
    m.idBytes = ids;
    return m;
}

} // namespace portico::match

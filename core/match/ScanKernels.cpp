// SPDX-License-Identifier: GPL-3.0-or-later
// Scan kernels. This translation unit is compiled for baseline x86-64; the AVX2/FMA functions carry their own
// target attribute and are only called after __builtin_cpu_supports says the CPU has both.
#include "match/ScanKernels.h"

#include <cstdlib>
#include <cstring>
#include <string>

#if defined(__x86_64__) || defined(__i386__)
#define PORTICO_MATCH_X86 1
#include <immintrin.h>
#endif

namespace portico::match {

namespace {

// ---------------------------------------------------------------- portable

void dotF32Portable(const float* q, const float* rows, std::size_t stride, std::size_t n, float* scores) {
    for (std::size_t i = 0; i < n; ++i) {
        const float* r = rows + i * stride;
        float acc[8] = {};
        for (std::size_t d = 0; d < stride; d += 8) {
            for (std::size_t j = 0; j < 8; ++j) {
                acc[j] += q[d + j] * r[d + j];
            }
        }
        scores[i] = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
    }
}

void dotI8Portable(const std::int8_t* q8, float qScale, const std::int8_t* rows8, std::size_t stride8,
                   const float* rowScales, std::size_t n, float* scores) {
    for (std::size_t i = 0; i < n; ++i) {
        const std::int8_t* r = rows8 + i * stride8;
        std::int32_t acc = 0;
        for (std::size_t d = 0; d < stride8; ++d) {
            acc += static_cast<std::int32_t>(q8[d]) * static_cast<std::int32_t>(r[d]);
        }
        scores[i] = static_cast<float>(acc) * qScale * rowScales[i];
    }
}

float readSumPortable(const float* data, std::size_t count) {
    float acc[8] = {};
    for (std::size_t i = 0; i < count; i += 8) {
        for (std::size_t j = 0; j < 8; ++j) {
            acc[j] += data[i + j];
        }
    }
    return ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
}

// ---------------------------------------------------------------- AVX2 + FMA
#ifdef PORTICO_MATCH_X86

__attribute__((target("avx2,fma"))) inline float hsum256(__m256 v) {
    const __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    const __m128 t = _mm_add_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_add_ss(t, _mm_movehdup_ps(t)));
}

// Rows are read one at a time, front to back, with four independent accumulators: a purely sequential read stream
// keeps the hardware prefetcher ahead (interleaving four rows measured ~1.5x slower on a memory-bound gallery).
// Four finished rows share one horizontal reduction.
__attribute__((target("avx2,fma"))) inline __m256 rowDotAvx2(const float* q, const float* r, std::size_t stride) {
    __m256 a0 = _mm256_setzero_ps();
    __m256 a1 = _mm256_setzero_ps();
    __m256 a2 = _mm256_setzero_ps();
    __m256 a3 = _mm256_setzero_ps();
    std::size_t d = 0;
    for (; d + 32 <= stride; d += 32) {
        a0 = _mm256_fmadd_ps(_mm256_load_ps(r + d), _mm256_loadu_ps(q + d), a0);
        a1 = _mm256_fmadd_ps(_mm256_load_ps(r + d + 8), _mm256_loadu_ps(q + d + 8), a1);
        a2 = _mm256_fmadd_ps(_mm256_load_ps(r + d + 16), _mm256_loadu_ps(q + d + 16), a2);
        a3 = _mm256_fmadd_ps(_mm256_load_ps(r + d + 24), _mm256_loadu_ps(q + d + 24), a3);
    }
    for (; d < stride; d += 8) {
        a0 = _mm256_fmadd_ps(_mm256_load_ps(r + d), _mm256_loadu_ps(q + d), a0);
    }
    return _mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3));
}

__attribute__((target("avx2,fma"))) void dotF32Avx2(const float* q, const float* rows, std::size_t stride,
                                                    std::size_t n, float* scores) {
    std::size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        const float* r = rows + i * stride;
        const __m256 s0 = rowDotAvx2(q, r, stride);
        const __m256 s1 = rowDotAvx2(q, r + stride, stride);
        const __m256 s2 = rowDotAvx2(q, r + 2 * stride, stride);
        const __m256 s3 = rowDotAvx2(q, r + 3 * stride, stride);
        const __m256 h = _mm256_hadd_ps(_mm256_hadd_ps(s0, s1), _mm256_hadd_ps(s2, s3));
        _mm_storeu_ps(scores + i, _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1)));
    }
    for (; i < n; ++i) {
        scores[i] = hsum256(rowDotAvx2(q, rows + i * stride, stride));
    }
}

__attribute__((target("avx2,fma"))) inline __m256i dot8Step(__m256i acc, __m256i qAbs, __m256i qSign, __m256i g,
                                                            __m256i ones) {
    // |q| (unsigned) × (g · sign q) (signed) = q · g; pairs summed to int16 (≤ 2·127·127, no saturation), then int32.
    const __m256i p16 = _mm256_maddubs_epi16(qAbs, _mm256_sign_epi8(g, qSign));
    return _mm256_add_epi32(acc, _mm256_madd_epi16(p16, ones));
}

__attribute__((target("avx2,fma"))) void dotI8Avx2(const std::int8_t* q8, float qScale, const std::int8_t* rows8,
                                                   std::size_t stride8, const float* rowScales, std::size_t n,
                                                   float* scores) {
    // One row at a time, front to back, with four accumulators across its columns: a single sequential stream, as
    // the fp32 kernel. Interleaving four rows (one accumulator each) measured 2.7× slower at 512-d on a gallery
    // larger than the cache (docs/matching.md).
    const __m256i ones = _mm256_set1_epi16(1);
    const std::size_t wide = stride8 / 128 * 128; // stride8 is a multiple of 32
    for (std::size_t i = 0; i < n; ++i) {
        const std::int8_t* r = rows8 + i * stride8;
        __m256i a0 = _mm256_setzero_si256();
        __m256i a1 = _mm256_setzero_si256();
        __m256i a2 = _mm256_setzero_si256();
        __m256i a3 = _mm256_setzero_si256();
        std::size_t d = 0;
        for (; d < wide; d += 128) {
            const __m256i q0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q8 + d));
            const __m256i q1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q8 + d + 32));
            const __m256i q2 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q8 + d + 64));
            const __m256i q3 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q8 + d + 96));
            a0 =
                dot8Step(a0, _mm256_abs_epi8(q0), q0, _mm256_load_si256(reinterpret_cast<const __m256i*>(r + d)), ones);
            a1 = dot8Step(a1, _mm256_abs_epi8(q1), q1, _mm256_load_si256(reinterpret_cast<const __m256i*>(r + d + 32)),
                          ones);
            a2 = dot8Step(a2, _mm256_abs_epi8(q2), q2, _mm256_load_si256(reinterpret_cast<const __m256i*>(r + d + 64)),
                          ones);
            a3 = dot8Step(a3, _mm256_abs_epi8(q3), q3, _mm256_load_si256(reinterpret_cast<const __m256i*>(r + d + 96)),
                          ones);
        }
        for (; d < stride8; d += 32) {
            const __m256i qs = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q8 + d));
            a0 =
                dot8Step(a0, _mm256_abs_epi8(qs), qs, _mm256_load_si256(reinterpret_cast<const __m256i*>(r + d)), ones);
        }
        const __m256i a = _mm256_add_epi32(_mm256_add_epi32(a0, a1), _mm256_add_epi32(a2, a3));
        const __m128i s4 = _mm_add_epi32(_mm256_castsi256_si128(a), _mm256_extracti128_si256(a, 1));
        const __m128i s2 = _mm_add_epi32(s4, _mm_unpackhi_epi64(s4, s4));
        const __m128i s1 = _mm_add_epi32(s2, _mm_shuffle_epi32(s2, 1));
        scores[i] = static_cast<float>(_mm_cvtsi128_si32(s1)) * qScale * rowScales[i];
    }
}

__attribute__((target("avx2,fma"))) float readSumAvx2(const float* data, std::size_t count) {
    __m256 a0 = _mm256_setzero_ps();
    __m256 a1 = _mm256_setzero_ps();
    __m256 a2 = _mm256_setzero_ps();
    __m256 a3 = _mm256_setzero_ps();
    for (std::size_t i = 0; i < count; i += 32) {
        a0 = _mm256_add_ps(a0, _mm256_load_ps(data + i));
        a1 = _mm256_add_ps(a1, _mm256_load_ps(data + i + 8));
        a2 = _mm256_add_ps(a2, _mm256_load_ps(data + i + 16));
        a3 = _mm256_add_ps(a3, _mm256_load_ps(data + i + 24));
    }
    return hsum256(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)));
}

bool cpuHasAvx2Fma() {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
#else
bool cpuHasAvx2Fma() {
    return false;
}
#endif

bool useAvx2(Isa isa) {
#ifdef PORTICO_MATCH_X86
    static const bool supported = cpuHasAvx2Fma();
    return isa == Isa::Avx2Fma && supported;
#else
    (void)isa;
    return false;
#endif
}

} // namespace

Isa bestIsa() {
    // PORTICO_MATCH_ISA=portable forces the fallback (tests and benches of the fallback on an AVX2 machine).
    static const Isa best = [] {
        const char* forced = std::getenv("PORTICO_MATCH_ISA");
        if (forced != nullptr && std::string(forced) == "portable") {
            return Isa::Portable;
        }
        return cpuHasAvx2Fma() ? Isa::Avx2Fma : Isa::Portable;
    }();
    return best;
}

std::string_view isaName(Isa isa) {
    switch (isa) {
    case Isa::Portable:
        return "portable";
    case Isa::Avx2Fma:
        return "avx2-fma";
    case Isa::Unknown:
        break;
    }
    return "unknown";
}

void ScanKernels::dotF32(Isa isa, const float* q, const float* rows, std::size_t stride, std::size_t n, float* scores) {
#ifdef PORTICO_MATCH_X86
    if (useAvx2(isa)) {
        dotF32Avx2(q, rows, stride, n, scores);
        return;
    }
#endif
    dotF32Portable(q, rows, stride, n, scores);
}

void ScanKernels::dotI8(Isa isa, const std::int8_t* q8, float qScale, const std::int8_t* rows8, std::size_t stride8,
                        const float* rowScales, std::size_t n, float* scores) {
#ifdef PORTICO_MATCH_X86
    if (useAvx2(isa)) {
        dotI8Avx2(q8, qScale, rows8, stride8, rowScales, n, scores);
        return;
    }
#endif
    dotI8Portable(q8, qScale, rows8, stride8, rowScales, n, scores);
}

float ScanKernels::readSum(Isa isa, const float* data, std::size_t count) {
#ifdef PORTICO_MATCH_X86
    if (useAvx2(isa)) {
        return readSumAvx2(data, count);
    }
#endif
    return readSumPortable(data, count);
}

} // namespace portico::match

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace portico::match {

/// @brief Instruction set a scan kernel uses; chosen at run time (the library itself is built for baseline x86-64).
enum class Isa {
    Unknown = 0,
    Portable, ///< plain C++, any CPU
    Avx2Fma,  ///< AVX2 + FMA (checked with __builtin_cpu_supports)
};

/// @brief The fastest kernel this CPU runs.
Isa bestIsa();
/// @brief "portable" or "avx2-fma".
std::string_view isaName(Isa isa);

/// @brief Dense dot-product kernels over gallery rows; the building blocks of Matcher, exposed for tests and benches.
class ScanKernels {
public:
    /// @brief scores[i] = <q, rows + i·stride> for i < n; q and rows hold `stride` floats (multiple of 8).
    static void dotF32(Isa isa, const float* q, const float* rows, std::size_t stride, std::size_t n, float* scores);
    /// @brief scores[i] = <q8, rows8 + i·stride8> · qScale · rowScales[i]; stride8 is a multiple of 32, values in
    /// [-127, 127].
    static void dotI8(Isa isa, const std::int8_t* q8, float qScale, const std::int8_t* rows8, std::size_t stride8,
                      const float* rowScales, std::size_t n, float* scores);
    /// @brief Plain read-bandwidth kernel: sums `count` floats (count multiple of 32, 32-byte aligned data).
    static float readSum(Isa isa, const float* data, std::size_t count);
};

} // namespace portico::match

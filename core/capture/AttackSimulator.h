// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <string_view>

namespace portico::capture {

/// @brief A simulated presentation attack: a bona fide photo re-captured through a medium.
enum class SimulatedAttack {
    Unknown = 0,
    Print,  ///< halftone print on tinted paper, reduced dynamic range, held at a slight angle, re-photographed
    Screen, ///< photo shown on an RGB-stripe screen (blue cast, lifted blacks, glare), re-photographed
    Plain,  ///< control: the photo itself placed and re-photographed as Print, without any medium artefact
};

/// @brief Stable name ("print", "screen", "plain").
std::string_view simulatedAttackName(SimulatedAttack attack);

/// @brief Synthesise "a photo of the photo" (BGR 8-bit) as a @p frame sized camera frame: the medium is rendered
/// from @p photo, placed with a small random perspective on a plain background, then blurred, noised and JPEG
/// encoded like a camera frame. Deterministic for a given @p seed. These are simulations, not physical attacks:
/// they model a few optical artefacts and nothing of real paper, inks, screens or cameras.
cv::Mat simulateAttack(const cv::Mat& photo, SimulatedAttack attack, std::uint64_t seed,
                       cv::Size frame = cv::Size(640, 480));

} // namespace portico::capture

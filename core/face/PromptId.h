// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string_view>

namespace portico::face {

/// @brief What the traveler should do next; ui/ turns each id into a sentence in the traveler's language.
enum class PromptId {
    Unknown = 0,
    None,          ///< nothing to fix
    NoFace,        ///< no face found: step in front of the camera
    OnlyOneFace,   ///< several faces: only the traveler in front of the camera
    MoveCloser,    ///< face too small (inter-eye distance)
    MoveBack,      ///< face too large for the frame
    CentreFace,    ///< face off-centre or partly outside the frame
    LookAtCamera,  ///< head turned (yaw) or tilted up/down (pitch)
    KeepHeadLevel, ///< head tilted sideways (roll)
    OpenEyes,      ///< eyes closed
    RemoveGlasses, ///< reserved: no glasses measure yet
    HoldStill,     ///< image blurred (motion or focus)
    MoreLight,     ///< face too dark
    LessLight,     ///< face too bright / clipped
};

/// @brief Stable identifier of a prompt, for logs and JSON (never shown to travelers as is).
std::string_view promptIdName(PromptId id);

} // namespace portico::face

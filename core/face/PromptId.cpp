// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/PromptId.h"

namespace portico::face {

std::string_view promptIdName(PromptId id) {
    switch (id) {
    case PromptId::Unknown:
        return "unknown";
    case PromptId::None:
        return "none";
    case PromptId::NoFace:
        return "no_face";
    case PromptId::OnlyOneFace:
        return "only_one_face";
    case PromptId::MoveCloser:
        return "move_closer";
    case PromptId::MoveBack:
        return "move_back";
    case PromptId::CentreFace:
        return "centre_face";
    case PromptId::LookAtCamera:
        return "look_at_camera";
    case PromptId::KeepHeadLevel:
        return "keep_head_level";
    case PromptId::OpenEyes:
        return "open_eyes";
    case PromptId::RemoveGlasses:
        return "remove_glasses";
    case PromptId::HoldStill:
        return "hold_still";
    case PromptId::MoreLight:
        return "more_light";
    case PromptId::LessLight:
        return "less_light";
    }
    return "unknown";
}

} // namespace portico::face

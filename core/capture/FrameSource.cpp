// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/FrameSource.h"

namespace portico::capture {

std::string_view sourceStatusName(SourceStatus status) {
    switch (status) {
    case SourceStatus::Unknown:
        return "unknown";
    case SourceStatus::Stopped:
        return "stopped";
    case SourceStatus::Opening:
        return "opening";
    case SourceStatus::Streaming:
        return "streaming";
    case SourceStatus::Disconnected:
        return "disconnected";
    case SourceStatus::EndOfStream:
        return "end-of-stream";
    }
    return "unknown";
}

} // namespace portico::capture

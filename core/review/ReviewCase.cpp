// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/ReviewCase.h"

namespace portico::review {

std::string_view caseStateName(CaseState state) {
    switch (state) {
    case CaseState::Open:
        return "open";
    case CaseState::Claimed:
        return "claimed";
    case CaseState::Resolved:
        return "resolved";
    case CaseState::Unknown:
        break;
    }
    return "unknown";
}

CaseState parseCaseState(std::string_view name) {
    for (const CaseState s : {CaseState::Open, CaseState::Claimed, CaseState::Resolved}) {
        if (caseStateName(s) == name) {
            return s;
        }
    }
    return CaseState::Unknown;
}

std::string_view resolutionName(Resolution resolution) {
    switch (resolution) {
    case Resolution::IdentityConfirmed:
        return "identity_confirmed";
    case Resolution::NotConfirmedSecondary:
        return "not_confirmed_secondary";
    case Resolution::Inconclusive:
        return "inconclusive";
    case Resolution::Unknown:
        break;
    }
    return "unknown";
}

Resolution parseResolution(std::string_view name) {
    for (const Resolution r :
         {Resolution::IdentityConfirmed, Resolution::NotConfirmedSecondary, Resolution::Inconclusive}) {
        if (resolutionName(r) == name) {
            return r;
        }
    }
    return Resolution::Unknown;
}

std::chrono::milliseconds ReviewCase::timeInQueue(Clock::TimePoint now) const {
    const Clock::TimePoint end = resolvedAt.value_or(now);
    const auto d = std::chrono::duration_cast<std::chrono::milliseconds>(end - createdAt);
    return d.count() < 0 ? std::chrono::milliseconds(0) : d;
}

} // namespace portico::review

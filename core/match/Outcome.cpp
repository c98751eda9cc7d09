// SPDX-License-Identifier: GPL-3.0-or-later
#include "match/Outcome.h"

#include <algorithm>

namespace portico::match {

OutcomeKind Outcome::kind() const {
    switch (result.index()) {
    case 0:
        return OutcomeKind::Match;
    case 1:
        return OutcomeKind::NoMatch;
    case 2:
        return OutcomeKind::Ambiguous;
    case 3:
        return OutcomeKind::LowQuality;
    case 4:
        return OutcomeKind::Unavailable;
    default:
        return OutcomeKind::Unknown;
    }
}

bool Outcome::has(ReasonCode r) const {
    return std::find(reasons.begin(), reasons.end(), r) != reasons.end();
}

std::string_view outcomeKindName(OutcomeKind kind) {
    switch (kind) {
    case OutcomeKind::Unknown:
        return "unknown";
    case OutcomeKind::Match:
        return "match";
    case OutcomeKind::NoMatch:
        return "no_match";
    case OutcomeKind::Ambiguous:
        return "ambiguous";
    case OutcomeKind::LowQuality:
        return "low_quality";
    case OutcomeKind::Unavailable:
        return "unavailable";
    }
    return "unknown";
}

} // namespace portico::match

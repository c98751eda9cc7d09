// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "match/Outcome.h"
#include "match/ThresholdPolicy.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace portico::match {

/// @brief Turns scores and candidates into Outcomes under a ThresholdPolicy (age policy included).
class Decider {
public:
    /// @brief Age in whole years of a gallery candidate (from the manifest's date of birth), if known.
    using AgeOf = std::function<std::optional<int>(const Candidate&)>;

    explicit Decider(const ThresholdPolicy& policy);

    /// @brief 1:1: the claimed identity `claimed` (score filled in) against the verification threshold.
    Outcome verify(Candidate claimed, std::optional<int> ageYears = std::nullopt) const;
    /// @brief 1:N: candidates best first (from Matcher::search) against the threshold for a gallery of `gallerySize`.
    /// The top candidate's age (if `ageOf` is given) selects the age policy.
    Outcome identify(const std::vector<Candidate>& candidates, std::size_t gallerySize,
                     const AgeOf& ageOf = nullptr) const;

    /// @brief The capture failed quality measures.
    static Outcome lowQuality(std::vector<QualityMeasure> measures);
    /// @brief Matching could not run.
    static Outcome unavailable(std::string reason);

private:
    Outcome finish(Outcome o, const Threshold& t) const;

    const ThresholdPolicy& m_policy;
};

} // namespace portico::match

// SPDX-License-Identifier: GPL-3.0-or-later
#include "match/Decider.h"

#include <utility>

namespace portico::match {

Decider::Decider(const ThresholdPolicy& policy) : m_policy(policy) {}

Outcome Decider::finish(Outcome o, const Threshold& t) const {
    // Threshold reasons (clamped, age policy) travel with the outcome.
    for (ReasonCode r : t.reasons) {
        o.reasons.push_back(r);
    }
    // Age policy: always a second look, whatever the score says (a no-match already goes to a manual check).
    if (t.ageSecondLook() && o.nextStep == NextStep::ContinueProcessing) {
        o.nextStep = NextStep::SecondLook;
    }
    o.threshold = t;
    return o;
}

Outcome Decider::verify(Candidate claimed, std::optional<int> ageYears) const {
    const Threshold t = m_policy.verification(ageYears);
    Outcome o;
    if (claimed.score >= t.score) {
        const float score = claimed.score;
        o.result = Match{std::move(claimed), score, t.score, t.fmr, m_policy.table().fmrAtScore(score)};
        o.nextStep = NextStep::ContinueProcessing;
        o.reasons.push_back(ReasonCode::Matched);
    } else {
        o.result = NoMatch{std::move(claimed), t.score};
        o.nextStep = NextStep::ManualCheck;
        o.reasons.push_back(ReasonCode::NoMatch);
    }
    return finish(std::move(o), t);
}

Outcome Decider::identify(const std::vector<Candidate>& candidates, std::size_t gallerySize, const AgeOf& ageOf) const {
    std::optional<int> age;
    if (ageOf && !candidates.empty()) {
        age = ageOf(candidates.front());
    }
    const Threshold t = m_policy.identification(gallerySize, age);
    std::vector<Candidate> above;
    for (const auto& c : candidates) {
        if (c.score >= t.score) {
            above.push_back(c);
        }
    }
    Outcome o;
    if (above.empty()) {
        NoMatch nm;
        nm.threshold = t.score;
        if (!candidates.empty()) {
            nm.best = candidates.front();
        }
        o.result = std::move(nm);
        o.nextStep = NextStep::ManualCheck;
        o.reasons.push_back(ReasonCode::NoMatch);
    } else if (above.size() >= 2 && above[0].score - above[1].score <= m_policy.ambiguityMargin()) {
        o.result = Ambiguous{std::move(above), t.score, m_policy.ambiguityMargin()};
        o.nextStep = NextStep::SecondLook;
        o.reasons.push_back(ReasonCode::Ambiguous);
    } else {
        const float score = above.front().score;
        o.result = Match{above.front(), score, t.score, t.fmr, m_policy.table().fmrAtScore(score)};
        o.nextStep = NextStep::ContinueProcessing;
        o.reasons.push_back(ReasonCode::Matched);
    }
    return finish(std::move(o), t);
}

Outcome Decider::lowQuality(std::vector<QualityMeasure> measures) {
    Outcome o;
    o.result = LowQuality{std::move(measures)};
    o.nextStep = NextStep::RetakeOrManualCheck;
    o.reasons.push_back(ReasonCode::LowQuality);
    return o;
}

Outcome Decider::unavailable(std::string reason) {
    Outcome o;
    o.result = Unavailable{std::move(reason)};
    o.nextStep = NextStep::ManualCheck;
    o.reasons.push_back(ReasonCode::Unavailable);
    return o;
}

} // namespace portico::match

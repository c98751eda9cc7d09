// SPDX-License-Identifier: GPL-3.0-or-later
// The typed inspection record at its serialisation edge: every enum name, the details JSON, the store's columns and
// the upload payload give back exactly what went in.
#include "StoreFixture.h"

#include "store/InspectionJson.h"
#include "store/SqliteOutbox.h"

#include <nlohmann/json.hpp>

using namespace portico;
using namespace portico::store;
using namespace portico::store::testing;
using inspection::Decision;
using inspection::Outcome;
using inspection::ReasonCode;
using inspection::ReviewReason;

namespace {
inspection::Details fullDetails(Clock::TimePoint priorAt) {
    inspection::Details d;
    d.referralReason = "document_check";
    d.note = "hat on, asked to remove it";
    d.threshold = inspection::ThresholdFacts{0.4375, 6.25e-7, 4812, 333.5};
    d.prior = inspection::PriorInspection{"0190d3a2-0000-7000-8000-000000000001", Decision::Verified, priorAt};
    d.timeToCaptureMs = 2150.5;
    d.faceBox = inspection::FaceBox{210, 120, 180, 190};
    d.candidates = {{"A-1", 0.61}, {"A-7", 0.44}, {"A-3", 0.125}};
    return d;
}
} // namespace

TEST_CASE("every decision, outcome, reason code and review reason has one stored name and reads back",
          "[unit][store][record]") {
    for (const auto d : {Decision::Verified, Decision::Referred, Decision::OptOut, Decision::NoShow}) {
        CHECK(inspection::parseDecision(inspection::decisionName(d)) == d);
    }
    for (const auto o : {Outcome::None, Outcome::Match, Outcome::NoMatch, Outcome::Ambiguous, Outcome::LowQuality,
                         Outcome::Unavailable}) {
        CHECK(inspection::parseOutcome(inspection::outcomeName(o)) == o);
    }
    for (int i = 1; i <= static_cast<int>(ReasonCode::OfficerReferral); ++i) {
        const auto c = static_cast<ReasonCode>(i);
        CHECK(inspection::parseReasonCode(inspection::reasonCodeName(c)) == c);
    }
    for (int i = 1; i <= static_cast<int>(ReviewReason::OfficerReferral); ++i) {
        const auto r = static_cast<ReviewReason>(i);
        CHECK(inspection::parseReviewReason(inspection::reviewReasonName(r)) == r);
    }
    // The names the store and central already hold.
    CHECK(inspection::decisionName(Decision::OptOut) == "opt_out");
    CHECK(inspection::outcomeName(Outcome::LowQuality) == "low_quality");
    CHECK(inspection::reasonCodeName(ReasonCode::DocumentMismatch) == "document_mismatch");
    CHECK(inspection::reviewReasonName(ReviewReason::AgeOver79) == "age_over_79");
    // Anything else is Unknown: no substring, no guess.
    CHECK(inspection::parseReasonCode("document_mismatch:surname") == ReasonCode::Unknown);
    CHECK(inspection::parseDecision("Verified") == Decision::Unknown);
    CHECK(inspection::parseOutcome("") == Outcome::Unknown);
}

TEST_CASE("details round-trip through JSON, and a malformed or foreign-shaped text reads as absent",
          "[unit][store][record]") {
    const auto d = fullDetails(fromMs(1795445000123));
    CHECK(detailsFromJson(toJson(d)) == d);
    CHECK(parseDetails(detailsText(d)) == d);
    const auto j = toJson(d);
    CHECK(j.at("threshold").at("gallery_size") == 4812);
    CHECK(j.at("threshold").at("one_in") == 333.5);
    CHECK(j.at("prior_inspection").at("decision") == "verified");
    CHECK(j.at("face_box") == nlohmann::json{210, 120, 180, 190});
    CHECK(parseDetails("{}") == inspection::Details{});
    CHECK(parseDetails("not json") == inspection::Details{});
    const auto odd = parseDetails(R"({"note":5,"referral_reason":["x"],"face_box":[1,2,3],"threshold":{"score":"0.4"},
                                      "prior_inspection":{"id":"x","decided_at_ms":"yesterday"},"candidates":7})");
    CHECK(odd == inspection::Details{});
    CHECK(parseReasonCodes(R"(["matched","repeat_appointment",3,"nonsense"])") ==
          std::vector<ReasonCode>{ReasonCode::Matched, ReasonCode::RepeatAppointment, ReasonCode::Unknown});
    CHECK(parseReviewReasons("{}").empty());
}

TEST_CASE("a typed record goes into the store and the upload payload and comes back the same",
          "[unit][store][record]") {
    StoreFixture f;
    NewInspection n;
    n.officerId = "officer1";
    n.port = "DEMO";
    n.lane = 2;
    n.appointmentId = "APPT-42";
    n.outcome = Outcome::Ambiguous;
    n.decision = Decision::Referred;
    n.score = 0.66;
    n.liveness = 0.31;
    n.reasonCodes = {ReasonCode::Ambiguous, ReasonCode::LowLiveness, ReasonCode::OfficerReferral};
    n.details = fullDetails(f.clock.now() - std::chrono::minutes(30));
    n.reviewReasons = {ReviewReason::Ambiguous, ReviewReason::LowLiveness, ReviewReason::OfficerReferral};
    n.capturePhoto = fakeJpeg("RT");
    n.captureTemplate = Bytes(512, 0x3c);
    auto rec = f.inspections->record(n);
    REQUIRE(rec.ok());
    REQUIRE(rec->reviewCaseId);

    auto row = f.inspections->get(rec->id);
    REQUIRE(row.ok());
    CHECK(row->outcome == n.outcome);
    CHECK(row->decision == n.decision);
    CHECK(row->reasonCodes == n.reasonCodes);
    CHECK(row->details == n.details);
    // The threshold's score and FMR are also in their own columns, for queries and the protocol.
    CHECK(f.db->queryText("SELECT threshold || ' ' || threshold_fmr FROM inspections").valueOr("") ==
          "0.4375 6.25e-07");
    CHECK(f.db->queryText("SELECT reasons FROM review_cases").valueOr("") ==
          R"(["ambiguous","low_liveness","officer_referral"])");

    // The upload payload carries the same record, in the protocol's words.
    SqliteOutbox outbox(*f.db, *f.crypto, std::chrono::seconds(60));
    auto batch = outbox.claimBatch(1, f.clock.now());
    REQUIRE(batch.ok());
    REQUIRE(batch->size() == 1);
    const auto payload = nlohmann::json::parse((*batch)[0].payloadJson);
    CHECK(payload.at("decision") == "referred");
    CHECK(payload.at("outcome") == "ambiguous");
    CHECK(payload.at("reason_codes") == nlohmann::json{"ambiguous", "low_liveness", "officer_referral"});
    CHECK(payload.at("threshold") == 0.4375);
    CHECK(payload.at("threshold_fmr") == 6.25e-7);
    CHECK(detailsFromJson(payload.at("details")) == n.details);
}

TEST_CASE("a record written before the whole threshold was kept reads its score and FMR from the columns",
          "[unit][store][record]") {
    StoreFixture f;
    REQUIRE(f.db->exec("INSERT INTO inspections (id, device_id, device_seq, created_at_ms, decided_at_ms, officer_id, "
                       "outcome, decision, threshold, threshold_fmr, reason_codes, details_json, is_citizen, "
                       "opted_out) VALUES ('legacy-1', 'station-7', 1, 1, 1, 'o', 'no_match', 'verified', 0.5, "
                       "0.0001, '[\"no_match\"]', '{\"note\":\"old\"}', 0, 0)")
                .ok());
    auto row = f.inspections->get("legacy-1");
    REQUIRE(row.ok());
    CHECK(row->outcome == Outcome::NoMatch);
    CHECK(row->reasonCodes == std::vector<ReasonCode>{ReasonCode::NoMatch});
    CHECK(row->details.note == "old");
    REQUIRE(row->details.threshold);
    CHECK(row->details.threshold->score == Approx(0.5));
    CHECK(row->details.threshold->fmr == Approx(1e-4));
    CHECK_FALSE(row->details.threshold->gallerySize);
    CHECK_FALSE(row->details.threshold->oneIn);
}

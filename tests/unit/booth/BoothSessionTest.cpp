// SPDX-License-Identifier: GPL-3.0-or-later
#include "booth/BoothSession.h"
#include "audit/AuditLog.h"
#include "booth/BoothPolicy.h"
#include "match/Decider.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iterator>

using namespace portico;
using booth::BoothSession;
using inspection::Decision;
using inspection::ReasonCode;

namespace {
// Impostor scores spread over [-0.3, 0.5): enough for thresholds down to FMR ~1e-3.
match::ScoreTable syntheticTable() {
    std::vector<float> scores;
    for (int i = 0; i < 5000; ++i) {
        scores.push_back(-0.3f + 0.8f * static_cast<float>(i) / 5000.f);
    }
    auto t = match::ScoreTable::fromImpostorScores(std::move(scores), {"m", "synthetic", 100, 3});
    REQUIRE(t.ok());
    return t.value();
}

// A real SQLite store in a temp dir, with real sealing and the real audit chain.
struct Fixture {
    test::TempDir tmp;
    ManualClock clock{Clock::TimePoint(std::chrono::hours(24 * 20000))};
    store::Database db;
    store::Crypto crypto{store::KeyRing::generate()};
    audit::AuditLog auditLog;
    store::InspectionStore inspections;

    Fixture()
        : db(std::move(store::Database::open(tmp.path() / "booth.db").value())), auditLog(db),
          inspections(db, crypto, auditLog, clock, "station-test") {}

    /// A stored column as text: what the serialisation edge wrote.
    std::string stored(const char* column, const std::string& id) {
        return db.queryText(std::string("SELECT ") + column + " FROM inspections WHERE id = '" + id + "'")
            .valueOr(std::string());
    }

    BoothSession session(std::chrono::milliseconds citizenRetention = std::chrono::milliseconds(0)) {
        BoothSession s(inspections, clock, {"SYS", 3, citizenRetention});
        s.setOfficer("officer.one");
        return s;
    }

    static booth::CaptureEvidence capture() {
        booth::CaptureEvidence c;
        // A real JPEG signature plus a marker we can search for in the raw files.
        c.jpeg = {0xFF, 0xD8, 0xFF, 0xE0, 'M', 'A', 'R', 'K', 'E', 'R', '-', '4', '2', 0xFF, 0xD9};
        c.templ = std::vector<std::uint8_t>(512, 0x5A);
        c.modelId = "face-api-1.7.15/face_recognition_model";
        c.qualityJson = R"({"sharpness":0.8})";
        c.liveness = 0.9;
        c.faceBox = cv::Rect(210, 120, 180, 190);
        return c;
    }

    match::Outcome matched() const {
        match::ThresholdPolicy policy(syntheticTable());
        match::Decider decider(policy);
        match::Candidate c{"A-1", 0, 0.95f};
        return decider.identify({c}, 1);
    }
};
} // namespace

TEST_CASE("a verified match becomes one durable inspection record with its evidence", "[unit][booth]") {
    Fixture f;
    auto s = f.session();
    s.setTraveler({"A-1", false});
    s.setCapture(Fixture::capture());
    s.setOutcome(f.matched());
    auto r = s.decide(Decision::Verified);
    REQUIRE(r.ok());
    auto row = f.inspections.get(r->id);
    REQUIRE(row.ok());
    CHECK(row->decision == Decision::Verified);
    CHECK(row->outcome == inspection::Outcome::Match);
    CHECK(f.stored("decision", r->id) == "verified");
    CHECK(f.stored("outcome", r->id) == "match");
    CHECK(row->appointmentId == std::optional<std::string>("A-1"));
    CHECK(row->officerId == "officer.one");
    CHECK(row->lane == 3);
    REQUIRE(row->score);
    CHECK(*row->score == Approx(0.95));
    CHECK(row->hasCapturePhoto);
    CHECK(row->hasCaptureTemplate);
    // Where the face is in the kept photo, so a supervisor sees it framed like the manifest photo.
    CHECK(nlohmann::json::parse(f.stored("details_json", r->id)).at("face_box") == nlohmann::json{210, 120, 180, 190});
    CHECK(row->details.faceBox == inspection::FaceBox{210, 120, 180, 190});
    // The session is ready for the next traveler: nothing of this one remains.
    CHECK_FALSE(s.hasCapture());
    CHECK_FALSE(s.traveler());
}

TEST_CASE("opt-out records the decision and never stores an image, even one captured before", "[unit][booth]") {
    Fixture f;
    auto s = f.session();
    s.setTraveler({"A-2", true});
    s.setCapture(Fixture::capture());
    auto r = s.decide(Decision::OptOut);
    REQUIRE(r.ok());
    auto row = f.inspections.get(r->id);
    REQUIRE(row.ok());
    CHECK(row->optedOut);
    CHECK(row->decision == Decision::OptOut);
    CHECK(row->outcome == inspection::Outcome::None);
    CHECK(f.stored("decision", r->id) == "opt_out");
    CHECK(f.stored("outcome", r->id) == "none");
    CHECK_FALSE(row->hasCapturePhoto);
    CHECK_FALSE(row->hasCaptureTemplate);

    // A late camera callback after opting out is ignored too.
    s.setTraveler({"A-3", true});
    s.optOut();
    s.setCapture(Fixture::capture());
    CHECK_FALSE(s.hasCapture());
}

TEST_CASE("a U.S. citizen's capture is not written when the policy keeps it for zero time", "[unit][booth]") {
    Fixture f;
    auto s = f.session();
    s.setTraveler({"A-4", true});
    s.setCapture(Fixture::capture());
    s.setOutcome(f.matched());
    auto r = s.decide(Decision::Verified);
    REQUIRE(r.ok());
    auto row = f.inspections.get(r->id);
    REQUIRE(row.ok());
    CHECK(row->citizen);
    CHECK_FALSE(row->hasCapturePhoto);
    CHECK_FALSE(row->hasCaptureTemplate);
    CHECK_FALSE(nlohmann::json::parse(f.stored("details_json", r->id)).contains("face_box")); // no photo, no box
    CHECK_FALSE(row->details.faceBox);
    CHECK(row->score.has_value()); // the numbers stay as evidence; the biometrics do not

    // With a retention window configured, the purge job (core/policy) removes them later instead.
    auto kept = f.session(std::chrono::hours(1));
    kept.setTraveler({"A-5", true});
    kept.setCapture(Fixture::capture());
    auto r2 = kept.decide(Decision::Verified);
    REQUIRE(r2.ok());
    CHECK(f.inspections.get(r2->id)->hasCapturePhoto);
}

TEST_CASE("a referral needs a reason and carries it as non-personal detail", "[unit][booth]") {
    Fixture f;
    auto s = f.session();
    s.setTraveler({"A-6", false});
    auto refused = s.decide(Decision::Referred);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.code() == ErrorCode::InvalidArgument);
    CHECK(s.traveler()); // nothing lost: the traveler is still there to decide again

    auto r = s.decide(Decision::Referred, "Face does not match", "looks older");
    REQUIRE(r.ok());
    auto row = f.inspections.get(r->id);
    REQUIRE(row.ok());
    CHECK(row->decision == Decision::Referred);
    CHECK_THAT(f.stored("reason_codes", r->id), Catch::Contains("officer_referral"));
    CHECK_THAT(f.stored("details_json", r->id), Catch::Contains("Face does not match"));
    CHECK(inspection::has(row->reasonCodes, ReasonCode::OfficerReferral));
    CHECK(row->details.referralReason == "Face does not match");
}

TEST_CASE("no decision is recorded without a logged-in officer", "[unit][booth]") {
    Fixture f;
    BoothSession s(f.inspections, f.clock, {"SYS", 3, {}});
    auto r = s.decide(Decision::NoShow);
    REQUIRE_FALSE(r.ok());
    CHECK(r.code() == ErrorCode::Unauthorized);
}

TEST_CASE("age-policy and low-liveness cases name why a second look is required", "[unit][booth]") {
    Fixture f;
    match::ThresholdPolicy policy(syntheticTable());
    match::Decider decider(policy);
    auto outcome = decider.identify({match::Candidate{"A-7", 0, 0.95f}}, 1,
                                    [](const match::Candidate&) { return std::optional<int>(8); });
    auto s = f.session();
    s.setOutcome(outcome);
    auto capture = Fixture::capture();
    capture.liveness = 0.2;
    s.setCapture(capture);
    const auto reasons = s.secondLookReasons();
    CHECK(std::find(reasons.begin(), reasons.end(), ReasonCode::AgeUnder14) != reasons.end());
    CHECK(std::find(reasons.begin(), reasons.end(), ReasonCode::LowLiveness) != reasons.end());
}

TEST_CASE("a second decision about one appointment is a repeat: second look, reason code and review case",
          "[unit][booth]") {
    Fixture f;
    auto s = f.session();
    s.setTraveler({"A-1", false});
    CHECK_FALSE(s.priorDecision());
    s.setCapture(Fixture::capture());
    s.setOutcome(f.matched());
    auto first = s.decide(Decision::Verified);
    REQUIRE(first.ok());
    CHECK_FALSE(first->reviewCaseId);
    const auto firstAt = f.clock.now();

    f.clock.advance(std::chrono::minutes(25));
    s.setTraveler({"A-1", false}); // the same booking comes to the booth again
    REQUIRE(s.priorDecision());
    CHECK(s.priorDecision()->id == first->id);
    CHECK(s.priorDecision()->decision == Decision::Verified);
    CHECK(s.priorDecision()->decidedAt == firstAt);
    s.setCapture(Fixture::capture());
    s.setOutcome(f.matched());
    const auto reasons = s.secondLookReasons();
    CHECK(std::find(reasons.begin(), reasons.end(), ReasonCode::RepeatAppointment) != reasons.end());
    auto second = s.decide(Decision::Verified);
    REQUIRE(second.ok());
    CHECK(second->reviewCaseId); // never settled by the booth alone
    auto row = f.inspections.get(second->id);
    REQUIRE(row.ok());
    const auto codes = nlohmann::json::parse(f.stored("reason_codes", second->id)).get<std::vector<std::string>>();
    CHECK(std::find(codes.begin(), codes.end(), "repeat_appointment") != codes.end());
    CHECK(inspection::has(row->reasonCodes, ReasonCode::RepeatAppointment));
    const auto prior = nlohmann::json::parse(f.stored("details_json", second->id)).at("prior_inspection");
    CHECK(prior.at("id") == first->id);
    CHECK(prior.at("decision") == "verified");
    CHECK(prior.at("decided_at_ms") == store::toMs(firstAt));

    // Another booking is not a repeat, and a reset forgets the earlier lookup.
    s.setTraveler({"A-2", false});
    CHECK_FALSE(s.priorDecision());
    s.setTraveler({"A-1", false});
    REQUIRE(s.priorDecision());
    CHECK(s.priorDecision()->id == second->id);
    s.reset();
    CHECK_FALSE(s.priorDecision());
    CHECK(s.secondLookReasons().empty());
}

TEST_CASE("a match against an expired manifest asks for a second look and is recorded as manifest_expired",
          "[unit][booth]") {
    Fixture f;
    auto s = f.session();
    s.setTraveler({"A-3", false});
    s.setCapture(Fixture::capture());
    s.setOutcome(f.matched());
    CHECK(s.secondLookReasons().empty()); // a clean match on a valid manifest: nothing stops the officer

    s.setManifestExpired(true);
    const auto reasons = s.secondLookReasons();
    CHECK(std::find(reasons.begin(), reasons.end(), ReasonCode::ManifestExpired) != reasons.end());
    auto recorded = s.decide(Decision::Verified);
    REQUIRE(recorded.ok());
    const auto codes = nlohmann::json::parse(f.stored("reason_codes", recorded->id)).get<std::vector<std::string>>();
    CHECK(std::find(codes.begin(), codes.end(), "manifest_expired") != codes.end());

    // The flag belongs to one traveler: the next one starts clean.
    s.reset();
    s.setTraveler({"A-4", false});
    s.setCapture(Fixture::capture());
    s.setOutcome(f.matched());
    CHECK(s.secondLookReasons().empty());
    // Without an outcome (an opt-out, a no-show) there is no match to doubt.
    s.reset();
    s.setManifestExpired(true);
    CHECK(s.secondLookReasons().empty());
}

TEST_CASE("under the age policy verified needs the officer's confirmed second look, recorded with the decision",
          "[unit][booth]") {
    Fixture f;
    match::ThresholdPolicy policy(syntheticTable());
    match::Decider decider(policy);
    // A child matched to their appointment: the age policy's stricter threshold and its second look.
    auto outcome = decider.identify({match::Candidate{"A-7", 0, 0.95f}}, 1,
                                    [](const match::Candidate&) { return std::optional<int>(8); });
    auto s = f.session();
    s.setTraveler({"A-7", false});
    s.setCapture(Fixture::capture());
    s.setOutcome(outcome);
    REQUIRE(booth::needsConfirmedSecondLook(s.secondLookReasons()));

    // F1 alone records nothing.
    auto alone = s.decide(Decision::Verified);
    REQUIRE_FALSE(alone.ok());
    CHECK(alone.code() == ErrorCode::ConfirmationRequired);
    CHECK(f.db.queryInt64("SELECT count(*) FROM inspections").valueOr(-1) == 0);
    // "Another check" must say what it was.
    auto unexplained = s.decide(Decision::Verified, {}, {}, inspection::SecondLookCheck::OtherCheck);
    REQUIRE_FALSE(unexplained.ok());
    CHECK(unexplained.code() == ErrorCode::InvalidArgument);
    CHECK(f.db.queryInt64("SELECT count(*) FROM inspections").valueOr(-1) == 0);

    // Confirmed: recorded, with what was checked; the session kept the traveler through the refusals.
    auto confirmed = s.decide(Decision::Verified, {}, {}, inspection::SecondLookCheck::DocumentPhoto);
    REQUIRE(confirmed.ok());
    const auto details = nlohmann::json::parse(f.stored("details_json", confirmed->id));
    CHECK(details.at("second_look_check") == "document_photo");
    auto row = f.inspections.get(confirmed->id);
    REQUIRE(row.ok());
    CHECK(row->details.secondLookCheck == inspection::SecondLookCheck::DocumentPhoto);
    CHECK(row->appointmentId == std::optional<std::string>("A-7"));

    // A referral of the same child needs no confirmation (it is not "verified").
    s.setTraveler({"A-8", false});
    s.setCapture(Fixture::capture());
    s.setOutcome(outcome);
    CHECK(s.decide(Decision::Referred, "Face does not match").ok());
    // An adult's clean match: F1 alone, as before.
    s.setTraveler({"A-9", false});
    s.setCapture(Fixture::capture());
    s.setOutcome(f.matched());
    CHECK_FALSE(booth::needsConfirmedSecondLook(s.secondLookReasons()));
    CHECK(s.decide(Decision::Verified).ok());
}

TEST_CASE("a traveler analysed but not decided ends in an abandoned record that keeps no image", "[unit][booth]") {
    Fixture f;
    auto s = f.session();
    // Nothing analysed (the officer only looked at the manifest): moving on writes nothing.
    s.setTraveler({"A-7", false});
    auto nothing = s.abandon(inspection::AbandonReason::Dismissed);
    REQUIRE(nothing.ok());
    CHECK_FALSE(nothing.value());
    CHECK_FALSE(s.traveler());

    // Matched and shown, then a new face: one abandoned record, no image, not a case (a clear match).
    s.setTraveler({"A-1", false});
    s.setCapture(Fixture::capture());
    s.setOutcome(f.matched());
    auto r = s.abandon(inspection::AbandonReason::NextTraveler);
    REQUIRE(r.ok());
    REQUIRE(r.value());
    auto row = f.inspections.get(r.value()->id);
    REQUIRE(row.ok());
    CHECK(row->decision == Decision::Abandoned);
    CHECK(f.stored("decision", row->id) == "abandoned");
    CHECK(row->outcome == inspection::Outcome::Match);
    CHECK(row->details.abandoned == inspection::AbandonReason::NextTraveler);
    CHECK(nlohmann::json::parse(f.stored("details_json", row->id)).at("abandoned_because") == "next_traveler");
    CHECK_FALSE(row->hasCapturePhoto);
    CHECK_FALSE(row->hasCaptureTemplate);
    CHECK_FALSE(r.value()->reviewCaseId);
    CHECK_FALSE(s.hasCapture());
    // Not a decision: the booking is still open, and deciding it now is no repeat.
    CHECK_FALSE(f.inspections.latestDecisionFor("A-1").value());
    CHECK(f.inspections.decidedAppointments(Clock::TimePoint{}).value().empty());

    // A non-match left undecided is a case, saying it went undecided.
    match::ThresholdPolicy policy(syntheticTable());
    match::Decider decider(policy);
    s.setCapture(Fixture::capture());
    s.setOutcome(decider.identify({match::Candidate{"A-2", 1, 0.0f}}, 1));
    REQUIRE(s.outcome()->kind() == match::OutcomeKind::NoMatch);
    auto nm = s.abandon(inspection::AbandonReason::Dismissed);
    REQUIRE(nm.ok());
    REQUIRE(nm.value());
    REQUIRE(nm.value()->reviewCaseId);
    CHECK(f.inspections.get(nm.value()->id)->hasCapturePhoto); // the supervisor gets the evidence
    CHECK(f.db.queryText("SELECT reasons FROM review_cases WHERE id = '" + *nm.value()->reviewCaseId + "'").value() ==
          R"(["no_match","abandoned"])");

    // An officer cannot make "abandoned" a decision.
    s.setOutcome(f.matched());
    CHECK(s.decide(Decision::Abandoned).code() == ErrorCode::InvalidArgument);
}

// SPDX-License-Identifier: GPL-3.0-or-later
// The 1:1 check against the travel-document photo, on real photos, the real face engine and the shipped calibration.
#include "booth/DocumentCheck.h"
#include "audit/AuditLog.h"
#include "booth/BoothSession.h"
#include "face/ModelStore.h"
#include "match/ScoreTable.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace portico;

namespace {
match::ThresholdPolicy shippedPolicy() {
    std::ifstream in(test::sourceDir() / "resources" / "calibration" / "faceplugin-0.0.1.json");
    std::stringstream ss;
    ss << in.rdbuf();
    auto table = match::ScoreTable::fromJson(ss.str());
    REQUIRE(table.ok());
    return match::ThresholdPolicy(table.value());
}
} // namespace

TEST_CASE("the document photo is compared 1:1 with the live capture at the verification threshold",
          "[unit][booth][document]") {
    const auto models = face::ModelStore::pinned(test::modelDir());
    auto pipeline = face::FacePipeline::load(models);
    REQUIRE(pipeline.ok());
    const auto policy = shippedPolicy();
    const booth::DocumentCheck check(pipeline.value(), policy);

    const auto dev = test::facesDevDir();
    auto traveler = check.documentTemplate(dev / "celeba_7201" / "1.jpg");
    REQUIRE(traveler.ok());
    auto other = check.documentTemplate(dev / "celeba_7203" / "1.jpg");
    REQUIRE(other.ok());
    const auto live = traveler->encode(); // the capture, as the booth stores its template

    // The same picture on the document: same person, far above the 1:1 threshold.
    auto same = check.compare(live, traveler.value(), 35);
    REQUIRE(same.ok());
    CHECK(same->score > 0.99f);
    CHECK(same->samePerson);
    CHECK(same->threshold.gallerySize == 1);
    CHECK(same->threshold.requestedFmr == Approx(policy.config().verificationFmr));
    CHECK(same->threshold.fmr > 0.0); // the rate the threshold stands for, shown to the officer
    CHECK(same->threshold.clamped == same->threshold.has(match::ReasonCode::ThresholdClamped));

    // Someone else's document: below the threshold, and the threshold is the stricter one for a child.
    auto different = check.compare(live, other.value(), 35);
    REQUIRE(different.ok());
    CHECK_FALSE(different->samePerson);
    CHECK(different->score < different->threshold.score);
    auto child = check.compare(live, other.value(), 9);
    REQUIRE(child.ok());
    CHECK(child->threshold.score >= different->threshold.score);
    CHECK(child->threshold.ageSecondLook());
}

TEST_CASE("a broken or faceless document image is refused with a clear error", "[unit][booth][document]") {
    const auto models = face::ModelStore::pinned(test::modelDir());
    auto pipeline = face::FacePipeline::load(models);
    REQUIRE(pipeline.ok());
    const auto policy = shippedPolicy();
    const booth::DocumentCheck check(pipeline.value(), policy);
    test::TempDir tmp;

    // Half a JPEG, as a document reader that lost power might leave it.
    std::ifstream in(test::facesDevDir() / "celeba_7201" / "1.jpg", std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    REQUIRE(bytes.size() > 100);
    std::ofstream(tmp.path() / "half.jpg", std::ios::binary) << bytes.substr(0, 60);
    auto truncated = check.documentTemplate(tmp.path() / "half.jpg");
    REQUIRE_FALSE(truncated.ok());
    CHECK(truncated.code() == ErrorCode::ImageInvalid);

    auto missing = check.documentTemplate(tmp.path() / "nope.jpg");
    REQUIRE_FALSE(missing.ok());

    // A corrupt live template is refused, not compared.
    auto doc = check.documentTemplate(test::facesDevDir() / "celeba_7201" / "1.jpg");
    REQUIRE(doc.ok());
    const std::vector<std::uint8_t> garbage{'P', 'T', 'P', 'L', 9, 9};
    CHECK_FALSE(check.compare(garbage, doc.value(), 40).ok());
}

TEST_CASE("the document comparison and an MRZ mismatch are recorded with the decision and open a review case",
          "[unit][booth][document]") {
    const auto models = face::ModelStore::pinned(test::modelDir());
    auto pipeline = face::FacePipeline::load(models);
    REQUIRE(pipeline.ok());
    const auto policy = shippedPolicy();
    const booth::DocumentCheck check(pipeline.value(), policy);
    auto live = check.documentTemplate(test::facesDevDir() / "celeba_7201" / "1.jpg");
    auto doc = check.documentTemplate(test::facesDevDir() / "celeba_7203" / "1.jpg");
    REQUIRE(live.ok());
    REQUIRE(doc.ok());

    test::TempDir tmp;
    ManualClock clock{Clock::TimePoint(std::chrono::hours(24 * 20000))};
    auto db = store::Database::open(tmp.path() / "booth.db");
    REQUIRE(db.ok());
    store::Crypto crypto{store::KeyRing::generate()};
    audit::AuditLog auditLog(db.value());
    store::InspectionStore inspections(db.value(), crypto, auditLog, clock, "station-test");
    booth::BoothSession session(inspections, clock, {"SYS", 2, std::chrono::milliseconds(0)});
    session.setOfficer("officer.one");
    session.setTraveler({"A-7", false});
    booth::CaptureEvidence capture;
    capture.jpeg = {0xFF, 0xD8, 0xFF, 0xD9};
    capture.templ = live->encode();
    capture.modelId = live->modelId();
    session.setCapture(capture);
    REQUIRE(session.capture().has_value());

    auto compared = check.compare(session.capture()->templ, doc.value(), 40);
    REQUIRE(compared.ok());
    REQUIRE_FALSE(compared->samePerson);
    session.setDocumentComparison(compared.value());
    session.setDocumentMismatch(true);
    auto recorded = session.decide(inspection::Decision::Referred, "document photo is someone else");
    REQUIRE(recorded.ok());
    auto row = inspections.get(recorded->id);
    REQUIRE(row.ok());
    REQUIRE(row->docScore.has_value());
    CHECK(*row->docScore == Approx(compared->score));
    CHECK(*row->docThreshold == Approx(compared->threshold.score));
    CHECK(*row->docFmr == Approx(compared->threshold.fmr));
    // As stored (the serialisation edge): the reason code's name in reason_codes.
    CHECK_THAT(db->queryText("SELECT reason_codes FROM inspections WHERE id = '" + recorded->id + "'").valueOr(""),
               Catch::Contains("document_mismatch"));
    CHECK(inspection::has(row->reasonCodes, inspection::ReasonCode::DocumentMismatch));
    CHECK(recorded->reviewCaseId.has_value()); // a person looks at it; the software decided nothing

    // The next traveler starts clean: no document result carried over.
    session.setTraveler({"A-8", false});
    auto next = session.decide(inspection::Decision::NoShow);
    REQUIRE(next.ok());
    auto nextRow = inspections.get(next->id);
    REQUIRE(nextRow.ok());
    CHECK_FALSE(nextRow->docScore.has_value());
    CHECK_FALSE(inspection::has(nextRow->reasonCodes, inspection::ReasonCode::DocumentMismatch));
}

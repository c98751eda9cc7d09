// SPDX-License-Identifier: GPL-3.0-or-later
// The supervisor's workflow without a screen: review::ReviewService on a real station store, driven like the review
// screen drives it: the queue, a case with its evidence, claim → resolve, the day's figures, the report export.
#include "review/ReviewService.h"

#include "ReviewTestSupport.h"
#include "support/SwitchableAudit.h"

#include <catch2/catch.hpp>

#include <fstream>

using namespace portico;
using namespace portico::review;
using namespace portico::review::testing;

namespace {
/// The events of one command (the service runs on the caller's thread here).
struct Events {
    std::vector<ReviewEvent> all;
    void operator()(const ReviewEvent& e) { all.push_back(e); }
    template <typename T>
    std::vector<T> of() const {
        std::vector<T> out;
        for (const auto& e : all) {
            if (const auto* t = std::get_if<T>(&e)) {
                out.push_back(*t);
            }
        }
        return out;
    }
    void clear() { all.clear(); }
};

} // namespace

TEST_CASE("review service: queue, case evidence, claim and resolve with a note, figures and an audited export",
          "[unit][review][service]") {
    ReviewFixture f;
    manifest::ManifestStore manifests(f.db, f.crypto);
    test::SwitchableAudit audit(f.auditLog);
    ReviewQueue queue(f.db, f.crypto, f.inspections, audit, f.clock);
    Monitoring monitoring(f.db);
    TrendSignals trends(manifests, audit, f.clock);
    InlineExecutor here;
    ReviewService service({queue, monitoring, trends, manifests, audit, f.clock, "SYR"}, here);
    Events events;
    service.setListener(std::ref(events));

    auto in = newInspection(inspection::Outcome::NoMatch);
    in.details.candidates = {{"APT-1", 0.41}, {"APT-2", 0.33}};
    auto rec = record(f, in);
    REQUIRE(rec.ok());
    REQUIRE(rec->reviewCaseId);
    const std::string id = *rec->reviewCaseId;

    // Nobody signed in: nothing runs.
    service.refreshQueue();
    CHECK(events.all.empty());
    service.start(supervisor("sup.ada"));

    service.refreshQueue();
    auto queues = events.of<QueueLoaded>();
    REQUIRE(queues.size() == 1);
    REQUIRE(queues.front().cases.size() == 1);
    CHECK(queues.front().cases.front().id == id);
    CHECK(queues.front().summary.open == 1);

    // The case: its view is on the audit trail before it is shown; the look-alikes come with it.
    events.clear();
    service.openCase(id);
    auto shown = events.of<CaseShown>();
    REQUIRE(shown.size() == 1);
    CHECK(shown.front().evidence.reviewCase.reasons ==
          std::vector<inspection::ReviewReason>{inspection::ReviewReason::NoMatch});
    CHECK(shown.front().lookAlikes.size() == 2);
    CHECK_FALSE(shown.front().lookAlikes.front().entry); // not in this station's manifest
    CHECK_FALSE(shown.front().claimedByMe);
    CHECK(f.auditCount("review.case.view") == 1);

    // A view that cannot be audited is not shown.
    events.clear();
    audit.failing = true;
    service.openCase(id);
    CHECK(events.of<CaseShown>().empty());
    REQUIRE(events.of<ReviewFailed>().size() == 1);
    CHECK(events.of<ReviewFailed>().front().code == ErrorCode::DiskFull);
    audit.failing = false;

    // Claim, then resolve with a note: the case shows resolved, the queue empties, the day's figures follow.
    service.refreshStats(std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(f.clock.now())});
    events.clear();
    service.claim(id);
    REQUIRE(events.of<CaseShown>().size() == 1);
    CHECK(events.of<CaseShown>().front().claimedByMe);
    events.clear();
    service.resolve(id, Resolution::Inconclusive, "   ");
    CHECK(events.of<ReviewFailed>().front().code == ErrorCode::InvalidArgument); // a note is required
    events.clear();
    service.resolve(id, Resolution::Inconclusive, "photo too dark to judge");
    REQUIRE(events.of<CaseShown>().size() == 1);
    CHECK(events.of<CaseShown>().front().evidence.reviewCase.state == CaseState::Resolved);
    CHECK(events.of<CaseShown>().front().evidence.resolutionNote ==
          std::optional<std::string>("photo too dark to judge"));
    REQUIRE(events.of<QueueLoaded>().size() == 1);
    CHECK(events.of<QueueLoaded>().front().cases.empty());
    REQUIRE(events.of<StatsLoaded>().size() == 1);
    REQUIRE(events.of<StatsLoaded>().front().stats);
    CHECK(events.of<StatsLoaded>().front().stats->overall.reviewResolved == 1);

    // The export: refused and nothing written while it cannot be audited; then audited and written.
    const auto day = std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(f.clock.now())};
    const auto csv = f.tmp.path() / "portico-daily-2026-11-23.csv";
    events.clear();
    audit.failing = true;
    service.exportReport(day, f.tmp.path());
    REQUIRE(events.of<ReportFailed>().size() == 1);
    CHECK_FALSE(std::filesystem::exists(csv));
    audit.failing = false;
    events.clear();
    service.exportReport(day, f.tmp.path());
    REQUIRE(events.of<ReportReady>().size() == 1);
    CHECK(events.of<ReportReady>().front().csvWritten);
    CHECK(events.of<ReportReady>().front().basePath == f.tmp.path() / "portico-daily-2026-11-23");
    CHECK(std::filesystem::exists(csv));
    CHECK(f.auditCount("report.export") == 1);

    // An officer's session is refused by the queue (and the refusal audited).
    ReviewService asOfficer({queue, monitoring, trends, manifests, audit, f.clock, "SYR"}, here);
    Events refused;
    asOfficer.setListener(std::ref(refused));
    asOfficer.start(officer());
    asOfficer.refreshQueue();
    REQUIRE(refused.of<ReviewFailed>().size() == 1);
    CHECK(refused.of<ReviewFailed>().front().code == ErrorCode::Forbidden);
    CHECK(f.auditCount("review.forbidden") >= 1);
}

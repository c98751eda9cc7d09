// SPDX-License-Identifier: GPL-3.0-or-later
// Port-wide review at central (docs/api.md §7), on each engine (the suite runs on SQLite and again on PostgreSQL):
// flagged records from three booths become exactly one case each, with their evidence sealed; supervisors sign in
// as persons, claim with a lease, resolve once; booth tokens never read a case; every read and step is on central's
// audit chain; retention purges case photos with a receipt.
#include "support/ChildProcess.h"
#include "support/PostgresCluster.h"
#include "support/RawHttp.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sodium.h>

#include <atomic>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

using namespace std::chrono_literals;
using nlohmann::json;
using portico::test::CentralProcess;
using portico::test::RawReply;

namespace {

constexpr const char* kSupPassword = "a long supervisor pass phrase";

std::pair<int, std::string> central(std::vector<std::string> args, const std::filesystem::path& dataDir,
                                    const std::vector<std::string>& env = {}) {
    const auto store = portico::test::centralStoreArgs(dataDir);
    args.insert(args.end(), store.begin(), store.end());
    return portico::test::runCommand(portico::test::centralExe().string(), args, env);
}

std::string deviceToken(const std::filesystem::path& dataDir, const std::string& station) {
    auto [status, out] = central({"devices", "add", "--station", station, "--port", "SYS"}, dataDir);
    REQUIRE(status == 0);
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) {
        out.pop_back();
    }
    return out;
}

void addSupervisor(const std::filesystem::path& dataDir, const std::string& user, const std::string& port = "SYS") {
    auto [status, out] = central({"accounts", "add", "--username", user, "--name", "Supervisor " + user, "--port", port,
                                  "--password-cost", "interactive"},
                                 dataDir, {std::string("PORTICO_PASSWORD=") + kSupPassword});
    INFO(out);
    REQUIRE(status == 0);
}

RawReply call(const CentralProcess& c, const std::string& method, const std::string& target, const std::string& token,
              const std::string& body = {}) {
    std::string req = method + " " + target + " HTTP/1.1\r\nHost: x\r\n";
    if (!token.empty()) {
        req += "Authorization: Bearer " + token + "\r\n";
    }
    if (!body.empty() || method == "POST") {
        req += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    }
    req += "\r\n" + body;
    return portico::test::rawExchange(portico::test::portOfUrl(c.url()), req);
}

std::string signIn(const CentralProcess& c, const std::string& user, const std::string& password = kSupPassword) {
    const auto r = call(c, "POST", "/v1/sessions", "", json{{"username", user}, {"password", password}}.dump());
    INFO(r.raw);
    REQUIRE(r.status == 201);
    const auto j = json::parse(r.body);
    CHECK(j.at("role") == "supervisor");
    CHECK(j.at("port") == "SYS");
    return j.at("token").get<std::string>();
}

std::string fileBytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string base64(const std::string& bytes) {
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.pop_back();
    return out;
}

std::string isoAgo(std::chrono::milliseconds ago) {
    const auto t = std::chrono::system_clock::now() - ago;
    const std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

/// One record as a station's outbox writes it (docs/api.md §5), flagged for review when @p reasons is not empty.
json record(const std::string& id, int seq, int lane, std::vector<std::string> reasons, const std::string& photo,
            bool citizen = false, std::chrono::milliseconds decidedAgo = 1min) {
    json payload = {{"id", id},
                    {"port", "SYS"},
                    {"lane", lane},
                    {"decided_at", isoAgo(decidedAgo)},
                    {"officer_id", "ofc." + std::to_string(lane)},
                    {"appointment_id", "APT-SYS-" + std::to_string(seq)},
                    {"decision", reasons.empty() ? "verified" : "referred"},
                    {"outcome", reasons.empty() ? "match" : "no_match"},
                    {"score", 0.41},
                    {"citizen", citizen},
                    {"opted_out", false},
                    {"age_band", "18-29"},
                    {"sex", "F"},
                    {"reason_codes", json::array({"no_match"})},
                    {"review_reasons", reasons},
                    {"details",
                     {{"threshold", {{"score", 0.52}, {"fmr", 1e-6}, {"gallery_size", 400}, {"one_in", 2500.0}}},
                      {"note", "asked the traveler to step aside"},
                      {"referral_reason", "no_match"}}}};
    if (!photo.empty() && !citizen) {
        payload["capture_photo_jpeg_b64"] = base64(photo);
        payload["capture_template_b64"] = base64(std::string(2048, '\x11'));
    }
    return {{"id", id}, {"device_sequence", seq}, {"payload", payload}};
}

RawReply upload(const CentralProcess& c, const std::string& token, const std::string& device,
                const std::vector<json>& records) {
    const auto r = call(c, "POST", "/v1/inspections", token, json{{"device_id", device}, {"records", records}}.dump());
    REQUIRE(r.status == 200);
    return r;
}

json cases(const CentralProcess& c, const std::string& token, const std::string& query = "") {
    const auto r = call(c, "GET", "/v1/ports/SYS/cases" + query, token);
    INFO(r.raw.substr(0, 400));
    REQUIRE(r.status == 200);
    return json::parse(r.body).at("cases");
}

std::vector<json> auditRows(const std::filesystem::path& dataDir) {
    auto [status, out] = central({"audit", "show"}, dataDir);
    REQUIRE(status == 0);
    std::vector<json> rows;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) {
        rows.push_back(json::parse(line));
    }
    return rows;
}

std::size_t countAudit(const std::vector<json>& rows, const std::string& action, const std::string& actor = "",
                       const std::string& object = "") {
    return static_cast<std::size_t>(std::count_if(rows.begin(), rows.end(), [&](const json& r) {
        return r.at("action") == action && (actor.empty() || r.at("actor") == actor) &&
               (object.empty() || r.at("object") == object);
    }));
}

} // namespace

TEST_CASE("central: flagged records from three booths become one case each, evidence sealed, booth tokens refused",
          "[integration][central][review]") {
    REQUIRE(sodium_init() >= 0);
    portico::test::TempDir data;
    const std::vector<std::string> booths = {"WS-SYS-01", "WS-SYS-02", "WS-SYS-03"};
    std::vector<std::string> tokens;
    for (const auto& b : booths) {
        tokens.push_back(deviceToken(data.path(), b));
    }
    addSupervisor(data.path(), "sup.one");
    addSupervisor(data.path(), "sup.two");
    CentralProcess c(data.path().string(), {"--password-cost", "interactive"});
    const std::string photo = fileBytes(portico::test::facesDevDir() / "celeba_7203" / "1.jpg");
    REQUIRE(photo.size() > 1000);

    // Each booth uploads four records: two flagged (one of them a citizen's: no capture kept), two clear.
    std::set<std::string> flagged;
    for (std::size_t b = 0; b < booths.size(); ++b) {
        const int lane = static_cast<int>(b) + 1;
        std::vector<json> batch;
        for (int i = 1; i <= 4; ++i) {
            const std::string id = booths[b] + "-rec-" + std::to_string(i);
            const bool flag = i <= 2;
            batch.push_back(record(id, i, lane,
                                   flag ? std::vector<std::string>{"no_match"} : std::vector<std::string>{}, photo,
                                   /*citizen=*/i == 2));
            if (flag) {
                flagged.insert(id);
            }
        }
        upload(c, tokens[b], booths[b], batch);
        upload(c, tokens[b], booths[b], batch); // a replay after a lost answer: no second case
    }

    // Booths and the shared token never read a case; nobody without a session does; a person never uploads.
    const std::string caseRoot = "/v1/ports/SYS/cases";
    CHECK(call(c, "GET", caseRoot, tokens[0]).status == 403);
    CHECK(call(c, "GET", caseRoot, CentralProcess::kToken).status == 403);
    CHECK(call(c, "GET", caseRoot, "").status == 401);
    CHECK(call(c, "GET", caseRoot, "pcs1_00000000000000000000000000000000").status == 401);
    CHECK(call(c, "POST", "/v1/sessions", "", R"({"username":"sup.one","password":"wrong pass phrase here"})").status ==
          401);
    CHECK(call(c, "POST", "/v1/sessions", "", R"({"username":"nobody","password":"wrong pass phrase here"})").status ==
          401);
    const std::string one = signIn(c, "sup.one");
    const std::string two = signIn(c, "sup.two");
    CHECK(call(c, "POST", "/v1/inspections", one, json{{"device_id", "X"}, {"records", json::array()}}.dump()).status ==
          403);

    // Exactly one case per flagged record.
    const auto all = cases(c, one);
    REQUIRE(all.size() == flagged.size());
    std::set<std::string> seen;
    for (const auto& k : all) {
        seen.insert(k.at("inspection_id").get<std::string>());
        CHECK(k.at("state") == "open");
        CHECK(k.at("reasons") == json::array({"no_match"}));
        const auto& t = k.at("summary").at("details").at("threshold");
        CHECK(t.at("one_in") == 2500.0); // the same odds the officer saw
        CHECK(t.at("gallery_size") == 400);
    }
    CHECK(seen == flagged);
    CHECK(cases(c, one, "?lane=2").size() == 2);
    CHECK(cases(c, one, "?reason=no_match&age_band=18-29").size() == flagged.size());
    CHECK(cases(c, one, "?reason=low_liveness").empty());
    for (const auto& t : tokens) {
        CHECK(call(c, "POST", caseRoot + "/" + all[0].at("id").get<std::string>() + "/claim", t).status == 403);
        CHECK(call(c, "GET", caseRoot + "/" + all[0].at("id").get<std::string>(), t).status == 403);
    }

    // A case with a kept capture: fetched (audited), the photo identical, the note opened only here.
    const auto kept =
        std::find_if(all.begin(), all.end(), [](const json& k) { return k.at("summary").at("capture") == "kept"; });
    REQUIRE(kept != all.end());
    const std::string id = kept->at("id");
    const auto fetched = call(c, "GET", caseRoot + "/" + id, one);
    REQUIRE(fetched.status == 200);
    CHECK(json::parse(fetched.body).at("officer_note") == "asked the traveler to step aside");
    const auto image = call(c, "GET", caseRoot + "/" + id + "/evidence/capture_photo", one);
    REQUIRE(image.status == 200);
    CHECK(image.header("content-type") == "image/jpeg");
    CHECK(image.body == photo);
    // A citizen's case: no capture kept, and the supervisor is told why.
    const auto citizen = std::find_if(
        all.begin(), all.end(), [](const json& k) { return k.at("summary").at("capture") == "not_kept_citizen"; });
    REQUIRE(citizen != all.end());
    CHECK(
        call(c, "GET", caseRoot + "/" + citizen->at("id").get<std::string>() + "/evidence/capture_photo", one).status ==
        404);

    // At rest: no stored record carries a biometric; the evidence is sealed (no JPEG head in it).
    for (const auto& row : portico::test::centralQuery(data.path(), "SELECT record FROM inspections")) {
        CHECK(row.at(0).find("capture_photo_jpeg_b64") == std::string::npos);
        CHECK(row.at(0).find("capture_template_b64") == std::string::npos);
    }
    const std::string hexHead = portico::test::centralOnPostgres()
                                    ? "SELECT count(*) FROM case_evidence WHERE encode(sealed, 'hex') LIKE '%ffd8ffe0%'"
                                    : "SELECT count(*) FROM case_evidence WHERE hex(sealed) LIKE '%FFD8FFE0%'";
    CHECK(portico::test::centralQuery(data.path(), hexHead).at(0).at(0) == "0");

    // Claims are exclusive; one resolution wins and the other supervisor is told who resolved it.
    const std::string target = caseRoot + "/" + id;
    REQUIRE(call(c, "POST", target + "/claim", one).status == 200);
    const auto taken = call(c, "POST", target + "/claim", two);
    CHECK(taken.status == 409);
    CHECK(taken.errorCode() == "case_claimed");
    CHECK(taken.body.find("sup.one") != std::string::npos);
    CHECK(call(c, "POST", target + "/release", two).status == 409);
    const std::string finding = R"({"finding":"identity_confirmed","note":"document and face agree on a second look"})";
    CHECK(call(c, "POST", target + "/resolve", two, finding).status == 409);
    CHECK(call(c, "POST", target + "/resolve", one, R"({"finding":"identity_confirmed","note":"  "})").status == 400);
    CHECK(call(c, "POST", target + "/resolve", one, R"({"finding":"guess","note":"x"})").status == 400);
    REQUIRE(call(c, "POST", target + "/resolve", one, finding).status == 200);
    const auto late = call(c, "POST", target + "/resolve", two, finding);
    CHECK(late.status == 409);
    CHECK(late.errorCode() == "case_resolved");
    CHECK(late.body.find("sup.one") != std::string::npos);
    const auto resolved = json::parse(call(c, "GET", target, two).body);
    CHECK(resolved.at("resolution").at("finding") == "identity_confirmed");
    CHECK(resolved.at("resolution").at("by") == "sup.one");
    CHECK(resolved.at("resolution").at("note") == "document and face agree on a second look");

    // Every read and step is on central's audit chain, and the chain holds; a tampered entry is found.
    const auto rows = auditRows(data.path());
    CHECK(countAudit(rows, "case.open") == flagged.size());
    CHECK(countAudit(rows, "case.view", "sup.one", id) == 1);
    CHECK(countAudit(rows, "case.view", "sup.two", id) == 1);
    CHECK(countAudit(rows, "case.evidence.view", "sup.one", id) >= 1);
    CHECK(countAudit(rows, "case.claim", "sup.one", id) == 1);
    CHECK(countAudit(rows, "case.resolve", "sup.one", id) == 1);
    CHECK(countAudit(rows, "case.resolve", "sup.two") == 0);
    CHECK(countAudit(rows, "session.refused", "sup.one") == 1);
    CHECK(central({"audit", "verify"}, data.path()).first == 0);
    portico::test::centralQuery(data.path(), "UPDATE central_audit SET actor = 'someone.else' WHERE action = "
                                             "'case.resolve'");
    CHECK(central({"audit", "verify"}, data.path()).first == 1);
}

TEST_CASE("central: a claim lapses after its lease, and sign-outs, lockouts and disabled accounts end access",
          "[integration][central][review]") {
    portico::test::TempDir data;
    const std::string token = deviceToken(data.path(), "WS-SYS-01");
    addSupervisor(data.path(), "sup.one");
    addSupervisor(data.path(), "sup.two");
    addSupervisor(data.path(), "sup.far", "FAR");
    CentralProcess c(data.path().string(), {"--password-cost", "interactive", "--case-lease-seconds", "1"});
    upload(c, token, "WS-SYS-01", {record("lease-1", 1, 1, {"no_match"}, "")});
    const std::string one = signIn(c, "sup.one");
    const std::string two = signIn(c, "sup.two");
    const auto listed = cases(c, one);
    REQUIRE(listed.size() == 1);
    const std::string target = "/v1/ports/SYS/cases/" + listed[0].at("id").get<std::string>();

    REQUIRE(call(c, "POST", target + "/claim", one).status == 200);
    CHECK(call(c, "POST", target + "/claim", two).status == 409);
    std::this_thread::sleep_for(1500ms); // the lease lapses: the case is open to anyone again
    CHECK(cases(c, two, "?state=open").size() == 1);
    REQUIRE(call(c, "POST", target + "/claim", two).status == 200);
    CHECK(call(c, "POST", target + "/claim", one).status == 409);
    // Optimistic concurrency: a step naming a version the case has moved past is refused, and says so.
    const auto stale = call(c, "POST", target + "/release", two, R"({"version":1})");
    CHECK(stale.status == 409);
    CHECK(stale.errorCode() == "version_mismatch");
    CHECK(call(c, "POST", target + "/release", two).status == 200);

    // Another port's supervisor sees nothing here.
    const auto far =
        call(c, "POST", "/v1/sessions", "", json{{"username", "sup.far"}, {"password", kSupPassword}}.dump());
    REQUIRE(far.status == 201);
    CHECK(call(c, "GET", "/v1/ports/SYS/cases", json::parse(far.body).at("token").get<std::string>()).status == 403);

    // Sign-out ends the session.
    CHECK(call(c, "DELETE", "/v1/sessions/current", one).status == 200);
    CHECK(call(c, "GET", "/v1/ports/SYS/cases", one).status == 401);
    // Ten wrong passwords lock the account until it is unlocked; a disabled account's session ends at once.
    for (int i = 0; i < 10; ++i) {
        CHECK(
            call(c, "POST", "/v1/sessions", "", R"({"username":"sup.one","password":"not the pass phrase"})").status ==
            401);
    }
    const auto locked =
        call(c, "POST", "/v1/sessions", "", json{{"username", "sup.one"}, {"password", kSupPassword}}.dump());
    CHECK(locked.status == 403);
    CHECK(locked.errorCode() == "account_locked");
    REQUIRE(central({"accounts", "unlock", "--username", "sup.one"}, data.path()).first == 0);
    signIn(c, "sup.one");
    REQUIRE(central({"accounts", "disable", "--username", "sup.two"}, data.path()).first == 0);
    CHECK(call(c, "GET", "/v1/ports/SYS/cases", two).status == 401);
    auto [listStatus, listOut] = central({"accounts", "list"}, data.path());
    REQUIRE(listStatus == 0);
    CHECK(listOut.find("password") == std::string::npos);
    CHECK(listOut.find("$argon2") == std::string::npos);
    CHECK(central({"audit", "verify"}, data.path()).first == 0);

    // A reason filter matches the reason itself: '_' is no wildcard.
    upload(c, token, "WS-SYS-01", {record("lease-2", 2, 1, {"noxmatch"}, "")});
    const std::string again = signIn(c, "sup.one");
    CHECK(cases(c, again, "?reason=no_match").size() == 1);
    CHECK(cases(c, again, "?reason=noxmatch").size() == 1);
}

TEST_CASE("central: two supervisors racing on 100 cases resolve each exactly once", "[integration][central][review]") {
    portico::test::TempDir data;
    const std::string token = deviceToken(data.path(), "WS-SYS-01");
    addSupervisor(data.path(), "sup.one");
    addSupervisor(data.path(), "sup.two");
    CentralProcess c(data.path().string(), {"--password-cost", "interactive"});
    std::vector<json> batch;
    for (int i = 1; i <= 100; ++i) {
        batch.push_back(record("race-" + std::to_string(i), i, 1 + i % 3, {"no_match"}, ""));
    }
    upload(c, token, "WS-SYS-01", batch);
    const std::vector<std::string> who = {"sup.one", "sup.two"};
    const std::vector<std::string> sessions = {signIn(c, who[0]), signIn(c, who[1])};
    const auto listed = cases(c, sessions[0], "?limit=1000");
    REQUIRE(listed.size() == 100);

    // Both walk the whole queue at once, one from each end: claim, and resolve what they hold.
    std::atomic<int> resolved[2] = {0, 0};
    std::atomic<int> errors{0};
    auto walk = [&](int s) {
        for (std::size_t n = 0; n < listed.size(); ++n) {
            const auto& k = listed[s == 0 ? n : listed.size() - 1 - n];
            const std::string target = "/v1/ports/SYS/cases/" + k.at("id").get<std::string>();
            const auto claim = call(c, "POST", target + "/claim", sessions[s]);
            if (claim.status == 409) {
                continue;
            }
            if (claim.status != 200) {
                ++errors;
                continue;
            }
            const auto r = call(c, "POST", target + "/resolve", sessions[s],
                                R"({"finding":"inconclusive","note":"looked at it in the race test"})");
            if (r.status == 200) {
                ++resolved[s];
            } else {
                ++errors;
            }
        }
    };
    std::thread a(walk, 0);
    std::thread b(walk, 1);
    a.join();
    b.join();
    CHECK(errors == 0);
    CHECK(resolved[0] + resolved[1] == 100);
    CHECK(cases(c, sessions[0], "?state=resolved&limit=1000").size() == 100);
    const auto rows = auditRows(data.path());
    CHECK(countAudit(rows, "case.resolve") == 100);
    CHECK(countAudit(rows, "case.resolve", who[0]) == static_cast<std::size_t>(resolved[0].load()));
    std::set<std::string> objects;
    for (const auto& r : rows) {
        if (r.at("action") == "case.resolve") {
            objects.insert(r.at("object").get<std::string>());
        }
    }
    CHECK(objects.size() == 100); // none doubled
    CHECK(central({"audit", "verify"}, data.path()).first == 0);
}

TEST_CASE("central: case photos are purged when their retention runs out, each with a receipt",
          "[integration][central][review]") {
    REQUIRE(sodium_init() >= 0);
    portico::test::TempDir data;
    const std::string token = deviceToken(data.path(), "WS-SYS-01");
    addSupervisor(data.path(), "sup.one");
    CentralProcess c(data.path().string(), {"--password-cost", "interactive", "--case-evidence-days", "1"});
    const std::string photo = fileBytes(portico::test::facesDevDir() / "celeba_7203" / "1.jpg");
    // Retention counts from the decision, as the booth recorded it: one decided 2 days ago arrives past it; one
    // decided a day minus 3 s ago is kept, and due 3 s from now.
    upload(c, token, "WS-SYS-01",
           {record("old-1", 1, 1, {"no_match"}, photo, false, 48h),
            record("due-1", 2, 1, {"no_match"}, photo, false, 24h - 3s)});
    const std::string one = signIn(c, "sup.one");
    auto listed = cases(c, one);
    REQUIRE(listed.size() == 2);
    std::string due;
    for (const auto& k : listed) {
        if (k.at("inspection_id") == "old-1") {
            CHECK(k.at("summary").at("capture") == "past_retention");
            CHECK(std::find(k.at("evidence").begin(), k.at("evidence").end(), "capture_photo") ==
                  k.at("evidence").end());
        } else {
            CHECK(k.at("summary").at("capture") == "kept");
            due = k.at("id");
        }
    }
    REQUIRE_FALSE(due.empty());
    const std::string image = "/v1/ports/SYS/cases/" + due + "/evidence/capture_photo";
    CHECK(call(c, "GET", image, one).status == 200);
    auto [early, earlyOut] = central({"purge"}, data.path());
    REQUIRE(early == 0);
    CHECK(json::parse(earlyOut).at("purged") == 0); // not due yet: nothing goes early
    std::this_thread::sleep_for(4s);
    auto [late, lateOut] = central({"purge"}, data.path());
    REQUIRE(late == 0);
    CHECK(json::parse(lateOut).at("purged") == 1);
    CHECK(call(c, "GET", image, one).status == 404);
    const auto rows = auditRows(data.path());
    CHECK(countAudit(rows, "case.evidence.purge", "retention", due) == 1);
    CHECK(central({"audit", "verify"}, data.path()).first == 0);
}

TEST_CASE("central: port-wide monitoring counts every booth's records by lane, age band and sex, with alarms",
          "[integration][central][review]") {
    portico::test::TempDir data;
    const std::vector<std::string> booths = {"WS-SYS-01", "WS-SYS-02", "WS-SYS-03"};
    std::vector<std::string> tokens;
    for (const auto& b : booths) {
        tokens.push_back(deviceToken(data.path(), b));
    }
    addSupervisor(data.path(), "sup.one");
    CentralProcess c(data.path().string(), {"--password-cost", "interactive"});
    // Lane 1: 40 men, all matched. Lane 2: 20 men, 2 not matched. Lane 3: 20 women, 10 not matched.
    struct Plan {
        int total;
        int noMatches;
        const char* sex;
    };
    const Plan plans[] = {{40, 0, "M"}, {20, 2, "M"}, {20, 10, "F"}};
    for (std::size_t b = 0; b < booths.size(); ++b) {
        std::vector<json> batch;
        for (int i = 1; i <= plans[b].total; ++i) {
            const bool miss = i <= plans[b].noMatches;
            auto r = record(booths[b] + "-m-" + std::to_string(i), i, static_cast<int>(b) + 1,
                            miss ? std::vector<std::string>{"no_match"} : std::vector<std::string>{}, "");
            r["payload"]["sex"] = plans[b].sex;
            batch.push_back(r);
        }
        upload(c, tokens[b], booths[b], batch);
    }
    CHECK(call(c, "GET", "/v1/ports/SYS/monitoring", tokens[0]).status == 403);
    const std::string one = signIn(c, "sup.one");

    // A supervisor confirms the identity of a traveler the matcher did not match: an overturn.
    const auto listed = cases(c, one);
    REQUIRE(listed.size() == 12);
    REQUIRE(call(c, "POST", "/v1/ports/SYS/cases/" + listed[0].at("id").get<std::string>() + "/resolve", one,
                 R"({"finding":"identity_confirmed","note":"the document and the person agree"})")
                .status == 200);

    const auto r = call(c, "GET", "/v1/ports/SYS/monitoring", one);
    INFO(r.body.substr(0, 600));
    REQUIRE(r.status == 200);
    const auto m = json::parse(r.body);
    CHECK(m.at("overall").at("attempts") == 80);
    CHECK(m.at("overall").at("no_matches") == 12);
    CHECK(m.at("overall").at("review_cases") == 12);
    CHECK(m.at("overall").at("overturned") == 1);
    CHECK(m.at("overall").at("non_match_rate").get<double>() == Approx(0.15));
    std::map<std::string, json> lanes;
    for (const auto& g : m.at("per_lane")) {
        lanes[g.at("key")] = g.at("counts");
    }
    REQUIRE(lanes.size() == 3);
    CHECK(lanes["lane:3"].at("non_match_rate").get<double>() == Approx(0.5));
    CHECK(lanes["lane:1"].at("attempts") == 40);
    // Women at this port were not matched at more than twice the overall rate: the alarm names the group.
    REQUIRE(m.at("alarms").size() == 1);
    CHECK(m.at("alarms")[0].at("group") == "sex:F");
    CHECK(m.at("alarms")[0].at("kind") == "non_match");
    CHECK(m.at("queue").at("open") == 11);
    // Another day has nothing; a malformed day is refused.
    const auto other = json::parse(call(c, "GET", "/v1/ports/SYS/monitoring?day=2001-01-01", one).body);
    CHECK(other.at("overall").at("processed") == 0);
    CHECK(call(c, "GET", "/v1/ports/SYS/monitoring?day=2001-02-30", one).status == 400);

    // The port's daily report, from central: the same figures as CSV, aggregates only, the export audited.
    auto [status, csv] = central({"report", "--port", "SYS"}, data.path());
    REQUIRE(status == 0);
    CHECK(csv.starts_with("section,group,metric,value\n"));
    CHECK(csv.find("\noverall,all,attempts,80\n") != std::string::npos);
    CHECK(csv.find("\nlane,lane:3,non_match_rate,0.5000\n") != std::string::npos);
    CHECK(csv.find("sex:F") != std::string::npos);
    CHECK(csv.find("WS-SYS") == std::string::npos); // no station, record or appointment id
    CHECK(csv.find("APT-") == std::string::npos);
    CHECK(countAudit(auditRows(data.path()), "report.export", "admin-cli", "SYS") == 1);
}

TEST_CASE("central: the shared-address signal runs over the port's whole manifest, for supervisors only, audited",
          "[integration][central][review]") {
    portico::test::TempDir data;
    const std::string token = deviceToken(data.path(), "WS-SYS-01");
    addSupervisor(data.path(), "sup.one");
    CentralProcess c(data.path().string(),
                     {"--password-cost", "interactive", "--seed-manifest", "300", "--port-code", "SYS"});
    CHECK(call(c, "GET", "/v1/ports/SYS/trends", token).status == 403);
    const std::string one = signIn(c, "sup.one");
    const auto r = call(c, "GET", "/v1/ports/SYS/trends", one);
    REQUIRE(r.status == 200);
    const auto j = json::parse(r.body);
    CHECK(j.at("entries") == 300); // every booth's travelers, not one booth's manifest
    CHECK(j.at("unreadable_entries") == 0);
    REQUIRE_FALSE(j.at("trends").empty()); // the seeded manifest shares a few addresses among many surnames
    for (const auto& t : j.at("trends")) {
        CHECK(t.at("distinct_surnames").get<int>() >= 5);
        CHECK(t.at("appointment_ids").size() >= 5);
    }
    const auto rows = auditRows(data.path());
    CHECK(countAudit(rows, "trends.view", "sup.one", "SYS") == 1);
    for (const auto& row : rows) {
        CHECK(row.at("details").get<std::string>().find(j.at("trends")[0].at("address").get<std::string>()) ==
              std::string::npos); // counts only in the audit, never an address
    }
}

// SPDX-License-Identifier: GPL-3.0-or-later
// portico-central under hostile input (issue #26): each case sends exact bytes over real TCP, checks the documented
// answer, then checks that the server is still up. Item numbers refer to the issue.
#include "support/ChildProcess.h"
#include "support/PostgresCluster.h"
#include "support/RawHttp.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

using namespace std::chrono_literals;
using portico::test::CentralProcess;
using portico::test::RawConnection;
using portico::test::rawExchange;
using portico::test::RawReply;

namespace {

const std::string kAuth = std::string("Authorization: Bearer ") + CentralProcess::kToken + "\r\n";

std::string get(const std::string& target, const std::string& extraHeaders = kAuth) {
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders + "\r\n";
}

std::string post(const std::string& body, const std::string& contentType = "application/json",
                 const std::string& extraHeaders = kAuth) {
    return "POST /v1/inspections HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders + "Content-Type: " + contentType +
           "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string batch(const std::string& recordsJson) {
    return R"({"device_id":"WS-HOSTILE","records":)" + recordsJson + "}";
}

std::string record(const std::string& id, const std::string& sequence, const std::string& payload = "{}") {
    return R"({"id":")" + id + R"(","device_sequence":)" + sequence + R"(,"payload":)" + payload + "}";
}

/// The error codes docs/api.md §1.1 documents: every code the server answers must be one of them.
std::set<std::string> documentedCodes() {
    std::ifstream in(portico::test::sourceDir() / "docs" / "api.md");
    REQUIRE(in);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    const auto start = text.find("### 1.1 Errors");
    REQUIRE(start != std::string::npos);
    const auto end = text.find("\n### ", start + 5);
    const std::string section = text.substr(start, end - start);
    std::set<std::string> codes;
    const std::regex row(R"(^\| \d{3} \| ([^|]+)\|)", std::regex::multiline);
    for (auto it = std::sregex_iterator(section.begin(), section.end(), row); it != std::sregex_iterator(); ++it) {
        const std::string cell = (*it)[1];
        const std::regex code("`([a-z_]+)`");
        for (auto c = std::sregex_iterator(cell.begin(), cell.end(), code); c != std::sregex_iterator(); ++c) {
            codes.insert((*c)[1]);
        }
    }
    REQUIRE(codes.size() >= 10);
    return codes;
}

void checkDocumented(const RawReply& reply) {
    static const std::set<std::string> codes = documentedCodes();
    INFO("status " << reply.status << " body " << reply.body.substr(0, 300));
    REQUIRE(reply.status >= 400);
    CHECK(codes.count(reply.errorCode()) == 1);
}

void checkStillUp(int port) {
    const RawReply health = rawExchange(port, get("/v1/health", ""));
    REQUIRE(health.status == 200);
    CHECK(nlohmann::json::parse(health.body).at("status") == "ok");
}

long long storedRecords(const std::filesystem::path& dataDir) {
    std::vector<std::string> args = {"stats"};
    const auto store = portico::test::centralStoreArgs(dataDir);
    args.insert(args.end(), store.begin(), store.end());
    auto [status, out] = portico::test::runCommand(portico::test::centralExe().string(), args);
    REQUIRE(status == 0);
    return nlohmann::json::parse(out).at("records_stored").get<long long>();
}

} // namespace

TEST_CASE("central: invalid UTF-8 and encoded bytes in the path get a JSON error, not a crash (1, 10)",
          "[integration][central][hostile]") {
    portico::test::TempDir data;
    CentralProcess central(data.path().string(), {"--seed-manifest", "3"});
    const int port = portico::test::portOfUrl(central.url());
    struct Case {
        std::string target;
        int status;
        std::string code;
    };
    const std::vector<Case> cases = {
        {"/v1/%ff", 400, "invalid_request"},
        {"/v1/ports/%ff/manifest", 400, "invalid_request"},
        {"/v1/photos/ph%c3", 400, "invalid_request"},
        {"/v1/photos/%c0%ae%c0%ae%2fsigning.key", 400, "invalid_request"},
        {"/v1/\xff", 400, "invalid_request"},
        {"/v1/ports/SYS%2Fmanifest", 400, "invalid_request"},
        {"/v1/ports/SYS/manifes%74", 400, "invalid_request"},
        {"/v1/ports/SYS%2F..%2Fmanifest/manifest", 400, "invalid_request"},
        {"/v1/ports/SYS/manifest?since=abc=1", 400, "invalid_request"},
        {"/v1/ports/SYS/manifest?since=1%20OR%201=1", 400, "invalid_request"},
        {"/v1/ports/SYS/manifest?since=-1", 400, "invalid_request"},
        {"/v1/ports/SYS/manifest?since=1&since=2", 400, "invalid_request"},
        {"/v1/ports/SYS/manifest?other=1", 400, "invalid_request"},
    };
    for (const auto& c : cases) {
        INFO("target " << c.target);
        const RawReply reply = rawExchange(port, get(c.target));
        CHECK(reply.status == c.status);
        CHECK(reply.errorCode() == c.code);
        checkDocumented(reply);
    }
    // The same without a token: refused before any routing, still a clean JSON answer.
    const RawReply anonymous = rawExchange(port, get("/v1/%ff", ""));
    CHECK(anonymous.status == 401);
    CHECK(anonymous.errorCode() == "unauthorized");
    // The well-formed request still works.
    CHECK(rawExchange(port, get("/v1/ports/SYS/manifest?since=0")).status == 200);
    checkStillUp(port);
}

TEST_CASE("central: deeply nested JSON is refused with invalid_json, not a stack overflow (2)",
          "[integration][central][hostile]") {
    portico::test::TempDir data;
    CentralProcess central(data.path().string());
    const int port = portico::test::portOfUrl(central.url());
    for (const char* open : {"[", "{\"a\":"}) {
        const std::string closeWith = std::string(open) == "[" ? "]" : "}";
        std::string deep;
        for (int i = 0; i < 72000; ++i) {
            deep += open;
        }
        deep += "1";
        for (int i = 0; i < 72000; ++i) {
            deep += closeWith;
        }
        const RawReply reply = rawExchange(port, post(batch("[" + record("deep-1", "1", deep) + "]")));
        CHECK(reply.status == 400);
        CHECK(reply.errorCode() == "invalid_json");
        checkDocumented(reply);
    }
    // 64 levels in all are fine (batch, records, record, payload, then 60 arrays); 65 are not.
    std::string at64;
    for (int i = 0; i < 60; ++i) {
        at64 += "[";
    }
    at64 += "1";
    for (int i = 0; i < 60; ++i) {
        at64 += "]";
    }
    const RawReply fine = rawExchange(port, post(batch("[" + record("depth-64", "1", "{\"a\":" + at64 + "}") + "]")));
    CHECK(fine.status == 200);
    const RawReply over = rawExchange(port, post(batch("[" + record("depth-65", "2", "{\"a\":[" + at64 + "]}") + "]")));
    CHECK(over.status == 400);
    checkStillUp(port);
    CHECK(storedRecords(data.path()) == 1);
}

TEST_CASE("central: chunked and compressed request bodies cannot bypass the size limit (3)",
          "[integration][central][hostile]") {
    portico::test::TempDir data;
    CentralProcess central(data.path().string());
    const int port = portico::test::portOfUrl(central.url());

    // 9 MiB sent chunked: refused with 411 as soon as the head is read, nothing stored.
    RawConnection chunked(port);
    REQUIRE(chunked.connected());
    chunked.send("POST /v1/inspections HTTP/1.1\r\nHost: x\r\n" + kAuth +
                 "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
    const std::string chunk(1 << 20, ' ');
    for (int i = 0; i < 9; ++i) {
        if (!chunked.send("100000\r\n" + chunk + "\r\n")) {
            break; // the server may close while we are still sending: that is the point
        }
    }
    RawReply reply = chunked.readReply(5s);
    CHECK(reply.status == 411);
    CHECK(reply.errorCode() == "length_required");
    checkDocumented(reply);

    // A declared length over 8 MiB: 413 before a body byte is read.
    RawConnection big(port);
    big.send("POST /v1/inspections HTTP/1.1\r\nHost: x\r\n" + kAuth +
             "Content-Type: application/json\r\nContent-Length: 9437184\r\n\r\n");
    reply = big.readReply(5s);
    CHECK(reply.status == 413);
    CHECK(reply.errorCode() == "payload_too_large");
    CHECK(reply.closed);

    // gzip request bodies are not part of the protocol: 415.
    reply = rawExchange(
        port, post(batch("[" + record("gz-1", "1") + "]"), "application/json", kAuth + "Content-Encoding: gzip\r\n"));
    CHECK(reply.status == 415);
    CHECK(reply.errorCode() == "unsupported_media_type");
    checkDocumented(reply);

    // A 100 KiB header: 431, documented.
    reply = rawExchange(port, get("/v1/health", "X-Big: " + std::string(100 * 1024, 'a') + "\r\n"));
    CHECK(reply.status == 431);
    checkDocumented(reply);
    // A garbled request line and a bad chunk size line: documented codes too.
    reply = rawExchange(port, "GARBAGE\r\n\r\n");
    CHECK(reply.status == 400);
    checkDocumented(reply);
    reply = rawExchange(port, "POST /v1/inspections HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
    CHECK(reply.status == 411);
    checkStillUp(port);
    CHECK(storedRecords(data.path()) == 0);
}

TEST_CASE("central: slow clients are cut at the head and request deadlines, connections per client capped (4)",
          "[integration][central][hostile]") {
    portico::test::TempDir data;
    CentralProcess central(data.path().string(),
                           {"--head-timeout", "2", "--request-timeout", "3", "--max-connections-per-client", "3"});
    const int port = portico::test::portOfUrl(central.url());

    // One byte of the head every 200 ms: answered 408 and closed after ~2 s, not served forever.
    {
        RawConnection slow(port);
        const std::string head = get("/v1/health", "");
        const auto started = std::chrono::steady_clock::now();
        for (char c : head) {
            if (!slow.send(std::string_view(&c, 1))) {
                break;
            }
            std::this_thread::sleep_for(200ms);
            if (std::chrono::steady_clock::now() - started > 4s) {
                break;
            }
        }
        const RawReply reply = slow.readReply(3s);
        const auto took = std::chrono::steady_clock::now() - started;
        CHECK(reply.status == 408);
        CHECK(reply.errorCode() == "request_timeout");
        checkDocumented(reply);
        CHECK(took < 5s);
    }
    // The head at once, then the body at one byte every 200 ms: cut at the 3 s request deadline.
    {
        RawConnection slow(port);
        const std::string body = batch("[" + record("slow-1", "1") + "]");
        slow.send("POST /v1/inspections HTTP/1.1\r\nHost: x\r\n" + kAuth +
                  "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n");
        const auto started = std::chrono::steady_clock::now();
        for (char c : body) {
            if (!slow.send(std::string_view(&c, 1)) || std::chrono::steady_clock::now() - started > 5s) {
                break;
            }
            std::this_thread::sleep_for(200ms);
        }
        const RawReply reply = slow.readReply(3s);
        CHECK(reply.status == 408);
        CHECK(std::chrono::steady_clock::now() - started < 6s);
    }
    // Three idle connections from this address are served (up to the deadline); a fourth is refused at once.
    {
        RawConnection a(port);
        RawConnection b(port);
        RawConnection c(port);
        REQUIRE((a.connected() && b.connected() && c.connected()));
        std::this_thread::sleep_for(200ms); // let the server accept them
        const auto started = std::chrono::steady_clock::now();
        const RawReply refused = rawExchange(port, get("/v1/health", ""), 2s);
        CHECK(refused.status == 503);
        CHECK(refused.errorCode() == "unavailable");
        CHECK(refused.header("Retry-After") == "1");
        CHECK(std::chrono::steady_clock::now() - started < 1s);
    }
    // Once they are gone, the client is served again.
    std::this_thread::sleep_for(300ms);
    checkStillUp(port);
}

TEST_CASE("central: a pipelined second request gets the connection closed after the first answer (5)",
          "[integration][central][hostile]") {
    portico::test::TempDir data;
    CentralProcess central(data.path().string());
    const int port = portico::test::portOfUrl(central.url());
    const auto started = std::chrono::steady_clock::now();
    const RawReply reply = rawExchange(port, get("/v1/health", "") + get("/v1/health", ""), 5s);
    CHECK(reply.status == 200);
    CHECK(reply.header("Connection") == "close");
    CHECK(reply.closed);
    CHECK(std::chrono::steady_clock::now() - started < 3s); // closed, not left hanging
    // Exactly one response on the wire, whose body is the Content-Length announced.
    CHECK(reply.body.size() == std::stoul(reply.header("Content-Length")));
    checkStillUp(port);
}

TEST_CASE("central: JSON followed by a NUL byte, and other media types, are refused (6, 7)",
          "[integration][central][hostile]") {
    portico::test::TempDir data;
    CentralProcess central(data.path().string());
    const int port = portico::test::portOfUrl(central.url());
    const std::string body = batch("[" + record("nul-1", "1") + "]");
    RawReply reply = rawExchange(port, post(body + std::string("\0garbage", 8)));
    CHECK(reply.status == 400);
    CHECK(reply.errorCode() == "invalid_json");
    reply = rawExchange(port, post(body + " trailing"));
    CHECK(reply.status == 400);
    CHECK(reply.errorCode() == "invalid_json");
    for (const char* type : {"application/jsonx", "application/json-seq", "multipart/form-data; boundary=x",
                             "text/plain", "application/json; charset=latin1"}) {
        INFO(type);
        reply = rawExchange(port, post(body, type));
        CHECK(reply.status == 415);
        CHECK(reply.errorCode() == "unsupported_media_type");
        checkDocumented(reply);
    }
    CHECK(storedRecords(data.path()) == 0);
    reply = rawExchange(port, post(body, "application/json; charset=UTF-8"));
    CHECK(reply.status == 200);
    CHECK(storedRecords(data.path()) == 1);
    checkStillUp(port);
}

TEST_CASE("central: a token followed by NUL and junk is not the token (9)", "[integration][central][hostile]") {
    portico::test::TempDir data;
    CentralProcess central(data.path().string());
    const int port = portico::test::portOfUrl(central.url());
    const std::string token = CentralProcess::kToken;
    for (const std::string& header :
         {"Authorization: Bearer " + token + std::string("\0junk", 5) + "\r\n",
          "Authorization: Bearer " + token + " junk\r\n", "Authorization: bearer " + token + "\r\n",
          "Authorization: Bearer  " + token + "\r\n", "Authorization: Basic " + token + "\r\n"}) {
        const RawReply reply = rawExchange(port, get("/v1/ports/SYS/manifest", header));
        CHECK(reply.status == 401);
        CHECK(reply.header("WWW-Authenticate") == "Bearer realm=\"portico\"");
    }
    checkStillUp(port);
}

TEST_CASE("central: batch size, sequence range and number range follow the protocol (11, 12, 13)",
          "[integration][central][hostile]") {
    portico::test::TempDir data;
    CentralProcess central(data.path().string());
    const int port = portico::test::portOfUrl(central.url());

    RawReply reply = rawExchange(port, post(batch("[]")));
    CHECK(reply.status == 400);
    CHECK(reply.errorCode() == "invalid_request");

    // 2^63 and 2^64-1 are outside the documented 1 … 2^63-1; 2^63-1 itself is stored.
    reply = rawExchange(port, post(batch("[" + record("seq-a", "9223372036854775808") + "," +
                                         record("seq-b", "18446744073709551615") + "," + record("seq-c", "0") + "," +
                                         record("seq-d", "-5") + "," + record("seq-e", "9223372036854775807") + "]")));
    REQUIRE(reply.status == 200);
    const auto results = nlohmann::json::parse(reply.body).at("results");
    REQUIRE(results.size() == 5);
    for (int i = 0; i < 4; ++i) {
        CHECK(results[i].at("status") == "rejected");
        CHECK(results[i].at("reason").at("code") == "invalid_record");
    }
    CHECK(results[4].at("status") == "accepted");

    // An integer beyond 64 bits would be stored rounded (1e+40): refused instead, as is an infinite number.
    for (const char* payload :
         {R"({"n":10000000000000000000000000000000000000000})", R"({"n":1e400})", R"({"n":-99999999999999999999})"}) {
        INFO(payload);
        reply = rawExchange(port, post(batch("[" + record("num-1", "1", payload) + "]")));
        CHECK(reply.status == 400);
        CHECK(reply.errorCode() == "invalid_json");
    }
    CHECK(storedRecords(data.path()) == 1);
    checkStillUp(port);
}

TEST_CASE("central: refuses to start without authentication unless --insecure-demo on loopback (16)",
          "[integration][central][hostile]") {
    portico::test::TempDir data;
    auto [status, out] = portico::test::runCommand(portico::test::centralExe().string(),
                                                   {"--listen", "127.0.0.1:0", "--data", data.path().string()});
    CHECK(status == 2);
    CHECK(out.empty());
    auto [remote, remoteOut] = portico::test::runCommand(
        portico::test::centralExe().string(),
        {"--listen", "0.0.0.0:0", "--allow-non-loopback", "--insecure-demo", "--data", data.path().string()});
    CHECK(remote == 2);
    CentralProcess demo(data.path().string(), {"--insecure-demo", "--seed-manifest", "2"});
    const int port = portico::test::portOfUrl(demo.url());
    CHECK(rawExchange(port, get("/v1/ports/SYS/manifest", "")).status == 200);
}

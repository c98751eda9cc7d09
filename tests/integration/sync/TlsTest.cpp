// SPDX-License-Identifier: GPL-3.0-or-later
// TLS refusal: a wrong key pin, a self-signed certificate the station does not trust, and an expired certificate
// are all refused during the handshake, before any request reaches portico-central.
#include "Station.h"
#include "net/CurlHttpClient.h"
#include "support/ChildProcess.h"
#include "support/TestCerts.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>

using namespace portico;
using portico::test::CentralProcess;

namespace {

using portico::test::CertFiles;

CertFiles makeCert(const std::filesystem::path& dir, const std::string& name, long notBeforeDays, long notAfterDays) {
    return portico::test::makeSelfSignedCert(dir, name, notBeforeDays, notAfterDays);
}

Result<net::HttpResponse> get(const std::string& url, const std::string& ca, const std::string& pin) {
    SystemClock clock;
    net::HttpClientOptions o;
    o.baseUrl = url;
    o.bearerToken = CentralProcess::kToken;
    o.caFile = ca;
    o.pinnedPublicKey = pin;
    o.retry.maxAttempts = 3; // a TLS refusal must not be retried either
    net::CurlHttpClient client(o, clock);
    auto r = client.send({net::HttpMethod::Get, "/v1/ports/SYS/manifest", {}, {}, "", false});
    if (!r) {
        CHECK(client.stats().attempts <= 1);
    }
    return r;
}

} // namespace

TEST_CASE("TLS: wrong pin, untrusted self-signed and expired certificates are refused before any request",
          "[integration][sync][tls]") {
    portico::test::TempDir certs;
    const auto good = makeCert(certs.path(), "good", -1, 30);
    const auto other = makeCert(certs.path(), "other", -1, 30);
    const auto expired = makeCert(certs.path(), "expired", -30, -1);

    portico::test::TempDir goodData;
    portico::test::TempDir expiredData;
    CentralProcess goodServer(goodData.path().string(),
                              {"--seed-manifest", "3", "--tls", good.cert.string(), good.key.string()});
    CentralProcess expiredServer(expiredData.path().string(),
                                 {"--seed-manifest", "3", "--tls", expired.cert.string(), expired.key.string()});
    REQUIRE(goodServer.url().rfind("https://127.0.0.1:", 0) == 0);

    SECTION("refusals") {
        // Self-signed, the station trusts only the system store and pins nothing.
        auto untrusted = get(goodServer.url(), "", "");
        REQUIRE_FALSE(untrusted);
        CHECK(untrusted.code() == ErrorCode::TlsRejected);
        // Trusted chain, but the pinned key is another one.
        auto wrongPin = get(goodServer.url(), good.cert.string(), other.pin);
        REQUIRE_FALSE(wrongPin);
        CHECK(wrongPin.code() == ErrorCode::TlsRejected);
        CHECK_THAT(wrongPin.error().detail, Catch::Contains("public key"));
        // Expired, even though trusted and pinned.
        auto old = get(expiredServer.url(), expired.cert.string(), expired.pin);
        REQUIRE_FALSE(old);
        CHECK(old.code() == ErrorCode::TlsRejected);
        CHECK_THAT(old.error().detail, Catch::Contains("expired"));
        // Nothing reached either server's handlers.
        CHECK(portico::test::centralStats(goodData.path()).requests == 0);
        CHECK(portico::test::centralStats(expiredData.path()).requests == 0);

        // Positive control: trusted and pinned works, and is counted.
        auto ok = get(goodServer.url(), good.cert.string(), good.pin);
        REQUIRE(ok);
        CHECK(ok->status == 200);
        CHECK(portico::test::centralStats(goodData.path()).requests == 1);
    }
}

TEST_CASE("TLS: a central whose certificate chains to the agency CA (ca_file) is reached when pinned, and an http:// "
          "URL with a pin is refused before a byte is sent",
          "[integration][sync][tls]") {
    portico::test::TempDir certs;
    const auto pki = portico::test::makeTestPki(certs.path());
    portico::test::TempDir data;
    CentralProcess server(data.path().string(),
                          {"--seed-manifest", "3", "--tls", pki.server.cert.string(), pki.server.key.string()});
    REQUIRE(server.url().rfind("https://127.0.0.1:", 0) == 0);

    // The chain verifies against the agency CA alone (not the system store, not the server's own certificate).
    auto ok = get(server.url(), pki.ca.cert.string(), pki.server.pin);
    REQUIRE(ok);
    CHECK(ok->status == 200);
    // The CA's key is not the server's: pinning it is a wrong pin.
    auto caPinned = get(server.url(), pki.ca.cert.string(), pki.ca.pin);
    REQUIRE_FALSE(caPinned);
    CHECK(caPinned.code() == ErrorCode::TlsRejected);

    // A pin means TLS: the same request over http:// never leaves the station (the server would see it).
    portico::test::TempDir plainData;
    CentralProcess plain(plainData.path().string(), {"--seed-manifest", "3"});
    REQUIRE(plain.url().rfind("http://127.0.0.1:", 0) == 0);
    auto cleartext = get(plain.url(), "", pki.server.pin);
    REQUIRE_FALSE(cleartext);
    CHECK(cleartext.code() == ErrorCode::TlsRejected);
    CHECK_THAT(cleartext.error().detail, Catch::Contains("http://"));
    CHECK(portico::test::centralStats(plainData.path()).requests == 0);
}

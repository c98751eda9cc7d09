// SPDX-License-Identifier: GPL-3.0-or-later
// TLS refusal: a wrong key pin, a self-signed certificate the station does not trust, and an expired certificate
// are all refused during the handshake, before any request reaches portico-central.
#include "Station.h"
#include "net/CurlHttpClient.h"
#include "support/ChildProcess.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <memory>

using namespace portico;
using portico::test::CentralProcess;

namespace {

struct CertFiles {
    std::filesystem::path cert;
    std::filesystem::path key;
    std::string pin; ///< "sha256//base64"
};

/// A self-signed certificate for 127.0.0.1 (SAN IP), valid from now+notBeforeDays to now+notAfterDays.
CertFiles makeCert(const std::filesystem::path& dir, const std::string& name, long notBeforeDays, long notAfterDays) {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
    REQUIRE(key);
    std::unique_ptr<X509, decltype(&X509_free)> x(X509_new(), X509_free);
    X509_set_version(x.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x.get()), 1000 + notAfterDays);
    X509_gmtime_adj(X509_getm_notBefore(x.get()), notBeforeDays * 86400);
    X509_gmtime_adj(X509_getm_notAfter(x.get()), notAfterDays * 86400);
    X509_set_pubkey(x.get(), key.get());
    X509_NAME* subject = X509_get_subject_name(x.get());
    X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1,
                               0);
    X509_set_issuer_name(x.get(), subject);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, x.get(), x.get(), nullptr, nullptr, 0);
    for (auto [nid, value] :
         {std::pair{NID_subject_alt_name, "IP:127.0.0.1"}, std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
        X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
        REQUIRE(ext);
        X509_add_ext(x.get(), ext, -1);
        X509_EXTENSION_free(ext);
    }
    REQUIRE(X509_sign(x.get(), key.get(), EVP_sha256()) > 0);

    CertFiles files{dir / (name + ".pem"), dir / (name + ".key"), {}};
    FILE* f = std::fopen(files.cert.c_str(), "wb");
    PEM_write_X509(f, x.get());
    std::fclose(f);
    f = std::fopen(files.key.c_str(), "wb");
    PEM_write_PrivateKey(f, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    std::fclose(f);
    // Pin: sha256 of the DER SubjectPublicKeyInfo, base64.
    unsigned char* der = nullptr;
    const int len = i2d_PUBKEY(key.get(), &der);
    unsigned char digest[32];
    unsigned int dlen = 0;
    EVP_Digest(der, static_cast<size_t>(len), digest, &dlen, EVP_sha256(), nullptr);
    OPENSSL_free(der);
    unsigned char b64[64] = {};
    EVP_EncodeBlock(b64, digest, 32);
    files.pin = std::string("sha256//") + reinterpret_cast<const char*>(b64);
    return files;
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
        CHECK(client.stats().attempts == 1);
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

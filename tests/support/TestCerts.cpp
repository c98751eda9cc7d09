// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/TestCerts.h"

#include <catch2/catch.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <memory>

namespace portico::test {
namespace {

using KeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using CertPtr = std::unique_ptr<X509, decltype(&X509_free)>;

KeyPtr newKey() {
    KeyPtr key(EVP_EC_gen("P-256"), EVP_PKEY_free);
    REQUIRE(key);
    return key;
}

std::string pinOf(EVP_PKEY* key) {
    unsigned char* der = nullptr;
    const int len = i2d_PUBKEY(key, &der);
    REQUIRE(len > 0);
    unsigned char digest[32];
    unsigned int dlen = 0;
    EVP_Digest(der, static_cast<size_t>(len), digest, &dlen, EVP_sha256(), nullptr);
    OPENSSL_free(der);
    unsigned char b64[64] = {};
    EVP_EncodeBlock(b64, digest, 32);
    return std::string("sha256//") + reinterpret_cast<const char*>(b64);
}

/// A certificate for `key` named `cn`, issued by (issuerCert, issuerKey), or self-signed when issuerCert is null.
CertPtr makeCert(EVP_PKEY* key, const char* cn, long serial, long notBeforeDays, long notAfterDays, X509* issuerCert,
                 EVP_PKEY* issuerKey, const std::vector<std::pair<int, const char*>>& extensions) {
    CertPtr x(X509_new(), X509_free);
    X509_set_version(x.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x.get()), serial);
    X509_gmtime_adj(X509_getm_notBefore(x.get()), notBeforeDays * 86400);
    X509_gmtime_adj(X509_getm_notAfter(x.get()), notAfterDays * 86400);
    X509_set_pubkey(x.get(), key);
    X509_NAME* subject = X509_get_subject_name(x.get());
    X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn), -1, -1, 0);
    X509_set_issuer_name(x.get(), issuerCert ? X509_get_subject_name(issuerCert) : subject);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuerCert ? issuerCert : x.get(), x.get(), nullptr, nullptr, 0);
    for (const auto& [nid, value] : extensions) {
        X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
        REQUIRE(ext);
        X509_add_ext(x.get(), ext, -1);
        X509_EXTENSION_free(ext);
    }
    REQUIRE(X509_sign(x.get(), issuerKey ? issuerKey : key, EVP_sha256()) > 0);
    return x;
}

CertFiles write(const std::filesystem::path& dir, const std::string& name, X509* cert, EVP_PKEY* key) {
    CertFiles files{dir / (name + ".pem"), dir / (name + ".key"), pinOf(key)};
    FILE* f = std::fopen(files.cert.c_str(), "wb");
    REQUIRE(f != nullptr);
    PEM_write_X509(f, cert);
    std::fclose(f);
    f = std::fopen(files.key.c_str(), "wb");
    REQUIRE(f != nullptr);
    PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
    std::fclose(f);
    return files;
}

} // namespace

CertFiles makeSelfSignedCert(const std::filesystem::path& dir, const std::string& name, long notBeforeDays,
                             long notAfterDays) {
    auto key = newKey();
    auto cert = makeCert(key.get(), "127.0.0.1", 1000 + notAfterDays, notBeforeDays, notAfterDays, nullptr, nullptr,
                         {{NID_subject_alt_name, "IP:127.0.0.1"}, {NID_basic_constraints, "critical,CA:TRUE"}});
    return write(dir, name, cert.get(), key.get());
}

TestPki makeTestPki(const std::filesystem::path& dir) {
    auto caKey = newKey();
    auto caCert = makeCert(caKey.get(), "Portico Test Agency CA", 1, -1, 365, nullptr, nullptr,
                           {{NID_basic_constraints, "critical,CA:TRUE"},
                            {NID_key_usage, "critical,keyCertSign,cRLSign"},
                            {NID_subject_key_identifier, "hash"}});
    auto serverKey = newKey();
    auto serverCert = makeCert(serverKey.get(), "127.0.0.1", 2, -1, 30, caCert.get(), caKey.get(),
                               {{NID_subject_alt_name, "IP:127.0.0.1"},
                                {NID_basic_constraints, "critical,CA:FALSE"},
                                {NID_key_usage, "critical,digitalSignature"},
                                {NID_ext_key_usage, "serverAuth"},
                                {NID_authority_key_identifier, "keyid:always"}});
    TestPki pki;
    pki.ca = write(dir, "agency-ca", caCert.get(), caKey.get());
    pki.server = write(dir, "central", serverCert.get(), serverKey.get());
    return pki;
}

} // namespace portico::test

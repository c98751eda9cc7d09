// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <filesystem>
#include <string>

namespace portico::test {

/// @brief A certificate and its key in PEM files, and the key's pin in libcurl's form.
struct CertFiles {
    std::filesystem::path cert;
    std::filesystem::path key;
    std::string pin; ///< "sha256//" + base64 of the SHA-256 of the DER SubjectPublicKeyInfo
};

/// @brief A self-signed certificate for 127.0.0.1 (SAN IP), valid from now+notBeforeDays to now+notAfterDays.
CertFiles makeSelfSignedCert(const std::filesystem::path& dir, const std::string& name, long notBeforeDays,
                             long notAfterDays);

/// @brief A test certificate authority: a CA certificate (CA:TRUE, keyCertSign) and a server certificate for
/// 127.0.0.1 it signed (CA:FALSE, serverAuth). The station trusts `ca.cert` and pins `server.pin`.
struct TestPki {
    CertFiles ca;
    CertFiles server;
};
TestPki makeTestPki(const std::filesystem::path& dir);

} // namespace portico::test

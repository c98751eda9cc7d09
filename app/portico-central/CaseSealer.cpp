// SPDX-License-Identifier: GPL-3.0-or-later
#include "CaseSealer.h"

#include <sodium.h>

namespace portico::central {
namespace {

std::string associatedData(const std::string& caseId, const std::string& kind) {
    return "portico-case-evidence:v1:" + caseId + ":" + kind;
}

} // namespace

CaseSealer::~CaseSealer() {
    sodium_memzero(m_key.data(), m_key.size());
}

std::vector<std::uint8_t> CaseSealer::seal(const std::string& caseId, const std::string& kind,
                                           std::span<const std::uint8_t> plain) const {
    const std::string ad = associatedData(caseId, kind);
    std::vector<std::uint8_t> out(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + plain.size() +
                                  crypto_aead_xchacha20poly1305_ietf_ABYTES);
    randombytes_buf(out.data(), crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        out.data() + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &written, plain.data(), plain.size(),
        reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nullptr, out.data(), m_key.data());
    out.resize(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + written);
    return out;
}

Result<std::vector<std::uint8_t>> CaseSealer::open(const std::string& caseId, const std::string& kind,
                                                   std::span<const std::uint8_t> sealed) const {
    constexpr auto nonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    constexpr auto tag = crypto_aead_xchacha20poly1305_ietf_ABYTES;
    if (sealed.size() < nonce + tag) {
        return makeError(ErrorCode::CryptoError, "sealed evidence too short");
    }
    const std::string ad = associatedData(caseId, kind);
    std::vector<std::uint8_t> plain(sealed.size() - nonce - tag);
    unsigned long long read = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            plain.data(), &read, nullptr, sealed.data() + nonce, sealed.size() - nonce,
            reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), sealed.data(), m_key.data()) != 0) {
        return makeError(ErrorCode::CryptoError, "sealed evidence does not open: altered, or another case's");
    }
    plain.resize(read);
    return plain;
}

} // namespace portico::central

// SPDX-License-Identifier: GPL-3.0-or-later
#include "manifest/SignatureVerifier.h"

#include "manifest/Base64.h"

#include <sodium.h>

namespace portico::manifest {

Result<SignatureVerifier> SignatureVerifier::fromBase64(std::string_view publicKeyBase64) {
    if (sodium_init() < 0) {
        return makeError(ErrorCode::CryptoError, "libsodium failed to initialise");
    }
    auto bytes = base64Decode(publicKeyBase64);
    if (!bytes || bytes->size() != crypto_sign_PUBLICKEYBYTES) {
        return makeError(ErrorCode::ConfigInvalid, "the manifest public key must be 32 bytes of base64");
    }
    std::array<std::uint8_t, 32> key{};
    std::copy(bytes->begin(), bytes->end(), key.begin());
    return SignatureVerifier(key);
}

Status SignatureVerifier::verify(std::string_view body, std::string_view signatureBase64) const {
    if (signatureBase64.empty()) {
        return makeError(ErrorCode::SignatureInvalid, "the manifest is unsigned (no X-Portico-Signature)");
    }
    auto sig = base64Decode(signatureBase64);
    if (!sig || sig->size() != crypto_sign_BYTES) {
        return makeError(ErrorCode::SignatureInvalid, "the manifest signature is not 64 bytes of base64");
    }
    if (crypto_sign_verify_detached(sig->data(), reinterpret_cast<const unsigned char*>(body.data()), body.size(),
                                    m_key.data()) != 0) {
        return makeError(ErrorCode::SignatureInvalid, "the manifest signature does not match the pinned key");
    }
    return {};
}

} // namespace portico::manifest

// SPDX-License-Identifier: GPL-3.0-or-later
#include "SigningKey.h"

#include "manifest/Base64.h"

#include <sodium.h>

#include <cstdio>
#include <fstream>
#include <sys/stat.h>

namespace portico::central {

Result<SigningKey> SigningKey::loadOrCreate(const std::filesystem::path& dataDir) {
    if (sodium_init() < 0) {
        return makeError(ErrorCode::CryptoError, "libsodium failed to initialise");
    }
    SigningKey key;
    const auto file = dataDir / "signing.key";
    if (std::filesystem::exists(file)) {
        std::ifstream in(file, std::ios::binary);
        in.read(reinterpret_cast<char*>(key.m_secret.data()), static_cast<std::streamsize>(key.m_secret.size()));
        if (in.gcount() != static_cast<std::streamsize>(key.m_secret.size())) {
            return makeError(ErrorCode::Corrupt, "signing key file is damaged: " + file.string());
        }
        crypto_sign_ed25519_sk_to_pk(key.m_public.data(), key.m_secret.data());
        return key;
    }
    crypto_sign_keypair(key.m_public.data(), key.m_secret.data());
    const auto tmp = dataDir / "signing.key.tmp";
    {
        const mode_t old = ::umask(077);
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        ::umask(old);
        out.write(reinterpret_cast<const char*>(key.m_secret.data()),
                  static_cast<std::streamsize>(key.m_secret.size()));
        if (!out) {
            return makeError(ErrorCode::IoError, "cannot write " + tmp.string());
        }
    }
    ::chmod(tmp.c_str(), 0600);
    std::error_code ec;
    std::filesystem::rename(tmp, file, ec);
    if (ec) {
        return makeError(ErrorCode::IoError, "cannot create " + file.string() + ": " + ec.message());
    }
    std::ofstream pub(dataDir / "signing.pub");
    pub << key.publicKeyBase64() << "\n";
    return key;
}

std::array<std::uint8_t, 64> SigningKey::sign(std::string_view bytes) const {
    std::array<std::uint8_t, 64> sig{};
    crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                         m_secret.data());
    return sig;
}

std::string SigningKey::publicKeyBase64() const {
    return manifest::base64Encode(m_public);
}

std::string SigningKey::keyId() const {
    std::string id = "ed25519:";
    char hex[3];
    for (int i = 0; i < 8; ++i) {
        std::snprintf(hex, sizeof hex, "%02x", m_public[static_cast<size_t>(i)]);
        id += hex;
    }
    return id;
}

} // namespace portico::central

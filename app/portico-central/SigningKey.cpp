// SPDX-License-Identifier: GPL-3.0-or-later
#include "SigningKey.h"

#include "manifest/Base64.h"

#include <sodium.h>

#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

namespace portico::central {
namespace {

Status initSodium() {
    if (sodium_init() < 0) {
        return makeError(ErrorCode::CryptoError, "libsodium failed to initialise");
    }
    return {};
}

/// Create `file` with mode 0600 and the secret key; O_EXCL, so an existing key is never replaced.
Status writeNew(const std::filesystem::path& file, const std::array<std::uint8_t, 64>& secret) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        return makeError(errno == EEXIST ? ErrorCode::Conflict : ErrorCode::IoError,
                         (errno == EEXIST ? "refusing to overwrite the existing key " : "cannot create ") +
                             file.string());
    }
    const bool ok =
        ::write(fd, secret.data(), secret.size()) == static_cast<ssize_t>(secret.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) {
        std::filesystem::remove(file);
        return makeError(ErrorCode::IoError, "cannot write " + file.string());
    }
    return {};
}

} // namespace

Result<SigningKey> SigningKey::load(const std::filesystem::path& file) {
    if (auto s = initSodium(); !s) {
        return s.error();
    }
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) {
        return makeError(ErrorCode::NotFound, "no signing key at " + file.string() +
                                                  " (create one once with: portico-central keys generate --out FILE)");
    }
    if ((st.st_mode & 077) != 0) {
        return makeError(ErrorCode::Forbidden,
                         "the signing key " + file.string() + " is readable by group or others; chmod 600 it");
    }
    SigningKey key;
    std::ifstream in(file, std::ios::binary);
    in.read(reinterpret_cast<char*>(key.m_secret.data()), static_cast<std::streamsize>(key.m_secret.size()));
    if (in.gcount() != static_cast<std::streamsize>(key.m_secret.size()) || in.peek() != EOF) {
        return makeError(ErrorCode::Corrupt, "signing key file is damaged: " + file.string());
    }
    crypto_sign_ed25519_sk_to_pk(key.m_public.data(), key.m_secret.data());
    return key;
}

Result<SigningKey> SigningKey::generate(const std::filesystem::path& file) {
    if (auto s = initSodium(); !s) {
        return s.error();
    }
    SigningKey key;
    crypto_sign_keypair(key.m_public.data(), key.m_secret.data());
    if (auto s = writeNew(file, key.m_secret); !s) {
        return s.error();
    }
    return key;
}

Result<SigningKey> SigningKey::loadOrCreate(const std::filesystem::path& dataDir) {
    const auto file = dataDir / "signing.key";
    if (std::filesystem::exists(file)) {
        return load(file);
    }
    auto key = generate(file);
    if (!key && key.code() == ErrorCode::Conflict) {
        return load(file); // another process made it between our check and our create
    }
    if (key) {
        std::ofstream pub(dataDir / "signing.pub");
        pub << key->publicKeyBase64() << "\n";
    }
    return key;
}

std::array<std::uint8_t, 64> SigningKey::sign(std::string_view bytes) const {
    std::array<std::uint8_t, 64> sig{};
    crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                         m_secret.data());
    return sig;
}

std::array<std::uint8_t, 32> SigningKey::derive(std::string_view context) const {
    std::array<std::uint8_t, 32> out{};
    // The first 32 bytes of a libsodium Ed25519 secret key are its seed.
    crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(context.data()), context.size(),
                       m_secret.data(), 32);
    return out;
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

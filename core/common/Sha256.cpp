// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/Sha256.h"

#include <sodium.h>

#include <array>
#include <fstream>

namespace portico {
namespace {
std::string toHex(const unsigned char* digest) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(crypto_hash_sha256_BYTES * 2, '0');
    for (std::size_t i = 0; i < crypto_hash_sha256_BYTES; ++i) {
        out[2 * i] = kHex[digest[i] >> 4];
        out[2 * i + 1] = kHex[digest[i] & 0xF];
    }
    return out;
}
} // namespace

std::string sha256Hex(std::span<const std::uint8_t> bytes) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, bytes.data(), bytes.size());
    return toHex(digest);
}

std::string sha256Hex(std::string_view bytes) {
    return sha256Hex(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
}

Result<std::string> sha256File(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return makeError(ErrorCode::IoError, "cannot open " + path.string());
    }
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init(&state);
    std::array<char, 1 << 16> buf{};
    while (in) {
        in.read(buf.data(), buf.size());
        const auto n = in.gcount();
        if (n > 0) {
            crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(buf.data()),
                                      static_cast<unsigned long long>(n));
        }
    }
    if (in.bad()) {
        return makeError(ErrorCode::IoError, "read error in " + path.string());
    }
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&state, digest);
    return toHex(digest);
}

} // namespace portico

// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/Crypto.h"

#include <sodium.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <mutex>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace portico::store {

namespace fs = std::filesystem;

Status initSodium() {
    static std::once_flag once;
    static int rc = 0;
    std::call_once(once, [] { rc = sodium_init(); });
    if (rc < 0) {
        return makeError(ErrorCode::CryptoError, "libsodium failed to initialise");
    }
    return {};
}

// ---------------------------------------------------------------- KeyRing

KeyRing::~KeyRing() {
    for (auto& k : m_keys) {
        sodium_memzero(k.bytes.data(), k.bytes.size());
    }
}

KeyRing KeyRing::generate(std::uint32_t version) {
    (void)initSodium();
    MasterKey k;
    k.version = version;
    crypto_aead_xchacha20poly1305_ietf_keygen(k.bytes.data());
    return KeyRing({k}, version);
}

const MasterKey* KeyRing::find(std::uint32_t version) const {
    for (const auto& k : m_keys) {
        if (k.version == version) {
            return &k;
        }
    }
    return nullptr;
}

const MasterKey& KeyRing::current() const {
    const MasterKey* k = find(m_current);
    assert(k != nullptr);
    return *k;
}

void KeyRing::addNewCurrent() {
    (void)initSodium();
    std::uint32_t top = m_current;
    for (const auto& k : m_keys) {
        top = std::max(top, k.version);
    }
    MasterKey k;
    k.version = top + 1;
    crypto_aead_xchacha20poly1305_ietf_keygen(k.bytes.data());
    m_keys.push_back(k);
    m_current = k.version;
}

void KeyRing::dropOld() {
    std::vector<MasterKey> keep;
    for (auto& k : m_keys) {
        if (k.version == m_current) {
            keep.push_back(k);
        }
        sodium_memzero(k.bytes.data(), k.bytes.size());
    }
    m_keys = std::move(keep);
}

// ---------------------------------------------------------------- KeyFile

namespace {

constexpr std::string_view kKeyFileMagic = "portico-master-key 1";

Status checkPermissions(const fs::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        return makeError(ErrorCode::IoError, "cannot stat key file " + path.string() + ": " + std::strerror(errno));
    }
    if (!S_ISREG(st.st_mode)) {
        return makeError(ErrorCode::Forbidden, "key file " + path.string() + " is not a regular file");
    }
    if ((st.st_mode & 077) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%03o", static_cast<unsigned>(st.st_mode & 0777));
        return makeError(ErrorCode::Forbidden, "key file " + path.string() + " has mode " + mode +
                                                   "; it must be readable by its owner only (chmod 600)");
    }
    return {};
}

Result<KeyRing> parseKeyFile(const std::string& text, const fs::path& path) {
    std::istringstream in(text);
    std::string line;
    if (!std::getline(in, line) || line != kKeyFileMagic) {
        return makeError(ErrorCode::CryptoError, "key file " + path.string() + " has no valid header");
    }
    std::vector<MasterKey> keys;
    std::uint32_t current = 0;
    bool haveCurrent = false;
    while (std::getline(in, line)) {
        if (line.empty()) {
            continue;
        }
        std::istringstream ls(line);
        std::string word;
        ls >> word;
        if (word == "current") {
            if (!(ls >> current)) {
                return makeError(ErrorCode::CryptoError, "key file: bad 'current' line");
            }
            haveCurrent = true;
        } else if (word == "key") {
            MasterKey k;
            std::string hex;
            if (!(ls >> k.version >> hex) || hex.size() != 64) {
                return makeError(ErrorCode::CryptoError, "key file: bad 'key' line");
            }
            std::size_t binLen = 0;
            if (sodium_hex2bin(k.bytes.data(), k.bytes.size(), hex.data(), hex.size(), nullptr, &binLen, nullptr) !=
                    0 ||
                binLen != k.bytes.size()) {
                return makeError(ErrorCode::CryptoError, "key file: key is not 64 hex digits");
            }
            sodium_memzero(hex.data(), hex.size());
            keys.push_back(k);
        } else {
            return makeError(ErrorCode::CryptoError, "key file: unknown line '" + word + "'");
        }
    }
    KeyRing ring(std::move(keys), current);
    if (!haveCurrent || !ring.valid()) {
        return makeError(ErrorCode::CryptoError, "key file " + path.string() + " names no usable current key");
    }
    return ring;
}

Status fsyncDir(const fs::path& dir) {
    const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd < 0) {
        return makeError(ErrorCode::IoError, "cannot open directory for fsync: " + dir.string());
    }
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) {
        return makeError(ErrorCode::IoError, "fsync of directory failed: " + dir.string());
    }
    return {};
}

} // namespace

Result<KeyRing> KeyFile::load(const fs::path& path) {
    if (auto s = initSodium(); !s) {
        return s.error();
    }
    if (!fs::exists(path)) {
        return makeError(ErrorCode::NotFound, "key file " + path.string() + " does not exist");
    }
    if (auto s = checkPermissions(path); !s) {
        return s.error();
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return makeError(ErrorCode::IoError, "cannot read key file " + path.string());
    }
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto ring = parseKeyFile(text, path);
    sodium_memzero(text.data(), text.size());
    return ring;
}

Result<KeyRing> KeyFile::loadOrCreate(const fs::path& path) {
    if (fs::exists(path)) {
        return load(path);
    }
    KeyRing ring = KeyRing::generate(1);
    if (auto s = save(path, ring); !s) {
        return s.error();
    }
    return ring;
}

Status KeyFile::save(const fs::path& path, const KeyRing& ring) {
    if (!ring.valid()) {
        return makeError(ErrorCode::InvalidArgument, "refusing to save a key ring without a current key");
    }
    std::error_code ec;
    if (path.has_parent_path()) {
        fs::create_directories(path.parent_path(), ec);
    }
    std::string text(kKeyFileMagic);
    text += "\ncurrent " + std::to_string(ring.currentVersion()) + "\n";
    for (const auto& k : ring.keys()) {
        char hex[65];
        sodium_bin2hex(hex, sizeof hex, k.bytes.data(), k.bytes.size());
        text += "key " + std::to_string(k.version) + " " + hex + "\n";
        sodium_memzero(hex, sizeof hex);
    }
    const fs::path tmp = path.string() + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        sodium_memzero(text.data(), text.size());
        return makeError(ErrorCode::IoError, "cannot create key file " + tmp.string() + ": " + std::strerror(errno));
    }
    (void)::fchmod(fd, 0600);
    std::size_t off = 0;
    bool ok = true;
    while (off < text.size()) {
        const ssize_t n = ::write(fd, text.data() + off, text.size() - off);
        if (n <= 0) {
            if (n < 0 && errno == EINTR) {
                continue;
            }
            ok = false;
            break;
        }
        off += static_cast<std::size_t>(n);
    }
    sodium_memzero(text.data(), text.size());
    const int errWrite = errno;
    if (ok && ::fsync(fd) != 0) {
        ok = false;
    }
    ::close(fd);
    if (!ok) {
        ::unlink(tmp.c_str());
        return makeError(errWrite == ENOSPC ? ErrorCode::DiskFull : ErrorCode::IoError,
                         "cannot write key file " + tmp.string());
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        ::unlink(tmp.c_str());
        return makeError(ErrorCode::IoError, "cannot replace key file " + path.string() + ": " + std::strerror(errno));
    }
    return fsyncDir(path.parent_path());
}

Status KeyFile::checkOutside(const fs::path& keyPath, const fs::path& dbPath) {
    std::error_code ec;
    const fs::path keyDir = fs::weakly_canonical(fs::absolute(keyPath), ec).parent_path();
    const fs::path dbDir = fs::weakly_canonical(fs::absolute(dbPath), ec).parent_path();
    auto rel = keyDir.lexically_relative(dbDir);
    if (!rel.empty() && *rel.begin() != "..") {
        return makeError(ErrorCode::Forbidden,
                         "the key file must live outside the database directory (" + dbDir.string() + ")");
    }
    return {};
}

// ---------------------------------------------------------------- Crypto

namespace {

constexpr std::uint8_t kMagic0 = 'P';
constexpr std::uint8_t kMagic1 = 'S';
constexpr std::uint8_t kFormat = 1;

std::vector<std::uint8_t> associatedData(const SealContext& where, std::uint32_t version) {
    std::vector<std::uint8_t> ad;
    const auto put = [&ad](std::string_view s) {
        ad.insert(ad.end(), s.begin(), s.end());
        ad.push_back(0);
    };
    put("portico-seal-v1");
    put(where.table);
    put(where.column);
    put(where.recordId);
    for (int i = 0; i < 4; ++i) {
        ad.push_back(static_cast<std::uint8_t>(version >> (8 * i)));
    }
    return ad;
}

} // namespace

Crypto::Crypto(KeyRing ring) : m_ring(std::move(ring)) {
    (void)initSodium();
}

Result<Bytes> Crypto::seal(const SealContext& where, ByteView plaintext) const {
    if (!m_ring.valid()) {
        return makeError(ErrorCode::CryptoError, "no current key to seal with");
    }
    if (where.table.empty() || where.column.empty() || where.recordId.empty()) {
        return makeError(ErrorCode::InvalidArgument, "seal needs table, column and record id");
    }
    const MasterKey& key = m_ring.current();
    Bytes out(kHeaderBytes + plaintext.size() + kTagBytes);
    out[0] = kMagic0;
    out[1] = kMagic1;
    out[2] = kFormat;
    for (int i = 0; i < 4; ++i) {
        out[3 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(key.version >> (8 * i));
    }
    std::uint8_t* nonce = out.data() + 7;
    randombytes_buf(nonce, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    const auto ad = associatedData(where, key.version);
    unsigned long long clen = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(out.data() + kHeaderBytes, &clen, plaintext.data(), plaintext.size(),
                                               ad.data(), ad.size(), nullptr, nonce, key.bytes.data());
    out.resize(kHeaderBytes + static_cast<std::size_t>(clen));
    return out;
}

Result<Bytes> Crypto::sealText(const SealContext& where, std::string_view text) const {
    return seal(where, ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

Result<std::uint32_t> Crypto::keyVersionOf(ByteView sealed) {
    if (sealed.size() < kHeaderBytes + kTagBytes || sealed[0] != kMagic0 || sealed[1] != kMagic1 ||
        sealed[2] != kFormat) {
        return makeError(ErrorCode::CryptoError, "not a sealed value (bad header or too short)");
    }
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
        v |= static_cast<std::uint32_t>(sealed[3 + static_cast<std::size_t>(i)]) << (8 * i);
    }
    return v;
}

Result<Bytes> Crypto::open(const SealContext& where, ByteView sealed) const {
    auto version = keyVersionOf(sealed);
    if (!version) {
        return version.error();
    }
    const MasterKey* key = m_ring.find(*version);
    if (key == nullptr) {
        return makeError(ErrorCode::CryptoError, "sealed with unknown key version " + std::to_string(*version));
    }
    const auto ad = associatedData(where, *version);
    Bytes out(sealed.size() - kHeaderBytes - kTagBytes);
    unsigned long long mlen = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(out.data(), &mlen, nullptr, sealed.data() + kHeaderBytes,
                                                   sealed.size() - kHeaderBytes, ad.data(), ad.size(),
                                                   sealed.data() + 7, key->bytes.data()) != 0) {
        return makeError(ErrorCode::CryptoError, "sealed value failed authentication (tampered or moved)");
    }
    out.resize(static_cast<std::size_t>(mlen));
    return out;
}

Result<std::string> Crypto::openText(const SealContext& where, ByteView sealed) const {
    auto bytes = open(where, sealed);
    if (!bytes) {
        return bytes.error();
    }
    std::string s(bytes->begin(), bytes->end());
    sodium_memzero(bytes->data(), bytes->size());
    return s;
}

} // namespace portico::store

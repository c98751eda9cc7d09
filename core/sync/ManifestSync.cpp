// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/ManifestSync.h"

#include "common/Log.h"
#include "common/Sha256.h"
#include "manifest/Base64.h"
#include "net/UrlPath.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>

namespace portico::sync {
namespace {

Error httpError(const net::HttpResponse& res, const std::string& what) {
    ErrorCode code = ErrorCode::ServerError;
    if (res.status == 401) {
        code = ErrorCode::Unauthorized;
    } else if (res.status == 403) {
        code = ErrorCode::Forbidden;
    } else if (res.status == 404) {
        code = ErrorCode::NotFound;
    } else if (res.status == 429) {
        code = ErrorCode::RateLimited;
    } else if (res.status == 409) {
        code = ErrorCode::ManifestRejected;
    }
    return makeError(code, what + ": HTTP " + std::to_string(res.status));
}

/// An ETag's value without the weak prefix and quotes ("W/\"abc\"" → "abc"), lower-cased.
std::string etagValue(std::string value) {
    if (value.starts_with("W/")) {
        value.erase(0, 2);
    }
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
    }
    std::transform(value.begin(), value.end(), value.begin(), [](unsigned char c) { return std::tolower(c); });
    return value;
}

} // namespace

ManifestSync::ManifestSync(net::HttpClient& http, manifest::ManifestStore& store, manifest::SignatureVerifier verifier,
                           const Clock& clock, ManifestSyncOptions options)
    : m_http(http), m_store(store), m_verifier(verifier), m_clock(clock), m_options(std::move(options)) {}

ManifestSyncStatus ManifestSync::status() const {
    std::lock_guard lock(m_mutex);
    return m_status;
}

bool ManifestSync::manifestExpired(Clock::TimePoint now) const {
    std::lock_guard lock(m_mutex);
    return m_status.applied && m_status.applied->expiresAt <= now;
}

Error ManifestSync::fail(Error error, bool rejected) {
    std::lock_guard lock(m_mutex);
    m_status.lastError = error;
    if (rejected) {
        ++m_status.rejected;
    }
    log::get("sync")->warn("manifest sync failed: {} ({})", error.detail, errorCodeName(error.code));
    return error;
}

Result<ManifestSyncResult> ManifestSync::applyBody(const std::string& body, const std::string& signatureBase64) {
    // 1. Size and signature over the exact bytes, before anything reads them.
    if (body.size() > m_options.limits.maxBytes) {
        return fail(makeError(ErrorCode::ManifestRejected, "manifest of " + std::to_string(body.size()) +
                                                               " bytes exceeds the cap of " +
                                                               std::to_string(m_options.limits.maxBytes)),
                    true);
    }
    if (auto s = m_verifier.verify(body, signatureBase64); !s) {
        return fail(s.error(), true);
    }
    auto sig = manifest::base64Decode(signatureBase64);
    // 2. Strict parse.
    auto parsed = manifest::parseManifest(body, m_options.limits);
    if (!parsed) {
        return fail(parsed.error(), true);
    }
    const auto& m = *parsed;
    // 3. Semantic checks against the clock and the applied manifest.
    const auto now = m_clock.now();
    if (m.port != m_options.port) {
        return fail(
            makeError(ErrorCode::ManifestRejected, "manifest is for port " + m.port + ", not " + m_options.port), true);
    }
    if (m.expiresAt <= now) {
        return fail(makeError(ErrorCode::ManifestRejected, "manifest v" + std::to_string(m.version) + " expired"),
                    true);
    }
    if (m.issuedAt > now + m_options.maxClockSkew) {
        return fail(makeError(ErrorCode::ManifestRejected, "manifest issued in the future"), true);
    }
    auto current = m_store.current(m_options.port);
    if (!current) {
        return fail(current.error(), false);
    }
    const std::int64_t have = current->has_value() ? (*current)->version : 0;
    if (m.version < have) {
        return fail(makeError(ErrorCode::ManifestRejected, "rollback refused: manifest v" + std::to_string(m.version) +
                                                               " is older than the applied v" + std::to_string(have)),
                    true);
    }
    if (m.kind == manifest::ManifestKind::Delta && (!current->has_value() || *m.baseVersion != have)) {
        return fail(makeError(ErrorCode::ManifestRejected, "delta from v" + std::to_string(*m.baseVersion) +
                                                               " does not apply to the applied v" +
                                                               std::to_string(have)),
                    true);
    }
    // 4. Apply in one transaction; the store keeps the previous manifest on any error.
    if (auto s = m_store.apply(m, *sig, sha256Hex(body), now); !s) {
        return fail(s.error(), false);
    }
    ManifestSyncResult result;
    result.changed = m.version != have || m.kind == manifest::ManifestKind::Full;
    result.kind = m.kind;
    result.fromVersion = have;
    result.toVersion = m.version;
    result.entries = m.entries.size();
    result.removals = m.removals.size();
    result.bodyBytes = body.size();
    return result;
}

Result<ManifestSyncResult> ManifestSync::fetchAndApply(std::int64_t since) {
    net::HttpRequest req;
    req.method = net::HttpMethod::Get;
    std::vector<std::pair<std::string, std::string>> query;
    if (since > 0) {
        query.emplace_back("since", std::to_string(since));
    }
    req.path = net::urlPath(
        {net::literal("v1"), net::literal("ports"), net::value(m_options.port), net::literal("manifest")}, query);
    req.maxResponseBytes = m_options.limits.maxBytes; // enforced while receiving and while decompressing
    auto res = m_http.send(req);
    if (!res) {
        if (res.code() == ErrorCode::InvalidArgument) { // over the size cap: cut while receiving
            return fail(makeError(ErrorCode::ManifestRejected, "manifest refused: " + res.error().detail), true);
        }
        return fail(res.error(), false);
    }
    if (res->status != 200) {
        return fail(httpError(*res, "manifest request"), false);
    }
    return applyBody(res->body, res->header("x-portico-signature"));
}

Result<ManifestSyncResult> ManifestSync::syncOnce() {
    {
        std::lock_guard lock(m_mutex);
        m_status.lastAttempt = m_clock.now();
    }
    auto current = m_store.current(m_options.port);
    if (!current) {
        return fail(current.error(), false);
    }
    {
        std::lock_guard lock(m_mutex);
        m_status.applied = *current; // known even when this attempt fails (offline)
    }
    const std::int64_t have = current->has_value() ? (*current)->version : 0;
    auto result = fetchAndApply(have);
    if (!result && have > 0 && result.code() == ErrorCode::ManifestRejected) {
        // A delta that does not apply (or a server that forgot our version): one full fetch; rollback, expiry and
        // signature checks still hold for it.
        log::get("sync")->info("delta refused; trying a full manifest");
        result = fetchAndApply(0);
    }
    if (!result) {
        return result;
    }
    if (m_options.fetchPhotos) {
        auto photos = fetchMissingPhotos();
        if (photos) {
            result->photosFetched = photos->stored;
            result->photosRefused = photos->refused;
        }
    }
    auto info = m_store.current(m_options.port);
    auto stale = m_store.staleness(m_options.port, m_clock.now(), m_options.staleAfter);
    std::lock_guard lock(m_mutex);
    m_status.lastSuccess = m_clock.now();
    m_status.lastError.reset();
    if (info && info->has_value()) {
        m_status.version = (*info)->version;
        m_status.entries = (*info)->entries;
        m_status.applied = *info;
    }
    if (stale) {
        m_status.staleness = *stale;
    }
    return result;
}

Result<ManifestSync::PhotoFetch> ManifestSync::fetchMissingPhotos() {
    auto missing = m_store.missingPhotos(m_options.port);
    if (!missing) {
        return missing.error();
    }
    PhotoFetch fetch;
    std::optional<Error> refusal;
    for (const auto& photo : *missing) {
        if (!manifest::isPhotoId(photo.id)) {
            continue; // never stored by the parser; a row from an older station is not turned into a URL
        }
        net::HttpRequest req;
        req.path = net::urlPath({net::literal("v1"), net::literal("photos"), net::value(photo.id)});
        req.maxResponseBytes = m_options.photoLimits.maxBytes; // enforced while receiving
        auto res = m_http.send(req);
        Status stored;
        if (!res && res.code() == ErrorCode::InvalidArgument) { // over the photo size limit: cut while receiving
            stored = makeError(ErrorCode::ImageInvalid, "photo " + photo.id + ": " + res.error().detail);
        } else if (!res) {
            return res.error();
        } else if (res->status != 200) {
            continue; // a missing photo is not fatal: it is fetched again next time
        } else {
            const auto& b = res->body;
            const store::ByteView bytes(reinterpret_cast<const std::uint8_t*>(b.data()), b.size());
            // The ETag is documented as the photo's SHA-256: one that names another hash is refused before any
            // work. Then a JPEG whose header declares a sane size (no pixel decoded); then the store checks the
            // bytes themselves against the SHA-256 of the signed entry before sealing them: that is the check.
            const std::string etag = etagValue(res->header("etag"));
            if (!etag.empty() && etag != photo.sha256) {
                stored =
                    makeError(ErrorCode::ChecksumMismatch, "photo " + photo.id + ": its ETag " + etag.substr(0, 64) +
                                                               " is not the SHA-256 of its signed entry");
            } else if (auto ok = checkEnrolledPhoto(bytes, m_options.photoLimits); !ok) {
                stored = makeError(ErrorCode::ImageInvalid, "photo " + photo.id + ": " + ok.error().detail);
            } else {
                stored = m_store.putPhoto(photo.id, bytes, m_clock.now());
            }
        }
        if (stored) {
            ++fetch.stored;
        } else if (stored.code() == ErrorCode::ChecksumMismatch || stored.code() == ErrorCode::ImageInvalid) {
            ++fetch.refused;
            refusal = stored.error();
            log::get("sync")->warn("photo refused: {}", stored.error().detail);
        } else if (stored.code() != ErrorCode::NotFound) { // NotFound: no entry names it any more
            return stored.error();
        }
    }
    std::lock_guard lock(m_mutex);
    m_status.photosRefused += static_cast<std::int64_t>(fetch.refused);
    m_status.lastPhotoError = refusal;
    return fetch;
}

} // namespace portico::sync

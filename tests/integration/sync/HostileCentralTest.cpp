// SPDX-License-Identifier: GPL-3.0-or-later
// A central service that lies, written from docs/api.md alone: every answer here is bytes on a real TCP socket on
// 127.0.0.1 (support/HostileServer), read by the station's real HTTP client, verifier, parser and sealed store.
// Whatever the server sends, the station keeps its previous manifest, stores nothing it was not signed for, and
// says why.
#include "HostileFixture.h"
#include "common/Sha256.h"
#include "net/UrlPath.h"

#include <catch2/catch.hpp>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <fstream>

using namespace portico;
using portico::test::HostileServer;
using portico::test::HostileStation;
using portico::test::RawReply;

TEST_CASE("hostile central: a signed manifest with a key twice is refused, the previous one kept",
          "[integration][sync][hostile]") {
    HostileStation s;
    REQUIRE(s.applyGood(1));

    std::string body;
    std::string where;
    SECTION("'version' twice at the top: this parser would have taken the last") {
        body = s.manifestJson(2, 3).dump();
        body.insert(1, "\"version\":7,");
        where = "'version'";
    }
    SECTION("'family' twice inside one entry's names") {
        body = s.manifestJson(2, 3).dump();
        const auto at = body.find("\"family\":");
        REQUIRE(at != std::string::npos);
        body.insert(at, "\"family\":\"Other\",");
        where = "'family'";
    }
    s.serveManifest(body);
    auto r = s.syncOnce();
    REQUIRE_FALSE(r);
    CHECK(r.code() == ErrorCode::ManifestRejected);
    CHECK_THAT(r.error().detail, Catch::Contains(where) && Catch::Contains("twice"));
    s.requirePreviousKept(1);
}

TEST_CASE("hostile central: duplicate appointment ids and impossible dates refuse the whole manifest",
          "[integration][sync][hostile]") {
    HostileStation s;
    REQUIRE(s.applyGood(1));

    auto doc = s.manifestJson(2, 4);
    std::string why;
    SECTION("the same appointment id twice (the second copy would win)") {
        doc["entries"][3]["appointment_id"] = doc["entries"][1]["appointment_id"];
        doc["entries"][3]["names"]["family"] = "Impostor";
        why = "entries[3].appointment_id: the same appointment as entries[1]";
    }
    SECTION("a date of birth on 30 February") {
        doc["entries"][2]["date_of_birth"] = "1999-02-30";
        why = "entries[2].date_of_birth: 1999-02-30 is not a calendar date";
    }
    SECTION("a document expiring on 31 April") {
        doc["entries"][0]["document"]["expiry"] = "2030-04-31";
        why = "entries[0].document.expiry";
    }
    SECTION("an appointment window starting on 30 February") {
        doc["entries"][1]["window"]["start"] = "2026-02-30T09:00:00Z";
        why = "entries[1].window.start";
    }
    SECTION("an appointment both in the entries and in the removals") {
        doc["kind"] = "delta";
        doc["base_version"] = 1;
        doc["removals"] = {doc["entries"][0]["appointment_id"]};
        why = "removals[0]: the appointment is also among the entries";
    }
    s.serveManifest(doc.dump());
    auto r = s.syncOnce();
    REQUIRE_FALSE(r);
    CHECK(r.code() == ErrorCode::ManifestRejected);
    CHECK_THAT(r.error().detail, Catch::Contains(why));
    s.requirePreviousKept(1);
}

TEST_CASE("hostile central: photo ids outside the grammar are refused before anything is stored or requested",
          "[integration][sync][hostile]") {
    HostileStation s;
    s.options.fetchPhotos = true;
    REQUIRE(s.applyGood(1));
    const auto before = s.server->requests().size();

    const std::string id =
        GENERATE(as<std::string>{}, "../../v1/inspections", "..%2F..%2Fetc%2Fpasswd", "a/b", "ph-1\r\nX-Injected: yes",
                 "ph-1?since=0", "ph-1#frag", "ph-\xC3\xA9t\xC3\xA9", "..", std::string(65, 'a'));
    INFO("photo id: " << id);
    auto doc = s.manifestJson(2, 3);
    doc["entries"][1]["photo_ids"] = {id};
    s.serveManifest(doc.dump());
    auto r = s.syncOnce();
    REQUIRE_FALSE(r);
    CHECK(r.code() == ErrorCode::ManifestRejected);
    CHECK_THAT(r.error().detail, Catch::Contains("entries[1].photo_ids[0]: not a photo id"));
    s.requirePreviousKept(1);
    // Only manifest requests reached the server: no URL was ever built from the bad id.
    const auto requests = s.server->requests();
    for (size_t i = before; i < requests.size(); ++i) {
        CHECK_THAT(requests[i].target, Catch::StartsWith("/v1/ports/SYS/manifest"));
    }
}

TEST_CASE("request URLs are built with percent-encoding: a value never changes the path, query or headers",
          "[integration][sync][hostile]") {
    CHECK(net::percentEncode("ph-000006-1") == "ph-000006-1");
    CHECK(net::percentEncode("../a b/%2F?#\r\n\xC3\xA9") == "..%2Fa%20b%2F%252F%3F%23%0D%0A%C3%A9");
    CHECK(net::percentEncode("..") == "%2E%2E");
    CHECK(net::urlPath({net::literal("v1"), net::literal("photos"), net::value("a/b")}) == "/v1/photos/a%2Fb");

    // Over the wire: a port code that is not one is sent encoded, as one path segment.
    HostileStation s;
    s.options.port = "S Y/../x?since=0";
    auto odd = std::make_unique<sync::ManifestSync>(
        *s.http, s.cache, *manifest::SignatureVerifier::fromBase64(s.signer.publicKeyBase64()), s.clock, s.options);
    (void)odd->syncOnce();
    auto requests = s.server->requests();
    REQUIRE_FALSE(requests.empty());
    CHECK(requests.front().target == "/v1/ports/S%20Y%2F..%2Fx%3Fsince%3D0/manifest");

    // And a raw path with CR LF never leaves the client.
    auto raw = s.http->send({net::HttpMethod::Get, "/v1/photos/a\r\nX-Injected: yes", {}, {}, "", false});
    REQUIRE_FALSE(raw);
    CHECK(raw.code() == ErrorCode::InvalidArgument);
    CHECK(s.server->requests().size() == requests.size());
}

TEST_CASE("hostile central: a photo that is not the one its signed entry hashes is refused, reported, never stored",
          "[integration][sync][hostile]") {
    HostileStation s;
    s.options.fetchPhotos = true;
    s.sync = std::make_unique<sync::ManifestSync>(
        *s.http, s.cache, *manifest::SignatureVerifier::fromBase64(s.signer.publicKeyBase64()), s.clock, s.options);
    const auto doc = s.manifestJson(1, 3);
    const std::string right0 = s.photoBytes(0);
    const std::string right1 = s.photoBytes(1);
    const std::string right2 = s.photoBytes(2);
    const std::string signed1 = doc["entries"][1]["photo_sha256"][0].get<std::string>();
    const auto jpeg = [](std::string body, std::string etag) {
        return HostileServer::reply(200, {{"Content-Type", "image/jpeg"}, {"ETag", "\"" + etag + "\""}},
                                    std::move(body));
    };
    s.servePhoto("ph-0", jpeg(right0, doc["entries"][0]["photo_sha256"][0].get<std::string>()));
    // Swapped at rest on the server: another traveler's photo, with the ETag the signed entry expects.
    s.servePhoto("ph-1", jpeg(s.photoBytes(5), signed1));
    // Changed in transit: one byte of the right photo flipped.
    std::string flipped = right2;
    flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x01);
    s.servePhoto("ph-2", jpeg(flipped, doc["entries"][2]["photo_sha256"][0].get<std::string>()));
    s.serveManifest(doc.dump());

    auto r = s.syncOnce();
    REQUIRE(r);
    CHECK(r->photosFetched == 1);
    CHECK(r->photosRefused == 2);
    const auto status = s.sync->status();
    CHECK(status.photosRefused == 2);
    REQUIRE(status.lastPhotoError);
    CHECK(status.lastPhotoError->code == ErrorCode::ChecksumMismatch);
    CHECK_THAT(status.lastPhotoError->detail, Catch::Contains("signed entry"));
    // Nothing the officer could be shown or the gallery could enrol.
    CHECK_FALSE(s.cache.photo("ph-1")->has_value());
    CHECK_FALSE(s.cache.photo("ph-2")->has_value());
    auto good = s.cache.photo("ph-0");
    REQUIRE(good);
    REQUIRE(good->has_value());
    CHECK(std::string((*good)->begin(), (*good)->end()) == right0);
    CHECK(s.cache.missingPhotos("SYS")->size() == 2);

    // The server puts the right photos back: they are fetched and stored on the next round.
    s.servePhoto("ph-1", jpeg(right1, signed1));
    s.servePhoto("ph-2", jpeg(right2, doc["entries"][2]["photo_sha256"][0].get<std::string>()));
    auto again = s.sync->fetchMissingPhotos();
    REQUIRE(again);
    CHECK(again->stored == 2);
    CHECK(again->refused == 0);
    CHECK_FALSE(s.sync->status().lastPhotoError);
    CHECK(s.cache.photo("ph-1")->has_value());
}

namespace {

/// Peak resident memory of this process since the last reset (Linux: VmHWM, reset through clear_refs).
struct PeakMemory {
    static long long kib(const char* key) {
        std::ifstream in("/proc/self/status");
        std::string line;
        while (std::getline(in, line)) {
            if (line.rfind(key, 0) == 0) {
                return std::stoll(line.substr(std::strlen(key)));
            }
        }
        return -1;
    }
    PeakMemory() {
        std::ofstream reset("/proc/self/clear_refs");
        reset << "5"; // resets VmHWM to the current RSS
        reset.flush();
        if (!reset) {
            FAIL("cannot reset the peak-memory mark (/proc/self/clear_refs): the memory bound cannot be measured");
        }
        baseline = kib("VmRSS:");
    }
    long long growthMiB() const { return (kib("VmHWM:") - baseline) / 1024; }
    long long baseline = 0;
};

/// `total` bytes of 'a', 64 KiB per call. Each copy of the reply (one per request) starts from the beginning.
std::function<bool(std::string&)> endless(std::uint64_t total, bool chunked) {
    return [left = total, chunked](std::string& out) mutable {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, 65536));
        left -= n;
        if (chunked) {
            char size[32];
            std::snprintf(size, sizeof size, "%zx\r\n", n);
            out = size + std::string(n, 'a') + "\r\n" + (left == 0 ? "0\r\n\r\n" : "");
        } else {
            out.assign(n, 'a');
        }
        return left > 0;
    };
}

/// A gzip stream that decodes to `total` zero bytes: the same 1 MiB block (compressed with a full flush, so every
/// copy is byte-identical, about 1 KiB) repeated. No trailer: nobody should read that far.
std::function<bool(std::string&)> gzipBomb(std::uint64_t total) {
    z_stream z{};
    REQUIRE(deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) == Z_OK);
    const std::string zeros(1 << 20, '\0');
    auto compress = [&] {
        std::string out(zeros.size(), '\0');
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zeros.data()));
        z.avail_in = static_cast<uInt>(zeros.size());
        z.next_out = reinterpret_cast<Bytef*>(out.data());
        z.avail_out = static_cast<uInt>(out.size());
        REQUIRE(deflate(&z, Z_FULL_FLUSH) == Z_OK);
        out.resize(out.size() - z.avail_out);
        return out;
    };
    const std::string first = compress(); // with the gzip header
    const std::string block = compress();
    REQUIRE(compress() == block);
    deflateEnd(&z);
    return [first, block, sent = std::uint64_t{0}, total](std::string& out) mutable {
        out = sent == 0 ? first : block;
        sent += 1 << 20;
        return sent < total;
    };
}

} // namespace

TEST_CASE("hostile central: an oversized manifest is cut while it is received, not after",
          "[integration][sync][hostile]") {
    HostileStation s;
    REQUIRE(s.applyGood(1));
    constexpr std::uint64_t kHundredMiB = 100ull << 20;
    const std::string signature = s.signer.sign("{}");
    const std::vector<std::pair<std::string, std::string>> headers = {{"Content-Type", "application/json"},
                                                                      {"X-Portico-Signature", signature}};
    std::uint64_t capBytes = 0;
    std::uint64_t maxServerBytes = 0;
    long long maxGrowthMiB = 0;
    RawReply reply;
    SECTION("100 MiB announced by Content-Length: refused before the body, at the default 64 MiB cap") {
        reply.head = HostileServer::head(200, headers, static_cast<long long>(kHundredMiB));
        reply.more = endless(kHundredMiB, false);
        capBytes = s.options.limits.maxBytes;
        REQUIRE(capBytes == 64u << 20);
        maxServerBytes = 16u << 20; // what the sockets' buffers may have taken before the station hung up
        maxGrowthMiB = 8;
    }
    SECTION("100 MiB chunked, no length announced: cut at the cap") {
        s.options.limits.maxBytes = 4u << 20;
        reply.head = HostileServer::head(200, {headers[0], headers[1], {"Transfer-Encoding", "chunked"}}, -1);
        reply.more = endless(kHundredMiB, true);
        capBytes = s.options.limits.maxBytes;
        maxServerBytes = capBytes + (16u << 20);
        maxGrowthMiB = 4 + 8; // the cap and a few MiB, not the 100 MiB sent
    }
    SECTION("a 1 GiB gzip bomb: decoding stops at the cap") {
        s.options.limits.maxBytes = 4u << 20;
        reply.head = HostileServer::head(200, {headers[0], headers[1], {"Content-Encoding", "gzip"}}, -1);
        reply.more = gzipBomb(1ull << 30);
        capBytes = s.options.limits.maxBytes;
        maxServerBytes = 4u << 20; // ~1 KiB per decoded MiB: the whole bomb is about 1 MiB on the wire
        maxGrowthMiB = 4 + 8;      // the cap and a few MiB, not the 1 GiB it inflates to
    }
    s.sync = std::make_unique<sync::ManifestSync>(
        *s.http, s.cache, *manifest::SignatureVerifier::fromBase64(s.signer.publicKeyBase64()), s.clock, s.options);
    s.serveManifestReply(reply);
    const auto sentBefore = s.server->bytesSent();
    PeakMemory peak;
    auto r = s.syncOnce();
    const long long growth = peak.growthMiB();
    REQUIRE_FALSE(r);
    CHECK(r.code() == ErrorCode::ManifestRejected);
    CHECK_THAT(r.error().detail,
               Catch::Contains("limit of " + std::to_string(capBytes)) && Catch::Contains("while receiving"));
    INFO("peak memory growth " << growth << " MiB; the server pushed " << (s.server->bytesSent() - sentBefore)
                               << " bytes");
#if defined(__SANITIZE_ADDRESS__)
    // Under ASan every freed block waits in the allocator's quarantine (256 MiB by default), so the receive buffers
    // the limit already discarded are still resident (30 MiB measured). The bound stays far below what was sent.
    maxGrowthMiB += 48;
#endif
    CHECK(growth <= maxGrowthMiB);
    CHECK(s.server->bytesSent() - sentBefore <= maxServerBytes * 2); // a delta refused, then one full try
    s.requirePreviousKept(1);
}

namespace {

/// A JPEG frame header declaring width × height, then scan data that is never decoded.
std::string jpegDeclaring(int width, int height) {
    std::string b = "\xFF\xD8";
    b += "\xFF\xE0";
    b += std::string("\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 16);
    b += "\xFF\xC0";
    b += std::string("\x00\x11\x08", 3);
    b += static_cast<char>(height >> 8);
    b += static_cast<char>(height & 0xFF);
    b += static_cast<char>(width >> 8);
    b += static_cast<char>(width & 0xFF);
    b += std::string("\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01", 10);
    b += "\xFF\xDA";
    b += std::string("\x00\x0C\x03\x01\x00\x02\x11\x03\x11\x00\x3F\x00", 12);
    b += std::string(4096, '\x55');
    b += "\xFF\xD9";
    return b;
}

std::string sha256Of(const std::string& bytes) {
    return sha256Hex({reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()});
}

} // namespace

TEST_CASE("hostile central: a 50 MB photo and a JPEG declaring 30,000 x 30,000 pixels are refused at ingest",
          "[integration][sync][hostile]") {
    HostileStation s;
    s.options.fetchPhotos = true;
    s.sync = std::make_unique<sync::ManifestSync>(
        *s.http, s.cache, *manifest::SignatureVerifier::fromBase64(s.signer.publicKeyBase64()), s.clock, s.options);
    REQUIRE(s.options.photoLimits.maxBytes == 4u << 20);
    // The server signs whatever it serves: the hash check alone would let these through.
    const std::string huge = "\xFF\xD8" + std::string(50'000'000, '\x42');
    const std::string giant = jpegDeclaring(30000, 30000);
    const std::string honest = s.photoBytes(0);
    auto doc = s.manifestJson(1, 3);
    doc["entries"][1]["photo_sha256"] = {sha256Of(huge)};
    doc["entries"][2]["photo_sha256"] = {sha256Of(giant)};
    s.servePhoto("ph-0", HostileServer::reply(200, {{"Content-Type", "image/jpeg"}}, honest));
    RawReply chunkedHuge;
    chunkedHuge.head = HostileServer::head(200, {{"Content-Type", "image/jpeg"}, {"Transfer-Encoding", "chunked"}}, -1);
    chunkedHuge.more = [huge, at = std::size_t{0}](std::string& out) mutable {
        const std::size_t n = std::min<std::size_t>(huge.size() - at, 65536);
        char size[32];
        std::snprintf(size, sizeof size, "%zx\r\n", n);
        out = size + huge.substr(at, n) + "\r\n";
        at += n;
        if (at == huge.size()) {
            out += "0\r\n\r\n";
        }
        return at < huge.size();
    };
    s.servePhoto("ph-1", chunkedHuge);
    s.servePhoto("ph-2", HostileServer::reply(200, {{"Content-Type", "image/jpeg"}}, giant));
    s.serveManifest(doc.dump());

    const auto sentBefore = s.server->bytesSent();
    auto r = s.syncOnce();
    REQUIRE(r);
    CHECK(r->photosFetched == 1);
    CHECK(r->photosRefused == 2);
    CHECK_FALSE(s.cache.photo("ph-1")->has_value());
    CHECK_FALSE(s.cache.photo("ph-2")->has_value());
    CHECK(s.cache.photo("ph-0")->has_value());
    // The 50 MB body was cut at the 4 MiB limit while it was received (plus what the sockets had buffered).
    CHECK(s.server->bytesSent() - sentBefore < 24'000'000);
    const auto status = s.sync->status();
    REQUIRE(status.lastPhotoError);
    CHECK(status.lastPhotoError->code == ErrorCode::ImageInvalid);
    CHECK_THAT(status.lastPhotoError->detail, Catch::Contains("ph-2") && Catch::Contains("30000 x 30000"));
}

TEST_CASE("hostile central: a photo whose ETag names another hash is refused before its bytes are checked",
          "[integration][sync][hostile]") {
    HostileStation s;
    s.options.fetchPhotos = true;
    s.sync = std::make_unique<sync::ManifestSync>(
        *s.http, s.cache, *manifest::SignatureVerifier::fromBase64(s.signer.publicKeyBase64()), s.clock, s.options);
    const auto doc = s.manifestJson(1, 2);
    const std::string right0 = s.photoBytes(0);
    const std::string right1 = s.photoBytes(1);
    // ph-0: the right bytes, the ETag of another photo. ph-1: the right bytes, the right (weak, upper-case) ETag.
    s.servePhoto("ph-0", HostileServer::reply(
                             200, {{"Content-Type", "image/jpeg"}, {"ETag", "\"" + sha256Of(right1) + "\""}}, right0));
    std::string upper = sha256Of(right1);
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
    s.servePhoto("ph-1",
                 HostileServer::reply(200, {{"Content-Type", "image/jpeg"}, {"ETag", "W/\"" + upper + "\""}}, right1));
    s.serveManifest(doc.dump());
    auto r = s.syncOnce();
    REQUIRE(r);
    CHECK(r->photosFetched == 1);
    CHECK(r->photosRefused == 1);
    CHECK_FALSE(s.cache.photo("ph-0")->has_value());
    CHECK(s.cache.photo("ph-1")->has_value());
    const auto status = s.sync->status();
    REQUIRE(status.lastPhotoError);
    CHECK(status.lastPhotoError->code == ErrorCode::ChecksumMismatch);
    CHECK_THAT(status.lastPhotoError->detail, Catch::Contains("ph-0: its ETag"));
}

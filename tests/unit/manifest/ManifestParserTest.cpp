// SPDX-License-Identifier: GPL-3.0-or-later
#include "manifest/ManifestParser.h"
#include "ManifestTestData.h"
#include "manifest/SignatureVerifier.h"

#include <catch2/catch.hpp>

using namespace portico;
using portico::test::makeManifestJson;

namespace {
const auto kIssued = std::chrono::system_clock::from_time_t(1795000000);
}

TEST_CASE("a well-formed manifest parses into the model", "[unit][manifest]") {
    const auto body = makeManifestJson("SYS", 7, 3, kIssued).dump();
    auto m = manifest::parseManifest(body);
    REQUIRE(m);
    CHECK(m->port == "SYS");
    CHECK(m->version == 7);
    CHECK(m->kind == manifest::ManifestKind::Full);
    REQUIRE(m->entries.size() == 3);
    const auto& e = m->entries[1];
    CHECK(e.appointmentId == "APT-00001");
    CHECK(e.givenNames == "Zelda1");
    CHECK(e.surname == "Quixotova");
    CHECK(e.documentNumber == "DOC1");
    CHECK(e.windowEnd - e.windowStart == std::chrono::hours(1));
    REQUIRE(e.templates.size() == 1);
    CHECK(e.templates[0].vector.size() == 128);
    CHECK(e.photoIds == std::vector<std::string>{"ph-APT-00001"});
}

TEST_CASE("malformed manifests are rejected with an error naming the field", "[unit][manifest]") {
    auto doc = makeManifestJson("SYS", 7, 2, kIssued);
    struct Case {
        const char* name;
        std::function<void(nlohmann::json&)> edit;
        const char* expect;
    };
    const std::vector<Case> cases = {
        {"version as a string", [](auto& j) { j["version"] = "7"; }, "version: expected an integer"},
        {"entries as an object", [](auto& j) { j["entries"] = nlohmann::json::object(); },
         "entries: expected an array"},
        {"a date of birth as a number", [](auto& j) { j["entries"][1]["date_of_birth"] = 19800229; },
         "entries[1].date_of_birth: expected a string"},
        {"a missing document number", [](auto& j) { j["entries"][0]["document"].erase("number"); },
         "entries[0].document.number: missing"},
        {"an unknown status", [](auto& j) { j["entries"][0]["status"] = "teleported"; }, "unknown status"},
        {"a bad template length", [](auto& j) { j["entries"][0]["templates"][0]["dimension"] = 127; },
         "templates[0].vector"},
        {"a delta without base", [](auto& j) { j["kind"] = "delta"; }, "base_version"},
        {"an expiry before issue", [](auto& j) { j["expires_at"] = "2000-01-01T00:00:00Z"; }, "expires_at"},
        {"a wrong format", [](auto& j) { j["format"] = "something-else"; }, "format"},
    };
    for (const auto& c : cases) {
        auto bad = doc;
        c.edit(bad);
        auto m = manifest::parseManifest(bad.dump());
        INFO(c.name);
        REQUIRE_FALSE(m);
        CHECK(m.code() == ErrorCode::ManifestRejected);
        CHECK_THAT(m.error().detail, Catch::Contains(c.expect));
    }
}

TEST_CASE("invalid UTF-8, deep nesting and oversized bodies are refused before JSON parsing", "[unit][manifest]") {
    auto body = makeManifestJson("SYS", 7, 2, kIssued).dump();
    // Invalid UTF-8 inside a name (a lone continuation byte, an overlong encoding, a surrogate).
    for (const std::string& bad : {std::string("\x80"), std::string("\xC0\xAF"), std::string("\xED\xA0\x80")}) {
        auto copy = body;
        copy.replace(copy.find("Quixotova"), 9, "Quix" + bad + "ova");
        auto m = manifest::parseManifest(copy);
        REQUIRE_FALSE(m);
        CHECK_THAT(m.error().detail, Catch::Contains("UTF-8"));
    }
    CHECK(manifest::isValidUtf8("Hernández 中文 😀"));
    // 1,000 nested arrays.
    auto deep = body;
    deep.insert(deep.rfind('}'), ",\"x\":" + std::string(1000, '[') + std::string(1000, ']'));
    auto d = manifest::parseManifest(deep);
    REQUIRE_FALSE(d);
    CHECK_THAT(d.error().detail, Catch::Contains("levels deep"));
    // Size cap.
    manifest::ParseLimits limits;
    limits.maxBytes = body.size() / 2;
    auto big = manifest::parseManifest(body, limits);
    REQUIRE_FALSE(big);
    CHECK_THAT(big.error().detail, Catch::Contains("exceeds the cap"));
    // Not JSON at all.
    CHECK_FALSE(manifest::parseManifest("{\"format\": "));
}

TEST_CASE("signatures verify only over the exact bytes with the pinned key", "[unit][manifest]") {
    portico::test::TestSigner signer;
    portico::test::TestSigner other;
    auto verifier = manifest::SignatureVerifier::fromBase64(signer.publicKeyBase64());
    REQUIRE(verifier);
    const auto body = makeManifestJson("SYS", 1, 1, kIssued).dump();
    const auto sig = signer.sign(body);
    CHECK(verifier->verify(body, sig));
    auto flipped = body;
    flipped[flipped.size() / 2] ^= 0x01;
    CHECK(verifier->verify(flipped, sig).code() == ErrorCode::SignatureInvalid);
    CHECK(verifier->verify(body + " ", sig).code() == ErrorCode::SignatureInvalid); // whitespace counts
    CHECK(verifier->verify(body, other.sign(body)).code() == ErrorCode::SignatureInvalid);
    CHECK(verifier->verify(body, "").code() == ErrorCode::SignatureInvalid);
    CHECK(verifier->verify(body, "not base64!").code() == ErrorCode::SignatureInvalid);
    CHECK_FALSE(manifest::SignatureVerifier::fromBase64("c2hvcnQ="));
}

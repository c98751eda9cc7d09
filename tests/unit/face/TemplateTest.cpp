// SPDX-License-Identifier: GPL-3.0-or-later
#include "face/Template.h"

#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <limits>
#include <random>

using portico::ErrorCode;
using portico::face::Embedding;
using portico::face::Template;

namespace {
constexpr const char* kSha = "b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589";

std::vector<float> randomUnit(std::size_t dim, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> n(0.f, 1.f);
    std::vector<float> v(dim);
    double s = 0;
    for (auto& x : v) {
        x = n(rng);
        s += static_cast<double>(x) * x;
    }
    for (auto& x : v) {
        x = static_cast<float>(x / std::sqrt(s));
    }
    return v;
}

Template make(unsigned seed, const std::string& model = "face-api-1.7.15/face_recognition_model",
              const char* sha = kSha) {
    Embedding e{model, randomUnit(128, seed)};
    auto t = Template::fromEmbedding(e, sha);
    REQUIRE(t.ok());
    return t.value();
}

void writeU32(std::vector<std::uint8_t>& b, std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) {
        b[at + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v >> (8 * i));
    }
}
// Offset of the dimension field for the default model id.
std::size_t dimOffset(const Template& t) {
    return 8 + t.modelId().size() + 8;
}
} // namespace

TEST_CASE("template round trip keeps every bit", "[unit]") {
    const Template t = make(1);
    const auto bytes = t.encode();
    REQUIRE(bytes.size() == 4 + 2 + 2 + t.modelId().size() + 8 + 4 + 4 * 128);
    CHECK(std::string(bytes.begin(), bytes.begin() + 4) == "PTPL");
    CHECK(bytes[4] == 1);
    CHECK(bytes[5] == 0);
    auto back = Template::decode(bytes);
    REQUIRE(back.ok());
    CHECK(back->modelId() == t.modelId());
    CHECK(back->modelDigest() == t.modelDigest());
    CHECK(back->modelDigest()[0] == 0xb4);
    CHECK(back->modelDigest()[7] == 0x27);
    REQUIRE(back->values().size() == 128);
    for (std::size_t i = 0; i < 128; ++i) {
        CHECK(std::bit_cast<std::uint32_t>(back->values()[i]) == std::bit_cast<std::uint32_t>(t.values()[i]));
    }
    // Little-endian float storage: first value's bytes.
    const std::uint32_t raw = std::bit_cast<std::uint32_t>(t.values()[0]);
    const std::size_t v0 = dimOffset(t) + 4;
    CHECK(bytes[v0] == (raw & 0xffu));
    CHECK(bytes[v0 + 3] == (raw >> 24));
}

TEST_CASE("template compare gives the cosine and refuses other models", "[unit]") {
    const Template a = make(1);
    const Template b = make(2);
    auto self = portico::face::compare(a, a);
    REQUIRE(self.ok());
    CHECK(self.value() == Approx(1.0f).margin(1e-5));
    double dot = 0;
    for (std::size_t i = 0; i < 128; ++i) {
        dot += static_cast<double>(a.values()[i]) * b.values()[i];
    }
    auto ab = portico::face::compare(a, b);
    REQUIRE(ab.ok());
    CHECK(ab.value() == Approx(dot).margin(1e-6));

    const Template otherModel = make(2, "human-models-3.0.4/mobilefacenet");
    auto mm = portico::face::compare(a, otherModel);
    REQUIRE_FALSE(mm.ok());
    CHECK(mm.code() == ErrorCode::ModelMismatch);

    // Same id, different weights (sha prefix): refused too.
    const Template otherWeights = make(2, "face-api-1.7.15/face_recognition_model",
                                       "0000000000000000b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c5");
    auto mw = portico::face::compare(a, otherWeights);
    REQUIRE_FALSE(mw.ok());
    CHECK(mw.code() == ErrorCode::ModelMismatch);

    // Different dimension under the same model id: refused.
    Embedding small{a.modelId(), randomUnit(64, 3)};
    auto s = Template::fromEmbedding(small, kSha);
    REQUIRE(s.ok());
    CHECK(portico::face::compare(a, s.value()).code() == ErrorCode::ModelMismatch);
}

TEST_CASE("template decode refuses corrupt input precisely", "[unit]") {
    const Template t = make(5);
    const auto good = t.encode();

    SECTION("every truncation") {
        for (std::size_t n = 0; n < good.size(); ++n) {
            auto r = Template::decode(std::span(good.data(), n));
            REQUIRE_FALSE(r.ok());
            CHECK(r.code() == ErrorCode::Corrupt);
        }
        auto r = Template::decode(std::span(good.data(), 10));
        CHECK(r.error().detail.find("truncated") != std::string::npos);
    }
    SECTION("trailing bytes") {
        auto b = good;
        b.push_back(0);
        auto r = Template::decode(b);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().detail.find("dimension mismatch") != std::string::npos);
    }
    SECTION("wrong magic") {
        auto b = good;
        b[0] = 'X';
        auto r = Template::decode(b);
        REQUIRE_FALSE(r.ok());
        CHECK(r.code() == ErrorCode::Corrupt);
        CHECK(r.error().detail.find("magic") != std::string::npos);
    }
    SECTION("wrong version") {
        auto b = good;
        b[4] = 2;
        auto r = Template::decode(b);
        REQUIRE_FALSE(r.ok());
        CHECK(r.code() == ErrorCode::Unsupported);
        CHECK(r.error().detail.find("version 2") != std::string::npos);
    }
    SECTION("dimension field disagrees with the data") {
        auto b = good;
        writeU32(b, dimOffset(t), 127);
        auto r = Template::decode(b);
        REQUIRE_FALSE(r.ok());
        CHECK(r.code() == ErrorCode::Corrupt);
        CHECK(r.error().detail.find("dimension mismatch") != std::string::npos);
        writeU32(b, dimOffset(t), 0);
        CHECK(Template::decode(b).code() == ErrorCode::Corrupt);
        writeU32(b, dimOffset(t), 0xffffffffu);
        CHECK(Template::decode(b).code() == ErrorCode::Corrupt);
    }
    SECTION("not normalised") {
        auto b = good;
        const std::size_t v0 = dimOffset(t) + 4;
        writeU32(b, v0, std::bit_cast<std::uint32_t>(t.values()[0] + 0.5f));
        auto r = Template::decode(b);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().detail.find("not L2-normalised") != std::string::npos);
    }
    SECTION("NaN") {
        auto b = good;
        writeU32(b, dimOffset(t) + 4 + 4 * 17, std::bit_cast<std::uint32_t>(std::numeric_limits<float>::quiet_NaN()));
        auto r = Template::decode(b);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().detail.find("value 17 is NaN") != std::string::npos);
    }
    SECTION("model id length out of range") {
        auto b = good;
        b[6] = 0;
        b[7] = 0;
        CHECK(Template::decode(b).code() == ErrorCode::Corrupt);
    }
}

TEST_CASE("template creation refuses bad vectors and ids", "[unit]") {
    CHECK(Template::create("m", {}, {}).code() == ErrorCode::Corrupt);
    CHECK(Template::create("m", {}, {0.5f, 0.5f}).code() == ErrorCode::Corrupt);
    CHECK(Template::create("", {}, {1.0f}).code() == ErrorCode::InvalidArgument);
    CHECK(Template::create("m", {}, {std::numeric_limits<float>::infinity()}).code() == ErrorCode::Corrupt);
    CHECK(Template::create("m", {}, {1.0f}).ok());
    CHECK(Template::fromEmbedding(Embedding{"m", {1.0f}}, "xyz").code() == ErrorCode::InvalidArgument);
    CHECK(Template::fromEmbedding(Embedding{"m", {1.0f}}, "zz00000000000000").code() == ErrorCode::InvalidArgument);
}

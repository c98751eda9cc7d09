// SPDX-License-Identifier: GPL-3.0-or-later
#include "match/Matcher.h"
#include "match/Gallery.h"
#include "match/ScanKernels.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

using namespace portico;
using namespace portico::match;

namespace {

std::vector<float> randomVector(std::mt19937_64& rng, std::size_t dim) {
    std::normal_distribution<float> nd(0.f, 1.f);
    std::vector<float> v(dim);
    for (auto& x : v) {
        x = nd(rng);
    }
    return v;
}

struct Ref {
    std::size_t slot;
    double score;
};

/// Double-precision reference: every row scored in double, best first, ties by lower slot.
std::vector<Ref> referenceSearch(const Gallery& g, const std::vector<float>& query, std::size_t k) {
    std::vector<float> q(g.dim());
    REQUIRE(Gallery::normalise(query, q).ok());
    std::vector<Ref> all;
    for (std::size_t s = 0; s < g.size(); ++s) {
        double acc = 0.0;
        for (std::size_t d = 0; d < g.dim(); ++d) {
            acc += static_cast<double>(q[d]) * static_cast<double>(g.row(s)[d]);
        }
        all.push_back({s, acc});
    }
    std::sort(all.begin(), all.end(),
              [](const Ref& a, const Ref& b) { return a.score > b.score || (a.score == b.score && a.slot < b.slot); });
    all.resize(std::min(k, all.size()));
    return all;
}

void requireSameAsReference(const Gallery& g, const Matcher& m, const std::vector<float>& query,
                            const SearchOptions& opt) {
    const auto got = m.search(g, query, opt);
    REQUIRE(got.ok());
    const auto ref = referenceSearch(g, query, opt.k);
    REQUIRE(got->size() == ref.size());
    for (std::size_t i = 0; i < ref.size(); ++i) {
        INFO("rank " << i << " n=" << g.size() << " k=" << opt.k);
        REQUIRE((*got)[i].id == g.idAt(ref[i].slot));
        REQUIRE((*got)[i].slot == ref[i].slot);
        REQUIRE(std::abs(static_cast<double>((*got)[i].score) - ref[i].score) <= 1e-5);
    }
}

} // namespace

TEST_CASE("Gallery adds, replaces and swap-removes templates in place", "[unit]") {
    Gallery g(128);
    std::mt19937_64 rng(1);
    const auto a = randomVector(rng, 128);
    const auto b = randomVector(rng, 128);
    const auto c = randomVector(rng, 128);
    REQUIRE(g.add(GalleryId{std::string("alice")}, a).ok());
    REQUIRE(g.add(GalleryId{std::uint64_t{7}}, b).ok());
    REQUIRE(g.add(GalleryId{std::string("carol")}, c).ok());
    REQUIRE(g.size() == 3);
    CHECK(g.add(GalleryId{std::string("alice")}, a).code() == ErrorCode::Conflict);
    CHECK(g.add(GalleryId{std::string("short")}, std::vector<float>(127, 1.f)).code() == ErrorCode::InvalidArgument);
    CHECK(g.add(GalleryId{std::string("zero")}, std::vector<float>(128, 0.f)).code() == ErrorCode::InvalidArgument);
    std::vector<float> nanVec(128, 1.f);
    nanVec[5] = std::nanf("");
    CHECK(g.add(GalleryId{std::string("nan")}, nanVec).code() == ErrorCode::InvalidArgument);
    REQUIRE(g.size() == 3);

    // Rows are stored normalised and 64-byte aligned.
    CHECK(reinterpret_cast<std::uintptr_t>(g.data()) % 64 == 0);
    double norm = 0.0;
    for (std::size_t d = 0; d < 128; ++d) {
        norm += static_cast<double>(g.row(1)[d]) * g.row(1)[d];
    }
    CHECK(norm == Approx(1.0).epsilon(1e-6));

    // Remove the first: the last row moves into its slot, ids stay findable.
    REQUIRE(g.remove(GalleryId{std::string("alice")}).ok());
    REQUIRE(g.size() == 2);
    CHECK_FALSE(g.contains(GalleryId{std::string("alice")}));
    REQUIRE(g.slotOf(GalleryId{std::string("carol")}) == std::size_t{0});
    CHECK(g.idAt(0) == GalleryId{std::string("carol")});
    CHECK(g.remove(GalleryId{std::string("alice")}).code() == ErrorCode::NotFound);

    // Replace in place: same slot, new vector (and the int8 copy follows).
    Matcher m;
    REQUIRE(g.replace(GalleryId{std::uint64_t{7}}, a).ok());
    const auto hit = m.search(g, a, {});
    REQUIRE(hit.ok());
    REQUIRE(!hit->empty());
    CHECK((*hit)[0].id == GalleryId{std::uint64_t{7}});
    CHECK((*hit)[0].score == Approx(1.0f).margin(1e-6));
    SearchOptions int8;
    int8.precision = ScanPrecision::Int8;
    const auto hit8 = m.search(g, a, int8);
    REQUIRE(hit8.ok());
    CHECK((*hit8)[0].id == GalleryId{std::uint64_t{7}});
    CHECK(g.replace(GalleryId{std::string("nobody")}, a).code() == ErrorCode::NotFound);
}

TEST_CASE("Gallery memory stays within 1.1x of the raw vectors", "[unit]") {
    std::mt19937_64 rng(2);
    Gallery g(128);
    for (std::uint64_t i = 0; i < 5000; ++i) {
        REQUIRE(g.add(GalleryId{i}, randomVector(rng, 128)).ok());
    }
    const auto mem = g.memory();
    CHECK(mem.rawFp32Bytes == 5000u * 128u * 4u);
    CHECK(mem.fp32Ratio() <= 1.1);
    CHECK(mem.vectorRatio() <= 1.1);
    g.shrinkToFit();
    CHECK(g.memory().fp32Ratio() <= 1.0001);
    CHECK(g.size() == 5000);
}

TEST_CASE("SIMD and portable kernels agree with double precision", "[unit]") {
    std::mt19937_64 rng(3);
    // Row widths of one 32-byte step, a whole number of 128-byte strides, and strides with a 32-byte tail (200 → 224).
    for (std::size_t dim : {8u, 64u, 100u, 128u, 200u, 512u}) {
        Gallery g(dim);
        for (std::uint64_t i = 0; i < 37; ++i) {
            REQUIRE(g.add(GalleryId{i}, randomVector(rng, dim)).ok());
        }
        std::vector<float> q(g.stride(), 0.f);
        REQUIRE(Gallery::normalise(randomVector(rng, dim), std::span<float>(q.data(), dim)).ok());
        std::vector<std::int8_t> q8(g.stride8(), 0);
        const float qs = Gallery::quantise(std::span<const float>(q.data(), dim), q8.data());
        for (Isa isa : {Isa::Portable, bestIsa()}) {
            std::vector<float> s(g.size());
            std::vector<float> s8(g.size());
            ScanKernels::dotF32(isa, q.data(), g.data(), g.stride(), g.size(), s.data());
            ScanKernels::dotI8(isa, q8.data(), qs, g.data8(), g.stride8(), g.scales(), g.size(), s8.data());
            for (std::size_t i = 0; i < g.size(); ++i) {
                double ref = 0.0;
                std::int64_t ref8 = 0;
                for (std::size_t d = 0; d < dim; ++d) {
                    ref += static_cast<double>(q[d]) * g.row(i)[d];
                    ref8 += std::int64_t{q8[d]} * g.data8()[i * g.stride8() + d];
                }
                INFO(isaName(isa) << " dim " << dim << " row " << i);
                REQUIRE(std::abs(s[i] - ref) <= 1e-5);
                const double exp8 = static_cast<double>(ref8) * qs * g.scales()[i];
                REQUIRE(std::abs(s8[i] - exp8) <= 1e-5);
                // int8 is an approximation of the cosine: a few hundredths at most for unit vectors.
                REQUIRE(std::abs(s8[i] - ref) <= 0.03);
            }
        }
    }
}

TEST_CASE("1:N search equals a double-precision reference scan", "[unit]") {
    std::mt19937_64 rng(4);
    const std::vector<Isa> isas = {Isa::Portable, bestIsa()};
    // n not a multiple of the vector/block width, n < k, n = 0, n spanning several scan blocks.
    for (std::size_t n : {0u, 1u, 3u, 5u, 9u, 31u, 513u, 1029u, 4099u}) {
        Gallery g(128);
        for (std::uint64_t i = 0; i < n; ++i) {
            REQUIRE(g.add(GalleryId{std::string("id-") + std::to_string(i)}, randomVector(rng, 128)).ok());
        }
        for (Isa isa : isas) {
            const Matcher m(isa);
            for (int qi = 0; qi < 20; ++qi) {
                const auto query = randomVector(rng, 128);
                for (std::size_t k : {1u, 5u, 10u, 50u}) {
                    for (ScanPrecision p : {ScanPrecision::Fp32, ScanPrecision::Int8}) {
                        SearchOptions opt;
                        opt.k = k;
                        opt.precision = p;
                        requireSameAsReference(g, m, query, opt);
                    }
                }
            }
        }
    }
}

TEST_CASE("1:N search stays exact after removals, replacements and with two threads", "[unit]") {
    std::mt19937_64 rng(5);
    Gallery g(128);
    const std::size_t n = 40000; // above the two-thread cut-off
    g.reserve(n);
    for (std::uint64_t i = 0; i < n; ++i) {
        REQUIRE(g.add(GalleryId{i}, randomVector(rng, 128)).ok());
    }
    std::uniform_int_distribution<std::uint64_t> pick(0, n - 1);
    for (int i = 0; i < 3000; ++i) {
        const GalleryId id{pick(rng)};
        if (g.contains(id)) {
            REQUIRE(g.remove(id).ok());
        }
    }
    for (int i = 0; i < 500; ++i) {
        const GalleryId id{pick(rng)};
        REQUIRE(g.upsert(id, randomVector(rng, 128)).ok());
    }
    const Matcher m;
    for (int qi = 0; qi < 10; ++qi) {
        // Near-duplicates of gallery rows make the top of the list tight, as with real mated searches.
        auto query = randomVector(rng, 128);
        if (qi % 2 == 0) {
            const float* r = g.row(static_cast<std::size_t>(pick(rng)) % g.size());
            for (std::size_t d = 0; d < 128; ++d) {
                query[d] = r[d] + 0.02f * query[d];
            }
        }
        for (unsigned threads : {1u, 2u}) {
            for (ScanPrecision p : {ScanPrecision::Fp32, ScanPrecision::Int8}) {
                SearchOptions opt;
                opt.k = 20;
                opt.precision = p;
                opt.threads = threads;
                requireSameAsReference(g, m, query, opt);
            }
        }
    }
}

TEST_CASE("1:1 score and bad queries", "[unit]") {
    const Matcher m;
    const std::vector<float> a = {1.f, 0.f, 0.f, 0.f};
    const std::vector<float> b = {2.f, 2.f, 0.f, 0.f};
    const auto s = m.score(a, b);
    REQUIRE(s.ok());
    CHECK(*s == Approx(std::sqrt(0.5)).margin(1e-6));
    CHECK(m.score(a, std::vector<float>{1.f, 0.f}).code() == ErrorCode::InvalidArgument);
    CHECK(m.score(a, std::vector<float>(4, 0.f)).code() == ErrorCode::InvalidArgument);

    Gallery g(4);
    CHECK(m.search(g, std::vector<float>{1.f, 0.f}).code() == ErrorCode::InvalidArgument);
    const auto empty = m.search(g, a);
    REQUIRE(empty.ok());
    CHECK(empty->empty());
}

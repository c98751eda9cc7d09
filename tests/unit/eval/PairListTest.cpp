// SPDX-License-Identifier: GPL-3.0-or-later
#include "eval/PairList.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <set>

using portico::ErrorCode;
using portico::eval::Dataset;
using portico::eval::parsePairs;

TEST_CASE("LFW pairs are parsed", "[unit]") {
    auto p = parsePairs("1\t3\nalice\t1\t2\nbob 2 3\r\nalice\t1\tbob\t3\n\n");
    REQUIRE(p.ok());
    REQUIRE(p->size() == 3);
    CHECK((*p)[0].genuine);
    CHECK((*p)[0].a.identity == "alice");
    CHECK((*p)[0].b.number == 2);
    CHECK((*p)[1].b.number == 3);
    CHECK_FALSE((*p)[2].genuine);
    CHECK((*p)[2].b.identity == "bob");
}

TEST_CASE("bad pairs files are refused with the line", "[unit]") {
    CHECK(parsePairs("").code() == ErrorCode::Corrupt);
    CHECK(parsePairs("header words\nalice 1 2\n").code() == ErrorCode::Corrupt);
    auto r = parsePairs("1 2\nalice 1 2\nalice x 2\n");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().detail.find("line 3") != std::string::npos);
    CHECK(parsePairs("1 1\nalice 1 2 3 4 5\n").code() == ErrorCode::Corrupt);
    CHECK(parsePairs("1 1\nalice 1 alice 2\n").code() == ErrorCode::Corrupt);
    CHECK(portico::eval::readPairs("/nonexistent/pairs.txt").code() == ErrorCode::NotFound);
}

TEST_CASE("dataset scan and default pairs", "[unit]") {
    portico::test::TempDir tmp;
    const std::vector<std::pair<std::string, int>> ids{{"a", 3}, {"b", 2}, {"c", 4}};
    for (const auto& [id, n] : ids) {
        std::filesystem::create_directories(tmp.path() / id);
        for (int i = 1; i <= n; ++i) {
            std::ofstream(tmp.path() / id / (std::to_string(i) + ".jpg")) << "x";
        }
    }
    std::ofstream(tmp.path() / "a" / "notes.txt") << "ignored";
    std::ofstream(tmp.path() / "a" / "x.jpg") << "ignored: not a number";
    auto d = Dataset::scan(tmp.path());
    REQUIRE(d.ok());
    CHECK(d->images().size() == 9);
    const auto pairs = d->defaultPairs(20, 7);
    std::size_t genuine = 0;
    std::set<std::string> seen;
    for (const auto& p : pairs) {
        if (p.genuine) {
            ++genuine;
            CHECK(p.a.identity == p.b.identity);
        } else {
            CHECK(p.a.identity != p.b.identity);
            const std::string key =
                p.a.identity + std::to_string(p.a.number) + p.b.identity + std::to_string(p.b.number);
            CHECK(seen.insert(key).second);
        }
    }
    CHECK(genuine == 3 + 1 + 6);
    CHECK(pairs.size() - genuine == 20);
    // Seeded: the same seed gives the same sample; more than possible is capped (36 − 10 = 26 impostor pairs).
    const auto again = d->defaultPairs(20, 7);
    REQUIRE(again.size() == pairs.size());
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        CHECK(again[i].a == pairs[i].a);
        CHECK(again[i].b == pairs[i].b);
    }
    CHECK(d->defaultPairs(1000, 1).size() == 10 + 26);
    CHECK(Dataset::scan(tmp.path() / "missing").code() == ErrorCode::NotFound);
    portico::test::TempDir empty;
    CHECK(Dataset::scan(empty.path()).code() == ErrorCode::InvalidArgument);
}

TEST_CASE("dataset scan reads LFW file names and zero-padded numbers", "[unit]") {
    portico::test::TempDir tmp;
    std::filesystem::create_directories(tmp.path() / "Abel_Pacheco");
    std::filesystem::create_directories(tmp.path() / "b");
    std::ofstream(tmp.path() / "Abel_Pacheco" / "Abel_Pacheco_0001.jpg") << "x";
    std::ofstream(tmp.path() / "Abel_Pacheco" / "Abel_Pacheco_0004.JPG") << "x";
    std::ofstream(tmp.path() / "Abel_Pacheco" / "Someone_Else_0002.jpg") << "ignored: another identity's name";
    std::ofstream(tmp.path() / "Abel_Pacheco" / "Abel_Pacheco_.jpg") << "ignored: no number";
    std::ofstream(tmp.path() / "b" / "0002.png") << "x";
    auto d = Dataset::scan(tmp.path());
    REQUIRE(d.ok());
    CHECK(d->images().size() == 3);
    CHECK(d->contains({"Abel_Pacheco", 1}));
    CHECK(d->contains({"Abel_Pacheco", 4}));
    CHECK_FALSE(d->contains({"Abel_Pacheco", 2}));
    CHECK(d->contains({"b", 2}));
    // LFW pairs name these images by identity and number: `Abel_Pacheco 1 4`.
    auto pairs = portico::eval::parsePairs("1\t1\nAbel_Pacheco\t1\t4\n");
    REQUIRE(pairs.ok());
    CHECK(d->contains(pairs->front().a));
    CHECK(d->contains(pairs->front().b));

    // Two files with one number are ambiguous: refused, naming both, rather than one silently dropped.
    std::ofstream(tmp.path() / "b" / "2.jpg") << "x";
    auto twice = Dataset::scan(tmp.path());
    REQUIRE_FALSE(twice.ok());
    CHECK(twice.code() == ErrorCode::InvalidArgument);
    CHECK(twice.error().detail.find("0002.png") != std::string::npos);
    CHECK(twice.error().detail.find("2.jpg") != std::string::npos);
}

TEST_CASE("groups files map identities to groups, refusing what is ambiguous", "[unit]") {
    auto g = portico::eval::parseGroups("# identity<TAB>age band\n"
                                        "Abel_Pacheco\t30-49\n"
                                        "\n"
                                        "b, 0-13 \r\n"
                                        "b\t0-13\n"); // repeated with the same group: fine
    REQUIRE(g.ok());
    CHECK(g->size() == 2);
    CHECK(g->at("Abel_Pacheco") == "30-49");
    CHECK(g->at("b") == "0-13");

    auto noGroup = portico::eval::parseGroups("a\t18-29\nb\n");
    REQUIRE_FALSE(noGroup.ok());
    CHECK(noGroup.code() == ErrorCode::Corrupt);
    CHECK(noGroup.error().detail.find("line 2") != std::string::npos);
    auto twoGroups = portico::eval::parseGroups("a\t18-29\na\t65-79\n");
    REQUIRE_FALSE(twoGroups.ok());
    CHECK(twoGroups.error().detail.find("'a'") != std::string::npos);
    CHECK(portico::eval::parseGroups("# only a comment\n").code() == ErrorCode::Corrupt);
    CHECK(portico::eval::readGroups("/nonexistent/groups.tsv").code() == ErrorCode::NotFound);
}

// SPDX-License-Identifier: GPL-3.0-or-later
// The station config's operating point block (issue #25): defaults, parsing, and errors that name the key.
#include "config/StationConfig.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>

using portico::ErrorCode;
using portico::config::parseStationConfig;

TEST_CASE("the operating point defaults to the documented rates and a calibrated margin", "[unit][config]") {
    auto c = parseStationConfig("{}");
    REQUIRE(c.ok());
    CHECK(c->operatingPoint.verificationFmr == 1e-4);
    CHECK(c->operatingPoint.identificationFpir == 0.003);
    CHECK(c->operatingPoint.ageFmrFactor == 0.1);
    CHECK(c->operatingPoint.youngerThanYears == 14);
    CHECK(c->operatingPoint.olderThanYears == 79);
    CHECK_FALSE(c->operatingPoint.ambiguityMargin.has_value());
}

TEST_CASE("an operating point parses, and survives a JSON round trip", "[unit][config]") {
    auto c = parseStationConfig(R"({"operatingPoint":{"verificationFmr":1e-5,"identificationFpir":0.001,
        "ageFmrFactor":0.5,"youngerThanYears":12,"olderThanYears":80,"ambiguityMargin":0.08}})");
    REQUIRE(c.ok());
    CHECK(c->operatingPoint.verificationFmr == 1e-5);
    CHECK(c->operatingPoint.identificationFpir == 0.001);
    CHECK(c->operatingPoint.ageFmrFactor == 0.5);
    CHECK(c->operatingPoint.youngerThanYears == 12);
    CHECK(c->operatingPoint.olderThanYears == 80);
    REQUIRE(c->operatingPoint.ambiguityMargin.has_value());
    CHECK(*c->operatingPoint.ambiguityMargin == 0.08);
    auto again = parseStationConfig(portico::config::toJson(c.value()));
    REQUIRE(again.ok());
    CHECK(again->operatingPoint.verificationFmr == 1e-5);
    CHECK(*again->operatingPoint.ambiguityMargin == 0.08);
    auto calibrated = parseStationConfig(R"({"operatingPoint":{"ambiguityMargin":"calibrated"}})");
    REQUIRE(calibrated.ok());
    CHECK_FALSE(calibrated->operatingPoint.ambiguityMargin.has_value());
    auto back = parseStationConfig(portico::config::toJson(calibrated.value()));
    REQUIRE(back.ok());
    CHECK_FALSE(back->operatingPoint.ambiguityMargin.has_value());
}

TEST_CASE("operating point errors name the key and what it accepts", "[unit][config]") {
    struct Case {
        const char* json;
        const char* key;
        const char* what;
    };
    const Case cases[] = {
        {R"({"operatingPoint":3})", "'operatingPoint'", "object"},
        {R"({"operatingPoint":{"verificationFMR":1e-4}})", "'operatingPoint.verificationFMR'", "unknown key"},
        {R"({"operatingPoint":{"verificationFmr":"1e-4"}})", "'operatingPoint.verificationFmr'", "number"},
        {R"({"operatingPoint":{"verificationFmr":0.5}})", "'operatingPoint.verificationFmr'", "1e-8 to 1e-2"},
        {R"({"operatingPoint":{"verificationFmr":0}})", "'operatingPoint.verificationFmr'", "1e-8 to 1e-2"},
        {R"({"operatingPoint":{"identificationFpir":0.5}})", "'operatingPoint.identificationFpir'", "1e-5 to 0.1"},
        {R"({"operatingPoint":{"ageFmrFactor":2}})", "'operatingPoint.ageFmrFactor'", "0.001 to 1"},
        {R"({"operatingPoint":{"youngerThanYears":14.5}})", "'operatingPoint.youngerThanYears'", "integer"},
        {R"({"operatingPoint":{"youngerThanYears":30}})", "'operatingPoint.youngerThanYears'", "0..21"},
        {R"({"operatingPoint":{"olderThanYears":40}})", "'operatingPoint.olderThanYears'", "50..130"},
        {R"({"operatingPoint":{"ambiguityMargin":0.9}})", "'operatingPoint.ambiguityMargin'", "0 to 0.5"},
        {R"({"operatingPoint":{"ambiguityMargin":"wide"}})", "'operatingPoint.ambiguityMargin'", "calibrated"},
    };
    for (const auto& c : cases) {
        INFO(c.json);
        auto r = parseStationConfig(c.json);
        REQUIRE_FALSE(r.ok());
        CHECK(r.code() == ErrorCode::ConfigInvalid);
        CHECK_THAT(r.error().detail, Catch::Contains(c.key));
        CHECK_THAT(r.error().detail, Catch::Contains(c.what));
    }
}

TEST_CASE("the packaged station config states the default operating point", "[unit][config]") {
    // The packaged file is a template (its centralKeyPin is filled in at install), so only its operatingPoint block
    // is parsed here, as a config of its own.
    std::ifstream in(portico::test::sourceDir() / "packaging" / "station.json");
    REQUIRE(in.good());
    const auto packaged = nlohmann::json::parse(in);
    REQUIRE(packaged.contains("operatingPoint"));
    auto c = parseStationConfig(nlohmann::json{{"operatingPoint", packaged.at("operatingPoint")}}.dump());
    REQUIRE(c.ok());
    CHECK(c->operatingPoint.verificationFmr == 1e-4);
    CHECK(c->operatingPoint.identificationFpir == 0.003);
    CHECK(c->operatingPoint.ageFmrFactor == 0.1);
    CHECK_FALSE(c->operatingPoint.ambiguityMargin.has_value());
}

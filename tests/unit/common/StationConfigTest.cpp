// SPDX-License-Identifier: GPL-3.0-or-later
#include "config/StationConfig.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>

#include <fstream>

using portico::ErrorCode;
using portico::config::parseStationConfig;

TEST_CASE("a complete station config parses into typed fields", "[unit][config]") {
    auto c = parseStationConfig(R"({"version":1,"stationId":"sys-lane3","portCode":"SYS","lane":3,
        "centralUrl":"http://127.0.0.1:9000","inactivityLockMinutes":10,"manifestStaleHours":6})");
    REQUIRE(c.ok());
    CHECK(c->stationId == "sys-lane3");
    CHECK(c->portCode == "SYS");
    CHECK(c->lane == 3);
    CHECK(c->inactivityLockMinutes == 10);
    CHECK(c->manifestStaleHours == 6);
}

TEST_CASE("defaults are valid and survive a JSON round trip", "[unit][config]") {
    portico::config::StationConfig defaults;
    REQUIRE(defaults.validate().ok());
    auto again = parseStationConfig(portico::config::toJson(defaults));
    REQUIRE(again.ok());
    CHECK(again->stationId == defaults.stationId);
    CHECK(again->lane == defaults.lane);
    CHECK(again->inactivityLockMinutes == 15);
}

TEST_CASE("config errors name the bad key", "[unit][config]") {
    struct Case {
        const char* json;
        const char* key;
    };
    const Case cases[] = {
        {R"({"lane":0})", "'lane'"},
        {R"({"lane":"3"})", "'lane'"},
        {R"({"portCode":"sy"})", "'portCode'"},
        {R"({"stationId":""})", "'stationId'"},
        {R"({"centralUrl":"ftp://x"})", "'centralUrl'"},
        {R"({"centralUrl":"http://10.1.2.3:80"})", "'centralUrl'"},
        {R"({"centralUrl":"https://central.example"})", "'centralKeyPin'"},
        {R"({"inactivityLockMinutes":0})", "'inactivityLockMinutes'"},
        {R"({"version":2})", "'version'"},
        {R"({"lanee":3})", "'lanee'"},
        {R"({"demo":"yes"})", "'demo'"},
    };
    for (const auto& c : cases) {
        INFO(c.json);
        auto r = parseStationConfig(c.json);
        REQUIRE_FALSE(r.ok());
        CHECK(r.code() == ErrorCode::ConfigInvalid);
        CHECK_THAT(r.error().detail, Catch::Contains(c.key));
    }
}

TEST_CASE("corrupt or non-object JSON is refused clearly", "[unit][config]") {
    for (const char* text : {"", "{", "[1,2]", "{\"lane\":3,}", "\xff\xfe"}) {
        INFO(text);
        auto r = parseStationConfig(text);
        REQUIRE_FALSE(r.ok());
        CHECK(r.code() == ErrorCode::ConfigInvalid);
    }
}

TEST_CASE("a config file is read from disk and a missing file is NotFound", "[unit][config]") {
    portico::test::TempDir tmp;
    const auto file = tmp.path() / "station.json";
    std::ofstream(file) << R"({"portCode":"ELP","lane":7})";
    auto c = portico::config::loadStationConfig(file);
    REQUIRE(c.ok());
    CHECK(c->portCode == "ELP");
    CHECK(c->lane == 7);

    auto missing = portico::config::loadStationConfig(tmp.path() / "nope.json");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.code() == ErrorCode::NotFound);

    std::ofstream(file) << R"({"lane":700})";
    auto bad = portico::config::loadStationConfig(file);
    REQUIRE_FALSE(bad.ok());
    CHECK_THAT(bad.error().detail, Catch::Contains("station.json") && Catch::Contains("'lane'"));
}

TEST_CASE("a real booth needs a live camera, the central token file and the manifest key", "[unit][config]") {
    const std::string key = "MCowBQYDK2VwAyEAl4b1r4Zy7cH2x9H4qJ6cC1mQ2Q8=";
    auto ready = parseStationConfig(R"({"camera":"/dev/video2","centralTokenFile":"/etc/portico/token",
        "centralUrl":"https://central.example.gov:8443",
        "centralKeyPin":"sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "manifestPublicKey":")" + key +
                                    R"(","manifestSyncMinutes":2,"citizenCaptureRetentionHours":12})");
    REQUIRE(ready.ok());
    CHECK(ready->checkReadyForBooth().ok());
    CHECK(ready->manifestSyncMinutes == 2);
    CHECK(ready->citizenCaptureRetentionHours == 12);

    // A recorded video is a demo camera: a production booth refuses it, naming the key.
    auto replay = ready.value();
    replay.camera = "/var/lib/portico/replay.avi";
    REQUIRE(replay.validate().ok());
    CHECK_THAT(replay.checkReadyForBooth().error().detail, Catch::Contains("'camera'"));
    replay.demo = true;
    CHECK(replay.checkReadyForBooth().ok());

    auto noToken = ready.value();
    noToken.centralTokenFile.clear();
    CHECK_THAT(noToken.checkReadyForBooth().error().detail, Catch::Contains("'centralTokenFile'"));
    auto badKey = ready.value();
    badKey.manifestPublicKey = "not-a-key";
    CHECK_THAT(badKey.checkReadyForBooth().error().detail, Catch::Contains("'manifestPublicKey'"));
}

TEST_CASE("citizen photo retention past 12 hours and odd sync intervals are refused", "[unit][config]") {
    for (const char* text : {R"({"citizenCaptureRetentionHours":13})", R"({"citizenCaptureRetentionHours":-1})",
                             R"({"manifestSyncMinutes":0})", R"({"camera":""})"}) {
        INFO(text);
        auto r = parseStationConfig(text);
        REQUIRE_FALSE(r.ok());
        CHECK(r.code() == ErrorCode::ConfigInvalid);
    }
}

TEST_CASE("the agency CA file (docs/api.md ca_file) is a station setting", "[unit][config][tls]") {
    auto c = parseStationConfig(R"({"centralCaFile":"/etc/portico/agency-ca.pem"})");
    REQUIRE(c.ok());
    CHECK(c->centralCaFile == "/etc/portico/agency-ca.pem");
    auto again = parseStationConfig(portico::config::toJson(*c));
    REQUIRE(again.ok());
    CHECK(again->centralCaFile == c->centralCaFile);
    CHECK(parseStationConfig("{}")->centralCaFile.empty()); // the system store unless set
}

TEST_CASE("outside demo mode the central service is reached over https with a pinned key, through the agency CA",
          "[unit][config][tls]") {
    const std::string base = R"({"camera":"/dev/video2","centralTokenFile":"/etc/portico/token",
        "manifestPublicKey":"MCowBQYDK2VwAyEAl4b1r4Zy7cH2x9H4qJ6cC1mQ2Q8=")";
    const std::string pin = "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    // Plain http, even on loopback, is the demo's: a production booth refuses it, naming the setting.
    auto loopback = parseStationConfig(base + R"(,"centralUrl":"http://127.0.0.1:8765"})");
    REQUIRE(loopback.ok());
    REQUIRE_FALSE(loopback->checkReadyForBooth().ok());
    CHECK_THAT(loopback->checkReadyForBooth().error().detail, Catch::Contains("'centralUrl'"));
    // A pin with an http URL would be sent in cleartext: refused as well.
    auto pinnedPlain =
        parseStationConfig(base + R"(,"centralUrl":"http://127.0.0.1:8765","centralKeyPin":")" + pin + R"("})");
    REQUIRE(pinnedPlain.ok());
    CHECK_THAT(pinnedPlain->checkReadyForBooth().error().detail, Catch::Contains("'centralUrl'"));
    // https with a CA but no pin: refused, naming the pin.
    auto noPin = parseStationConfig(
        base + R"(,"centralUrl":"https://central.example.gov","centralCaFile":"/etc/portico/agency-ca.pem"})");
    REQUIRE_FALSE(noPin.ok());
    CHECK_THAT(noPin.error().detail, Catch::Contains("'centralKeyPin'"));
    auto badPin = parseStationConfig(base + R"(,"centralUrl":"https://central.example.gov","centralKeyPin":"abc"})");
    REQUIRE_FALSE(badPin.ok());
    CHECK_THAT(badPin.error().detail, Catch::Contains("'centralKeyPin'"));

    // https, the agency CA (docs/api.md ca_file) and two pins for a key rollover: ready.
    auto good = parseStationConfig(base + R"(,"centralUrl":"https://central.example.gov:8443","centralKeyPin":")" +
                                   pin + ";" + pin + R"(","centralCaFile":"/etc/portico/agency-ca.pem"})");
    REQUIRE(good.ok());
    CHECK(good->centralCaFile == "/etc/portico/agency-ca.pem");
    CHECK(good->checkReadyForBooth().ok());
    auto again = parseStationConfig(portico::config::toJson(*good));
    REQUIRE(again.ok());
    CHECK(again->centralCaFile == good->centralCaFile);
}

TEST_CASE("a station config cannot ask for demo mode, naming the key", "[unit][config][demo]") {
    // The key is refused by name: demo mode is `portico --demo`, on its own data folder.
    auto asks = parseStationConfig(R"({"portCode":"ELP","demo":true})");
    REQUIRE_FALSE(asks.ok());
    CHECK(asks.code() == ErrorCode::ConfigInvalid);
    CHECK_THAT(asks.error().detail, Catch::Contains("'demo'") && Catch::Contains("portico --demo"));
    // An explicit false (older files) is harmless.
    REQUIRE(parseStationConfig(R"({"portCode":"ELP","demo":false})").ok());
}

TEST_CASE("a camera that is not live needs the explicit override, with a reason", "[unit][config][capture]") {
    auto bare = parseStationConfig(R"({"camera":"/dev/video9","allowVirtualCamera":true})");
    REQUIRE_FALSE(bare.ok());
    CHECK_THAT(bare.error().detail, Catch::Contains("'allowVirtualCameraReason'"));
    auto reasoned = parseStationConfig(R"({"camera":"/dev/video9","allowVirtualCamera":true,
        "allowVirtualCameraReason":"the lane camera is behind the port's video switch"})");
    REQUIRE(reasoned.ok());
    CHECK(reasoned->allowVirtualCamera);
    CHECK_FALSE(parseStationConfig("{}")->allowVirtualCamera); // off unless asked for
}

// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/ChildProcess.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <csignal>

using portico::test::CentralProcess;

namespace {
httplib::Client client(const std::string& url) {
    httplib::Client c(url);
    c.set_connection_timeout(5);
    c.set_read_timeout(5);
    return c;
}
} // namespace

TEST_CASE("portico-central answers its health endpoint over real TCP on loopback", "[integration][central]") {
    portico::test::TempDir data;
    CentralProcess central(data.path().string());
    CHECK_THAT(central.url(), Catch::StartsWith("http://127.0.0.1:"));

    auto res = client(central.url()).Get("/v1/health");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "application/json");
    const auto body = nlohmann::json::parse(res->body);
    CHECK(body.at("status") == "ok");
    CHECK(body.at("api") == "v1");
}

TEST_CASE("portico-central answers unknown endpoints with a JSON error", "[integration][central]") {
    portico::test::TempDir data;
    CentralProcess central(data.path().string());
    auto res = client(central.url())
                   .Get("/v1/nothing-here", {{"Authorization", std::string("Bearer ") + CentralProcess::kToken}});
    REQUIRE(res);
    CHECK(res->status == 404);
    const auto body = nlohmann::json::parse(res->body);
    CHECK(body.at("error").at("code") == "not_found");
}

TEST_CASE("portico-central stops cleanly on SIGTERM", "[integration][central]") {
    portico::test::TempDir data;
    CentralProcess central(data.path().string());
    central.process().signal(SIGTERM);
    CHECK(central.process().wait(std::chrono::seconds(10)) == 0);
    auto res = client(central.url()).Get("/v1/health");
    CHECK_FALSE(res);
}

TEST_CASE("portico-central refuses a non-loopback listen address", "[integration][central]") {
    portico::test::TempDir data;
    auto [status, out] = portico::test::runCommand(portico::test::centralExe().string(),
                                                   {"--listen", "0.0.0.0:0", "--data", data.path().string()});
    CHECK(status == 2);
    CHECK(out.empty());
}

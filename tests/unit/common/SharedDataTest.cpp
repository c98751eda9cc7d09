// SPDX-License-Identifier: GPL-3.0-or-later
// The shared face photos are test inputs for the face engine: make sure they are all there and undamaged.
#include "common/Sha256.h"
#include "support/TestPaths.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

TEST_CASE("shared face photos are present and match their published checksums", "[unit][data]") {
    const auto shared = portico::test::sharedDir();
    std::ifstream list(shared / "faces" / "dev_sha256.txt");
    REQUIRE(list.good());
    std::string line;
    int checked = 0;
    while (std::getline(list, line)) {
        std::istringstream words(line);
        std::string sha, name;
        if (!(words >> sha >> name)) {
            continue;
        }
        if (name.starts_with('*')) {
            name.erase(0, 1);
        }
        std::filesystem::path file = shared / "faces" / name;
        if (!std::filesystem::exists(file)) {
            file = shared / "faces" / "dev" / name;
        }
        INFO(name);
        auto actual = portico::sha256File(file);
        REQUIRE(actual.ok());
        CHECK(actual.value() == sha);
        ++checked;
    }
    CHECK(checked == 200);
}

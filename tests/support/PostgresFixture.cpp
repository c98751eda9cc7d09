// SPDX-License-Identifier: GPL-3.0-or-later
// ctest fixture for the suites that run against portico-central on PostgreSQL: `start POINTER` starts one
// throw-away cluster and writes its folder into POINTER; `stop POINTER` stops and removes it.
#include "support/PostgresCluster.h"

// The support library's other helpers use Catch's assertions: give them Catch's implementation, without its main.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <fstream>
#include <iostream>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: portico-test-postgres start|stop POINTER-FILE\n";
        return 2;
    }
    const std::string command = argv[1];
    const std::filesystem::path pointer = argv[2];
    try {
        if (command == "start") {
            portico::test::PostgresCluster::Options options;
            options.name = "pg-fixture";
            auto cluster = portico::test::PostgresCluster::start(options);
            std::ofstream(pointer) << cluster->dir().string() << "\n";
            std::cout << "PostgreSQL test cluster on port " << cluster->port() << " in " << cluster->dir() << "\n";
            cluster->detach();
            return 0;
        }
        if (command == "stop") {
            std::ifstream in(pointer);
            std::string dir;
            std::getline(in, dir);
            if (dir.empty()) {
                std::cerr << "no cluster recorded in " << pointer << "\n";
                return 1;
            }
            {
                auto cluster = portico::test::PostgresCluster::attach(dir);
                cluster->stop();
            }
            std::filesystem::remove_all(dir);
            std::filesystem::remove(pointer);
            return 0;
        }
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
    std::cerr << "unknown command " << command << "\n";
    return 2;
}

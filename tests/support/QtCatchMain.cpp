// SPDX-License-Identifier: GPL-3.0-or-later
// Catch2 main for widget tests: a real QApplication (offscreen platform set by CTest), real widgets.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <QApplication>

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    return Catch::Session().run(argc, argv);
}

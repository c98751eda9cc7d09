// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/TravelerDisplay.h"
#include "ui/TravelerPrompts.h"

#include <catch2/catch.hpp>

#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>
#include <QTranslator>

using portico::face::PromptId;
using portico::ui::TravelerDisplay;
using portico::ui::TravelerPrompts;

TEST_CASE("every traveler prompt is translated in every traveler language", "[ui][translations]") {
    for (const auto& lang : TravelerPrompts::languages()) {
        if (lang.code == QLatin1String("en")) {
            continue;
        }
        QTranslator translator;
        INFO(lang.code.toStdString());
        REQUIRE(translator.load(QStringLiteral(":/i18n/portico_%1.qm").arg(lang.code)));
        for (const char* source : TravelerPrompts::sourceTexts()) {
            INFO(source);
            const QString t = translator.translate("TravelerPrompts", source);
            CHECK_FALSE(t.isEmpty());
            CHECK(t != QString::fromUtf8(source));
        }
    }
}

TEST_CASE("translation files have no unfinished prompt entries", "[ui][translations]") {
    const QString dir = qEnvironmentVariable("PORTICO_TRANSLATIONS_DIR");
    REQUIRE_FALSE(dir.isEmpty());
    for (const char* code : {"es", "ht", "pt", "fr"}) {
        QFile f(dir + QStringLiteral("/portico_%1.ts").arg(QLatin1String(code)));
        INFO(code);
        REQUIRE(f.open(QIODevice::ReadOnly));
        const QString ts = QString::fromUtf8(f.readAll());
        // The TravelerPrompts context must be complete in every traveler language.
        const auto start = ts.indexOf(QStringLiteral("<name>TravelerPrompts</name>"));
        REQUIRE(start >= 0);
        const auto end = ts.indexOf(QStringLiteral("</context>"), start);
        const QString context = ts.mid(start, end - start);
        CHECK_FALSE(context.contains(QStringLiteral("type=\"unfinished\"")));
        CHECK(context.count(QStringLiteral("<message>")) == static_cast<int>(TravelerPrompts::sourceTexts().size()));
    }
    // The officer's own UI is complete in Spanish.
    QFile es(dir + QStringLiteral("/portico_es.ts"));
    REQUIRE(es.open(QIODevice::ReadOnly));
    CHECK_FALSE(QString::fromUtf8(es.readAll()).contains(QStringLiteral("type=\"unfinished\"")));
}

TEST_CASE("the traveler's language changes the traveler display only", "[ui][translations]") {
    TravelerDisplay display;
    display.showPrompt(PromptId::MoveCloser);
    CHECK(display.currentText() == QStringLiteral("Please come a little closer."));
    REQUIRE(display.setLanguage(QStringLiteral("es")));
    CHECK(display.currentText() == QStringLiteral("Por favor, acérquese un poco."));
    REQUIRE(display.setLanguage(QStringLiteral("ht")));
    CHECK(display.currentText() != QStringLiteral("Please come a little closer."));
    // The officer's strings are untouched: no application-wide translator was installed.
    CHECK(QCoreApplication::translate("BoothView", "Who is this?") == QStringLiteral("Who is this?"));
    display.nextLanguage(); // ht -> pt
    CHECK(display.prompts().language().code == QStringLiteral("pt"));
    CHECK(display.prompts().language().nativeName == QStringLiteral("Português"));
}

TEST_CASE("nationality suggests the traveler's language", "[ui][translations]") {
    CHECK(TravelerPrompts::suggestLanguage(QStringLiteral("MEX")) == QStringLiteral("es"));
    CHECK(TravelerPrompts::suggestLanguage(QStringLiteral("hti")) == QStringLiteral("ht"));
    CHECK(TravelerPrompts::suggestLanguage(QStringLiteral("BRA")) == QStringLiteral("pt"));
    CHECK(TravelerPrompts::suggestLanguage(QStringLiteral("SEN")) == QStringLiteral("fr"));
    CHECK(TravelerPrompts::suggestLanguage(QStringLiteral("ZZZ")) == QStringLiteral("en"));
}

// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/TravelerPrompts.h"

#include <QCoreApplication>
#include <QHash>

namespace portico::ui {
namespace {
constexpr const char* kContext = "TravelerPrompts";

struct PromptText {
    face::PromptId id;
    const char* source;
    const char* pictogram;
};

// Short sentences, one idea each, in the second person: they are read from a distance by tired travelers.
const PromptText kPrompts[] = {
    {face::PromptId::None, QT_TRANSLATE_NOOP("TravelerPrompts", "Please look at the camera and hold still."), "camera"},
    {face::PromptId::NoFace, QT_TRANSLATE_NOOP("TravelerPrompts", "Please stand in front of the camera."), "stand"},
    {face::PromptId::OnlyOneFace,
     QT_TRANSLATE_NOOP("TravelerPrompts", "One person at a time in front of the camera, please."), "one-person"},
    {face::PromptId::MoveCloser, QT_TRANSLATE_NOOP("TravelerPrompts", "Please come a little closer."), "closer"},
    {face::PromptId::MoveBack, QT_TRANSLATE_NOOP("TravelerPrompts", "Please step back a little."), "back"},
    {face::PromptId::CentreFace, QT_TRANSLATE_NOOP("TravelerPrompts", "Please move to the centre of the screen."),
     "centre"},
    {face::PromptId::LookAtCamera, QT_TRANSLATE_NOOP("TravelerPrompts", "Please look straight at the camera."),
     "camera"},
    {face::PromptId::KeepHeadLevel, QT_TRANSLATE_NOOP("TravelerPrompts", "Please keep your head straight."), "level"},
    {face::PromptId::OpenEyes, QT_TRANSLATE_NOOP("TravelerPrompts", "Please keep your eyes open."), "eyes"},
    {face::PromptId::RemoveGlasses, QT_TRANSLATE_NOOP("TravelerPrompts", "Please remove your glasses."), "glasses"},
    {face::PromptId::HoldStill, QT_TRANSLATE_NOOP("TravelerPrompts", "Please hold still."), "still"},
    {face::PromptId::MoreLight, QT_TRANSLATE_NOOP("TravelerPrompts", "Please step into the light."), "light"},
    {face::PromptId::LessLight, QT_TRANSLATE_NOOP("TravelerPrompts", "Please step out of the bright light."), "light"},
};

const char* kWelcome = QT_TRANSLATE_NOOP("TravelerPrompts", "Welcome. Please look at the camera.");
const char* kPrivacy = QT_TRANSLATE_NOOP(
    "TravelerPrompts", "Your photo is compared with the photo you gave when you booked, to confirm your identity.");
const char* kOptOut = QT_TRANSLATE_NOOP("TravelerPrompts",
                                        "Citizens may ask the officer for a manual document check instead of a photo.");
const char* kThankYou = QT_TRANSLATE_NOOP("TravelerPrompts", "Thank you.");
const char* kOfficer = QT_TRANSLATE_NOOP("TravelerPrompts", "Please wait. The officer will help you.");

const PromptText* find(face::PromptId id) {
    for (const auto& p : kPrompts) {
        if (p.id == id) {
            return &p;
        }
    }
    return nullptr;
}
} // namespace

TravelerPrompts::TravelerPrompts() = default;
TravelerPrompts::~TravelerPrompts() = default;

const std::vector<TravelerLanguage>& TravelerPrompts::languages() {
    static const std::vector<TravelerLanguage> kLanguages = {
        {QStringLiteral("en"), QStringLiteral("English"), Qt::LeftToRight},
        {QStringLiteral("es"), QStringLiteral("Español"), Qt::LeftToRight},
        {QStringLiteral("ht"), QStringLiteral("Kreyòl ayisyen"), Qt::LeftToRight},
        {QStringLiteral("pt"), QStringLiteral("Português"), Qt::LeftToRight},
        {QStringLiteral("fr"), QStringLiteral("Français"), Qt::LeftToRight},
    };
    return kLanguages;
}

QString TravelerPrompts::suggestLanguage(const QString& nationality) {
    static const QHash<QString, QString> kByNationality = {
        {"MEX", "es"}, {"GTM", "es"}, {"HND", "es"}, {"SLV", "es"}, {"NIC", "es"}, {"CRI", "es"}, {"PAN", "es"},
        {"COL", "es"}, {"VEN", "es"}, {"ECU", "es"}, {"PER", "es"}, {"BOL", "es"}, {"CHL", "es"}, {"ARG", "es"},
        {"URY", "es"}, {"PRY", "es"}, {"CUB", "es"}, {"DOM", "es"}, {"ESP", "es"}, {"HTI", "ht"}, {"BRA", "pt"},
        {"PRT", "pt"}, {"AGO", "pt"}, {"MOZ", "pt"}, {"CPV", "pt"}, {"FRA", "fr"}, {"SEN", "fr"}, {"CIV", "fr"},
        {"CMR", "fr"}, {"COD", "fr"}, {"MLI", "fr"}, {"GIN", "fr"}, {"BEL", "fr"}, {"CAN", "en"}, {"USA", "en"},
    };
    return kByNationality.value(nationality.toUpper(), QStringLiteral("en"));
}

bool TravelerPrompts::setLanguage(const QString& code) {
    const auto& langs = languages();
    for (std::size_t i = 0; i < langs.size(); ++i) {
        if (langs[i].code != code) {
            continue;
        }
        if (code == QLatin1String("en")) {
            m_translator.reset();
            m_language = i;
            return true;
        }
        auto translator = std::make_unique<QTranslator>();
        if (!translator->load(QStringLiteral(":/i18n/portico_%1.qm").arg(code))) {
            return false;
        }
        m_translator = std::move(translator);
        m_language = i;
        return true;
    }
    return false;
}

const TravelerLanguage& TravelerPrompts::language() const {
    return languages()[m_language];
}

QString TravelerPrompts::translate(const char* source) const {
    if (m_translator) {
        const QString t = m_translator->translate(kContext, source);
        if (!t.isEmpty()) {
            return t;
        }
    }
    return QString::fromUtf8(source);
}

QString TravelerPrompts::text(face::PromptId id) const {
    const auto* p = find(id);
    return translate(p ? p->source : kPrompts[0].source);
}

QString TravelerPrompts::pictogram(face::PromptId id) {
    const auto* p = find(id);
    return QStringLiteral(":/pictograms/%1.svg").arg(QLatin1String(p ? p->pictogram : "camera"));
}

QString TravelerPrompts::welcome() const {
    return translate(kWelcome);
}
QString TravelerPrompts::privacyNotice() const {
    return translate(kPrivacy);
}
QString TravelerPrompts::optOutNotice() const {
    return translate(kOptOut);
}
QString TravelerPrompts::thankYou() const {
    return translate(kThankYou);
}
QString TravelerPrompts::officerWillHelp() const {
    return translate(kOfficer);
}

std::vector<const char*> TravelerPrompts::sourceTexts() {
    std::vector<const char*> out;
    for (const auto& p : kPrompts) {
        out.push_back(p.source);
    }
    for (const char* s : {kWelcome, kPrivacy, kOptOut, kThankYou, kOfficer}) {
        out.push_back(s);
    }
    return out;
}

} // namespace portico::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/TravelerDisplay.h"

#include <QLabel>
#include <QSvgWidget>
#include <QVBoxLayout>

namespace portico::ui {

TravelerDisplay::TravelerDisplay(QWidget* parent) : QWidget(parent, Qt::Window) {
    setObjectName(QStringLiteral("travelerDisplay"));
    setWindowTitle(QStringLiteral("Portico"));
    setStyleSheet(QStringLiteral("background:white;color:#12355b;"));
    resize(1024, 720);
    auto* l = new QVBoxLayout(this);
    l->setContentsMargins(40, 30, 40, 30);
    m_language = new QLabel(this);
    m_language->setObjectName(QStringLiteral("travelerLanguage"));
    m_language->setAlignment(Qt::AlignRight);
    m_pictogram = new QSvgWidget(this);
    m_pictogram->setObjectName(QStringLiteral("travelerPictogram"));
    m_pictogram->setFixedSize(200, 200);
    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("travelerText"));
    m_text->setAlignment(Qt::AlignCenter);
    m_text->setWordWrap(true);
    QFont big = m_text->font();
    big.setPointSize(40);
    big.setBold(true);
    m_text->setFont(big);
    m_notice = new QLabel(this);
    m_notice->setObjectName(QStringLiteral("travelerNotice"));
    m_notice->setAlignment(Qt::AlignCenter);
    m_notice->setWordWrap(true);
    QFont small = m_notice->font();
    small.setPointSize(14);
    m_notice->setFont(small);
    m_notice->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    l->addWidget(m_language);
    l->addWidget(m_pictogram, 0, Qt::AlignHCenter);
    l->addWidget(m_text, 1);
    l->addWidget(m_notice);
    showWelcome();
}

bool TravelerDisplay::setLanguage(const QString& code) {
    if (!m_prompts.setLanguage(code)) {
        return false;
    }
    setLayoutDirection(m_prompts.language().direction);
    switch (m_showing) {
    case Showing::Welcome:
        showWelcome();
        break;
    case Showing::Prompt:
        showPrompt(m_prompt);
        break;
    case Showing::ThankYou:
        showThankYou();
        break;
    case Showing::Officer:
        showOfficerWillHelp();
        break;
    case Showing::CameraOff:
        showCameraOff();
        break;
    }
    return true;
}

void TravelerDisplay::nextLanguage() {
    const auto& langs = TravelerPrompts::languages();
    std::size_t i = 0;
    while (i < langs.size() && langs[i].code != m_prompts.language().code) {
        ++i;
    }
    for (std::size_t step = 1; step <= langs.size(); ++step) {
        if (setLanguage(langs[(i + step) % langs.size()].code)) {
            return;
        }
    }
}

void TravelerDisplay::display(const QString& pictogram, const QString& text) {
    m_pictogram->load(pictogram);
    m_text->setText(text);
    m_language->setText(m_prompts.language().nativeName);
    m_notice->setText(m_prompts.privacyNotice() + QLatin1Char('\n') + m_prompts.optOutNotice());
}

void TravelerDisplay::showPrompt(face::PromptId id) {
    m_showing = Showing::Prompt;
    m_prompt = id;
    display(TravelerPrompts::pictogram(id), m_prompts.text(id));
}

void TravelerDisplay::showWelcome() {
    m_showing = Showing::Welcome;
    display(QStringLiteral(":/pictograms/camera.svg"), m_prompts.welcome());
}

void TravelerDisplay::showThankYou() {
    m_showing = Showing::ThankYou;
    display(QStringLiteral(":/pictograms/check.svg"), m_prompts.thankYou());
}

void TravelerDisplay::showOfficerWillHelp() {
    m_showing = Showing::Officer;
    display(QStringLiteral(":/pictograms/officer.svg"), m_prompts.officerWillHelp());
}

void TravelerDisplay::showCameraOff() {
    m_showing = Showing::CameraOff;
    display(QStringLiteral(":/pictograms/camera-off.svg"), m_prompts.officerWillHelp());
}

QString TravelerDisplay::currentText() const {
    return m_text->text();
}

} // namespace portico::ui

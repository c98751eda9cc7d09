// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "face/PromptId.h"
#include "ui/TravelerPrompts.h"

#include <QWidget>

class QLabel;
class QSvgWidget;

namespace portico::ui {

/// @brief The traveler's screen: one pictogram and one short sentence at a time, very large, in the traveler's
/// language, with a short notice of how the photo is used and how citizens may opt out.
class TravelerDisplay : public QWidget {
    Q_OBJECT
public:
    explicit TravelerDisplay(QWidget* parent = nullptr);

    /// @brief Switch the traveler's language (never the officer's). False if unavailable.
    bool setLanguage(const QString& code);
    /// @brief Cycle to the next language (the officer's one key).
    void nextLanguage();
    const TravelerPrompts& prompts() const { return m_prompts; }

    void showPrompt(face::PromptId id);
    void showWelcome();
    void showThankYou();
    void showOfficerWillHelp();
    void showCameraOff();
    QString currentText() const;

private:
    void display(const QString& pictogram, const QString& text);

    TravelerPrompts m_prompts;
    QSvgWidget* m_pictogram = nullptr;
    QLabel* m_text = nullptr;
    QLabel* m_notice = nullptr;
    QLabel* m_language = nullptr;
    enum class Showing { Welcome, Prompt, ThankYou, Officer, CameraOff } m_showing = Showing::Welcome;
    face::PromptId m_prompt = face::PromptId::None;
};

} // namespace portico::ui

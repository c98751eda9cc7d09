// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "inspection/Record.h"
#include "ui/BoothState.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QListWidget;

namespace portico::ui {

class CameraView;
class ScoreBar;

/// @brief The officer's main screen: live camera and quality on the left, "who is this?" on the right,
/// decisions on one bar with function keys. Presentation only: it shows a BoothState and emits what the
/// officer asked for; the controller does the work off the GUI thread.
class BoothView : public QWidget {
    Q_OBJECT
public:
    explicit BoothView(QWidget* parent = nullptr);

    CameraView* cameraView() const { return m_camera; }
    void setState(const BoothState& state);
    const BoothState& state() const { return m_state; }
    void setCameraOverlay(const CameraOverlay& overlay);
    /// @brief Show the camera as off, with the sentence that says why (opt-out, camera failure).
    void setCameraOff(const QString& message);
    /// @brief Clear everything about the previous traveler.
    void reset();

signals:
    void decisionRequested(portico::inspection::Decision decision, const QString& reason, const QString& note);
    void captureRequested();
    void nextTravelerRequested();
    void mrzEntered(const QString& text);
    void travelerLanguageRequested();
    /// The officer picked the travel-document photo (F6): a scanned page or the reader's chip image.
    void documentImageChosen(const QString& path);

private:
    QWidget* buildLeft();
    QWidget* buildRight();
    QWidget* buildDecisionBar();
    void refer();
    /// F1: verified; under the age policy first asks what was checked (a number key, a note for "other").
    void verify();
    void chooseDocumentImage();
    void confirmOptOut();

    BoothState m_state;
    CameraView* m_camera = nullptr;
    QLabel* m_qualityRow = nullptr;
    QLabel* m_prompt = nullptr;
    QLabel* m_captureStatus = nullptr;
    QLabel* m_verdict = nullptr;
    QLabel* m_verdictDetail = nullptr;
    ScoreBar* m_scoreBar = nullptr;
    QLabel* m_secondLook = nullptr;
    QLabel* m_livePhoto = nullptr;
    QLabel* m_manifestPhoto = nullptr;
    QLabel* m_documentPhoto = nullptr;
    QLabel* m_travelerName = nullptr;
    QLabel* m_travelerFacts = nullptr;
    QLabel* m_appointment = nullptr;
    QLabel* m_documentResult = nullptr;
    QPlainTextEdit* m_mrz = nullptr;
    QLabel* m_mrzStatus = nullptr;
    QLabel* m_candidates = nullptr;
    QPushButton* m_verifiedButton = nullptr;
};

/// @brief Similarity score as a bar with the threshold marked; the numbers are printed beside it.
class ScoreBar : public QWidget {
    Q_OBJECT
public:
    explicit ScoreBar(QWidget* parent = nullptr);
    void setValues(std::optional<double> score, std::optional<double> threshold);
    QSize sizeHint() const override { return {320, 28}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::optional<double> m_score;
    std::optional<double> m_threshold;
};

} // namespace portico::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "review/ReviewCase.h"

#include <QImage>
#include <QList>
#include <QString>
#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace portico::ui {

/// @brief One line of the review queue (references and timing only).
struct ReviewListRow {
    QString caseId;
    QString waiting; ///< time in queue, "12 min"
    int lane = 0;
    QString reasons; ///< in words
    QString outcome;
    QString state;     ///< in words: open, claimed by …, resolved
    bool mine = false; ///< claimed by the signed-in supervisor
};

/// @brief A gallery member the 1:N search ranked high for this capture.
struct LookAlike {
    QString label; ///< the score, under the photo
    QString name;  ///< name (or appointment), as the tooltip
    QImage photo;
};

/// @brief What the case view shows: the evidence side by side and in words.
struct ReviewCaseDetail {
    QString caseId;
    review::CaseState state = review::CaseState::Unknown;
    bool claimedByMe = false;
    QString claimedBy;
    QImage live;             ///< the booth's capture (absent after opt-out or purge)
    QString liveMissing;     ///< why there is no live capture, in words
    QImage gallery;          ///< the manifest photo
    QImage document;         ///< the document photo, when one was kept
    QString documentMissing; ///< why there is no document photo, in words
    QString traveler;        ///< appointment and, for a supervisor, the name
    QString scores;          ///< "1:N score 0.912 vs threshold 0.874 (FMR 1 in 30 000 at a gallery of 21)"
    QString documentScore;
    QString quality; ///< one line per measure
    QString liveness;
    QString reasons;
    QString officerNote;
    QString resolution;          ///< once resolved
    QList<LookAlike> lookAlikes; ///< the search's best candidates, best first
};

/// @brief The supervisor's review queue and case view. Keyboard: Up/Down pick a case, Ctrl+L claim, Ctrl+R
/// release, Alt+1/2/3 choose the finding, the note is mandatory, Ctrl+Return resolves.
class ReviewView : public QWidget {
    Q_OBJECT
public:
    explicit ReviewView(QWidget* parent = nullptr);

    void setSummary(const QString& text);
    void setCases(const QList<ReviewListRow>& rows);
    void showCase(const ReviewCaseDetail& detail);
    void clearCase();
    /// @brief A refused or failed action, as a sentence (from ErrorText).
    void showError(const QString& text);
    const QList<ReviewListRow>& cases() const { return m_rows; }
    const std::optional<ReviewCaseDetail>& currentCase() const { return m_detail; }

signals:
    void caseSelected(const QString& caseId);
    void claimRequested(const QString& caseId);
    void releaseRequested(const QString& caseId);
    void resolveRequested(const QString& caseId, portico::review::Resolution resolution, const QString& note);
    void refreshRequested();

private:
    void resolve();
    void updateButtons();

    QLabel* m_summary = nullptr;
    QTableWidget* m_table = nullptr;
    QLabel* m_livePhoto = nullptr;
    QLabel* m_galleryPhoto = nullptr;
    QLabel* m_documentPhoto = nullptr;
    QLabel* m_facts = nullptr;
    QList<QLabel*> m_lookAlikes;
    QLabel* m_error = nullptr;
    QComboBox* m_resolution = nullptr;
    QPlainTextEdit* m_note = nullptr;
    QPushButton* m_claim = nullptr;
    QPushButton* m_release = nullptr;
    QPushButton* m_resolve = nullptr;
    QList<ReviewListRow> m_rows;
    std::optional<ReviewCaseDetail> m_detail;
};

} // namespace portico::ui

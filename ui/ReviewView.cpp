// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ReviewView.h"

#include "ui/PhotoFrame.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QTableWidget>
#include <QVBoxLayout>

namespace portico::ui {
namespace {
constexpr int kPhotoSize = 200;
constexpr int kLookAlikeSize = 96;
} // namespace

ReviewView::ReviewView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("reviewView"));
    auto* root = new QHBoxLayout(this);

    auto* left = new QVBoxLayout;
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("reviewSummary"));
    m_summary->setStyleSheet(QStringLiteral("font-weight:bold;"));
    left->addWidget(m_summary);
    m_table = new QTableWidget(0, 5, this);
    m_table->setObjectName(QStringLiteral("reviewTable"));
    m_table->setHorizontalHeaderLabels({tr("Waiting"), tr("Lane"), tr("Why"), tr("Outcome"), tr("State")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_table->setMinimumWidth(460);
    left->addWidget(m_table, 1);
    root->addLayout(left, 2);

    auto* right = new QVBoxLayout;
    auto* photos = new QHBoxLayout;
    m_livePhoto = photoFrame(tr("Live capture"), QStringLiteral("reviewLivePhoto"), kPhotoSize, this);
    m_galleryPhoto = photoFrame(tr("Manifest photo"), QStringLiteral("reviewGalleryPhoto"), kPhotoSize, this);
    m_documentPhoto = photoFrame(tr("Document photo"), QStringLiteral("reviewDocumentPhoto"), kPhotoSize, this);
    photos->addWidget(m_livePhoto);
    photos->addWidget(m_galleryPhoto);
    photos->addWidget(m_documentPhoto);
    photos->addStretch(1);
    right->addLayout(photos);
    auto* similar = new QHBoxLayout;
    auto* similarTitle = new QLabel(tr("Look-alikes in today's gallery:"), this);
    similarTitle->setStyleSheet(QStringLiteral("font-weight:bold;"));
    similar->addWidget(similarTitle);
    for (int i = 0; i < 3; ++i) {
        auto* frame = photoFrame(QString(), QStringLiteral("lookAlike%1").arg(i), kLookAlikeSize, this);
        frame->hide();
        m_lookAlikes << frame;
        similar->addWidget(frame);
    }
    similar->addStretch(1);
    right->addLayout(similar);
    m_facts = new QLabel(this);
    m_facts->setObjectName(QStringLiteral("reviewFacts"));
    m_facts->setWordWrap(true);
    m_facts->setTextFormat(Qt::RichText);
    m_facts->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    right->addWidget(m_facts, 1);

    auto* decide = new QHBoxLayout;
    m_claim = new QPushButton(tr("Claim (Ctrl+L)"), this);
    m_claim->setObjectName(QStringLiteral("claimButton"));
    m_release = new QPushButton(tr("Release (Ctrl+R)"), this);
    m_release->setObjectName(QStringLiteral("releaseButton"));
    m_resolution = new QComboBox(this);
    m_resolution->setObjectName(QStringLiteral("resolutionChoice"));
    m_resolution->addItem(tr("Alt+1  Identity confirmed"), static_cast<int>(review::Resolution::IdentityConfirmed));
    m_resolution->addItem(tr("Alt+2  Not confirmed → secondary"),
                          static_cast<int>(review::Resolution::NotConfirmedSecondary));
    m_resolution->addItem(tr("Alt+3  Inconclusive"), static_cast<int>(review::Resolution::Inconclusive));
    m_resolve = new QPushButton(tr("Resolve (Ctrl+Enter)"), this);
    m_resolve->setObjectName(QStringLiteral("resolveButton"));
    decide->addWidget(m_claim);
    decide->addWidget(m_release);
    decide->addWidget(m_resolution, 1);
    decide->addWidget(m_resolve);
    right->addLayout(decide);
    m_note = new QPlainTextEdit(this);
    m_note->setObjectName(QStringLiteral("resolutionNote"));
    m_note->setPlaceholderText(tr("Note (required): what you compared and why you decided so"));
    m_note->setMaximumHeight(80);
    right->addWidget(m_note);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("reviewError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color:#a01010;font-weight:bold;"));
    right->addWidget(m_error);
    root->addLayout(right, 3);

    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row, int, int, int) {
        if (row >= 0 && row < m_rows.size()) {
            emit caseSelected(m_rows.at(row).caseId);
        }
    });
    connect(m_claim, &QPushButton::clicked, this, [this] {
        if (m_detail) {
            emit claimRequested(m_detail->caseId);
        }
    });
    connect(m_release, &QPushButton::clicked, this, [this] {
        if (m_detail) {
            emit releaseRequested(m_detail->caseId);
        }
    });
    connect(m_resolve, &QPushButton::clicked, this, &ReviewView::resolve);
    auto shortcut = [this](const QKeySequence& key, auto slot) {
        auto* s = new QShortcut(key, this);
        s->setContext(Qt::WidgetWithChildrenShortcut);
        connect(s, &QShortcut::activated, this, slot);
    };
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_L), [this] { m_claim->click(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_R), [this] { m_release->click(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), [this] { resolve(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Enter), [this] { resolve(); });
    shortcut(QKeySequence(Qt::ALT | Qt::Key_1), [this] { m_resolution->setCurrentIndex(0); });
    shortcut(QKeySequence(Qt::ALT | Qt::Key_2), [this] { m_resolution->setCurrentIndex(1); });
    shortcut(QKeySequence(Qt::ALT | Qt::Key_3), [this] { m_resolution->setCurrentIndex(2); });
    shortcut(QKeySequence(Qt::Key_F5), [this] { emit refreshRequested(); });
    clearCase();
}

void ReviewView::setSummary(const QString& text) {
    m_summary->setText(text);
}

void ReviewView::setCases(const QList<ReviewListRow>& rows) {
    const QString current = m_detail ? m_detail->caseId : QString();
    m_rows = rows;
    m_table->blockSignals(true);
    m_table->setRowCount(static_cast<int>(rows.size()));
    int keep = -1;
    for (int i = 0; i < rows.size(); ++i) {
        const auto& r = rows.at(i);
        const QStringList cells{r.waiting, QString::number(r.lane), r.reasons, r.outcome, r.state};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells.at(c));
            if (r.mine) {
                QFont f = item->font();
                f.setBold(true);
                item->setFont(f);
            }
            m_table->setItem(i, c, item);
        }
        if (r.caseId == current) {
            keep = i;
        }
    }
    if (keep >= 0) {
        m_table->selectRow(keep);
    }
    m_table->blockSignals(false);
    m_table->resizeColumnToContents(0);
    if (keep < 0 && !rows.isEmpty() && !m_detail) {
        m_table->selectRow(0);
        emit caseSelected(rows.front().caseId);
    }
}

void ReviewView::showCase(const ReviewCaseDetail& d) {
    m_detail = d;
    m_error->clear();
    setFramePhoto(m_livePhoto, d.live, tr("Live capture"), kPhotoSize);
    if (d.live.isNull() && !d.liveMissing.isEmpty()) {
        m_livePhoto->setText(tr("Live capture") + QStringLiteral("\n") + d.liveMissing);
    }
    setFramePhoto(m_galleryPhoto, d.gallery, tr("Manifest photo"), kPhotoSize);
    setFramePhoto(m_documentPhoto, d.document, tr("Document photo"), kPhotoSize);
    if (d.document.isNull() && !d.documentMissing.isEmpty()) {
        m_documentPhoto->setText(tr("Document photo") + QStringLiteral("\n") + d.documentMissing);
    }
    for (int i = 0; i < m_lookAlikes.size(); ++i) {
        if (i < d.lookAlikes.size()) {
            setFramePhoto(m_lookAlikes[i], d.lookAlikes[i].photo, d.lookAlikes[i].label, kLookAlikeSize);
            m_lookAlikes[i]->setToolTip(d.lookAlikes[i].name);
            m_lookAlikes[i]->show();
        } else {
            m_lookAlikes[i]->hide();
        }
    }
    QStringList lines;
    auto line = [&lines](const QString& label, const QString& value) {
        if (!value.isEmpty()) {
            lines << QStringLiteral("<b>%1</b> %2").arg(label.toHtmlEscaped(), value.toHtmlEscaped());
        }
    };
    line(tr("Traveler:"), d.traveler);
    line(tr("Why a second look:"), d.reasons);
    line(tr("1:N match:"), d.scores);
    line(tr("Document 1:1:"), d.documentScore);
    line(tr("Liveness:"), d.liveness);
    line(tr("Quality:"), d.quality);
    line(tr("Officer's note:"), d.officerNote);
    line(tr("State:"), d.claimedBy.isEmpty() ? QString() : tr("claimed by %1").arg(d.claimedBy));
    line(tr("Finding:"), d.resolution);
    m_facts->setText(lines.join(QStringLiteral("<br>")));
    if (d.state != review::CaseState::Claimed) {
        m_note->clear();
    }
    updateButtons();
}

void ReviewView::clearCase() {
    m_detail.reset();
    for (auto* frame : m_lookAlikes) {
        frame->hide();
    }
    setFramePhoto(m_livePhoto, {}, tr("Live capture"), kPhotoSize);
    setFramePhoto(m_galleryPhoto, {}, tr("Manifest photo"), kPhotoSize);
    setFramePhoto(m_documentPhoto, {}, tr("Document photo"), kPhotoSize);
    m_facts->setText(tr("No case selected. Cases appear here when the matcher could not confirm a traveler or an "
                        "officer asked for a second look."));
    updateButtons();
}

void ReviewView::showError(const QString& text) {
    m_error->setText(text);
}

void ReviewView::updateButtons() {
    const bool open = m_detail && m_detail->state == review::CaseState::Open;
    const bool mine = m_detail && m_detail->state == review::CaseState::Claimed && m_detail->claimedByMe;
    m_claim->setEnabled(open);
    m_release->setEnabled(mine);
    m_resolve->setEnabled(mine);
    m_resolution->setEnabled(mine);
    m_note->setEnabled(mine);
}

void ReviewView::resolve() {
    if (!m_detail) {
        return;
    }
    const QString note = m_note->toPlainText().trimmed();
    if (note.isEmpty()) {
        m_error->setText(tr("Write a note first: what you compared and why you decided so."));
        m_note->setFocus();
        return;
    }
    emit resolveRequested(m_detail->caseId, static_cast<review::Resolution>(m_resolution->currentData().toInt()), note);
}

} // namespace portico::ui

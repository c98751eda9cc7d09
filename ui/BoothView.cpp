// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/BoothView.h"
#include "ui/PhotoFrame.h"

#include "ui/CameraView.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

namespace portico::ui {
namespace {
constexpr int kPhotoSize = 150;

QLabel* photoBox(const QString& caption, const QString& objectName, QWidget* parent) {
    return photoFrame(caption, objectName, kPhotoSize, parent);
}

void setPhoto(QLabel* label, const QImage& image, const QString& caption) {
    setFramePhoto(label, image, caption, kPhotoSize);
}

struct VerdictLook {
    QString text;
    QString colour;
};

VerdictLook verdictLook(Verdict v) {
    // Word + symbol + colour; blue/orange/grey stay distinct for red-green colour-blind officers.
    switch (v) {
    case Verdict::Match:
        return {BoothView::tr("✔ MATCH"), QStringLiteral("#1f5fa8")};
    case Verdict::NoMatch:
        return {BoothView::tr("✖ NO MATCH — second look"), QStringLiteral("#b35900")};
    case Verdict::Ambiguous:
        return {BoothView::tr("⚠ TWO CANDIDATES — second look"), QStringLiteral("#b35900")};
    case Verdict::PoorPhoto:
        return {BoothView::tr("⚠ PHOTO NOT USABLE — retake or manual check"), QStringLiteral("#8a5a00")};
    case Verdict::Unavailable:
        return {BoothView::tr("⛔ MATCHER UNAVAILABLE — manual check"), QStringLiteral("#4a4a4a")};
    case Verdict::OptedOut:
        return {BoothView::tr("CAMERA OFF — citizen opted out: inspect the document manually"),
                QStringLiteral("#37474f")};
    case Verdict::Waiting:
    case Verdict::Unknown:
        break;
    }
    return {BoothView::tr("Waiting for the traveler…"), QStringLiteral("#5f6b7a")};
}
} // namespace

ScoreBar::ScoreBar(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("scoreBar"));
    setMinimumHeight(28);
}

void ScoreBar::setValues(std::optional<double> score, std::optional<double> threshold) {
    m_score = score;
    m_threshold = threshold;
    update();
}

void ScoreBar::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRect bar = rect().adjusted(0, 6, -250, -6);
    p.fillRect(bar, QColor(0xe3, 0xe7, 0xec));
    if (m_score) {
        const double s = std::clamp(*m_score, 0.0, 1.0);
        const bool above = m_threshold && *m_score >= *m_threshold;
        p.fillRect(QRect(bar.x(), bar.y(), static_cast<int>(bar.width() * s), bar.height()),
                   above ? QColor(0x2f, 0x80, 0xed) : QColor(0xf2, 0x99, 0x4a));
    }
    if (m_threshold) {
        const int x = bar.x() + static_cast<int>(bar.width() * std::clamp(*m_threshold, 0.0, 1.0));
        p.setPen(QPen(Qt::black, 3));
        p.drawLine(x, bar.top() - 5, x, bar.bottom() + 5);
    }
    p.setPen(palette().color(QPalette::WindowText));
    const QString text = m_score ? tr("score %1 · threshold %2")
                                       .arg(*m_score, 0, 'f', 3)
                                       .arg(m_threshold ? QString::number(*m_threshold, 'f', 3) : QStringLiteral("—"))
                                 : tr("no score");
    p.drawText(QRect(bar.right() + 8, 0, 242, height()), Qt::AlignVCenter | Qt::AlignLeft, text);
}

BoothView::BoothView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("boothView"));
    auto* top = new QHBoxLayout;
    top->addWidget(buildLeft(), 5);
    top->addWidget(buildRight(), 6);
    auto* root = new QVBoxLayout(this);
    root->addLayout(top, 1);
    root->addWidget(buildDecisionBar());

    auto shortcut = [this](const QKeySequence& key, auto slot) {
        auto* s = new QShortcut(key, this);
        s->setContext(Qt::WindowShortcut);
        connect(s, &QShortcut::activated, this, slot);
    };
    shortcut(QKeySequence(Qt::Key_F1), [this] { verify(); });
    shortcut(QKeySequence(Qt::Key_F2), [this] { refer(); });
    shortcut(QKeySequence(Qt::Key_F3), [this] { confirmOptOut(); });
    shortcut(QKeySequence(Qt::Key_F4),
             [this] { emit decisionRequested(inspection::Decision::NoShow, QString(), QString()); });
    shortcut(QKeySequence(Qt::Key_Escape), [this] { emit nextTravelerRequested(); });
    shortcut(QKeySequence(Qt::Key_F5), [this] { emit captureRequested(); });
    shortcut(QKeySequence(Qt::Key_F6), [this] { chooseDocumentImage(); });
    shortcut(QKeySequence(Qt::Key_F7), [this] { emit travelerLanguageRequested(); });
    reset();
}

QWidget* BoothView::buildLeft() {
    auto* w = new QWidget(this);
    auto* l = new QVBoxLayout(w);
    l->setContentsMargins(0, 0, 0, 0);
    auto* title = new QLabel(tr("Live camera"), w);
    title->setStyleSheet(QStringLiteral("font-weight:bold;"));
    m_camera = new CameraView(w);
    m_qualityRow = new QLabel(w);
    m_qualityRow->setObjectName(QStringLiteral("qualityRow"));
    m_prompt = new QLabel(w);
    m_prompt->setObjectName(QStringLiteral("promptLabel"));
    m_prompt->setWordWrap(true);
    m_captureStatus = new QLabel(w);
    m_captureStatus->setObjectName(QStringLiteral("captureStatus"));
    auto* captureButton = new QPushButton(tr("[F5] Capture now"), w);
    captureButton->setObjectName(QStringLiteral("captureButton"));
    captureButton->setFocusPolicy(Qt::NoFocus);
    connect(captureButton, &QPushButton::clicked, this, &BoothView::captureRequested);
    // Tools beside the camera (not decisions): capture now, the document photo, the traveler's language.
    auto* documentButton = new QPushButton(tr("[F6] Document photo…"), w);
    documentButton->setObjectName(QStringLiteral("documentButton"));
    documentButton->setFocusPolicy(Qt::NoFocus);
    connect(documentButton, &QPushButton::clicked, this, &BoothView::chooseDocumentImage);
    auto* languageButton = new QPushButton(tr("[F7] Traveler language"), w);
    languageButton->setObjectName(QStringLiteral("languageButton"));
    languageButton->setFocusPolicy(Qt::NoFocus);
    connect(languageButton, &QPushButton::clicked, this, &BoothView::travelerLanguageRequested);
    auto* row = new QHBoxLayout;
    row->addWidget(m_captureStatus, 1);
    row->addWidget(captureButton);
    row->addWidget(documentButton);
    row->addWidget(languageButton);
    l->addWidget(title);
    l->addWidget(m_camera, 1);
    l->addWidget(m_qualityRow);
    l->addWidget(m_prompt);
    l->addLayout(row);
    return w;
}

QWidget* BoothView::buildRight() {
    auto* w = new QWidget(this);
    auto* l = new QVBoxLayout(w);
    l->setContentsMargins(0, 0, 0, 0);
    auto* title = new QLabel(tr("Who is this?"), w);
    title->setStyleSheet(QStringLiteral("font-weight:bold;"));
    m_verdict = new QLabel(w);
    m_verdict->setObjectName(QStringLiteral("verdictLabel"));
    QFont vf = m_verdict->font();
    vf.setPointSize(24);
    vf.setBold(true);
    m_verdict->setFont(vf);
    m_verdict->setWordWrap(true);
    m_verdictDetail = new QLabel(w);
    m_verdictDetail->setObjectName(QStringLiteral("verdictDetail"));
    m_verdictDetail->setWordWrap(true);
    m_scoreBar = new ScoreBar(w);
    m_secondLook = new QLabel(w);
    m_secondLook->setObjectName(QStringLiteral("secondLookLabel"));
    m_secondLook->setWordWrap(true);
    m_secondLook->setStyleSheet(QStringLiteral("color:#8a4500;font-weight:bold;"));

    auto* photos = new QHBoxLayout;
    m_livePhoto = photoBox(tr("Live"), QStringLiteral("livePhoto"), w);
    m_manifestPhoto = photoBox(tr("Manifest"), QStringLiteral("manifestPhoto"), w);
    m_documentPhoto = photoBox(tr("Document"), QStringLiteral("documentPhoto"), w);
    photos->addWidget(m_livePhoto);
    photos->addWidget(m_manifestPhoto);
    photos->addWidget(m_documentPhoto);
    photos->addStretch(1);

    m_travelerName = new QLabel(w);
    m_travelerName->setObjectName(QStringLiteral("travelerName"));
    QFont nf = m_travelerName->font();
    nf.setPointSize(16);
    nf.setBold(true);
    m_travelerName->setFont(nf);
    m_travelerName->setTextInteractionFlags(Qt::NoTextInteraction);
    m_travelerFacts = new QLabel(w);
    m_travelerFacts->setObjectName(QStringLiteral("travelerFacts"));
    m_appointment = new QLabel(w);
    m_appointment->setObjectName(QStringLiteral("appointmentLabel"));
    m_documentResult = new QLabel(w);
    m_documentResult->setObjectName(QStringLiteral("documentResult"));
    m_documentResult->setWordWrap(true);

    auto* mrzLabel = new QLabel(tr("MRZ (type or scan, then Ctrl+Enter):"), w);
    m_mrz = new QPlainTextEdit(w);
    m_mrz->setObjectName(QStringLiteral("mrzEdit"));
    QFont mono(QStringLiteral("DejaVu Sans Mono"));
    mono.setStyleHint(QFont::Monospace);
    mono.setPointSize(11);
    m_mrz->setFont(mono);
    m_mrz->setFixedHeight(70);
    m_mrz->setTabChangesFocus(true);
    mrzLabel->setBuddy(m_mrz);
    auto* mrzEnter = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), m_mrz);
    mrzEnter->setContext(Qt::WidgetShortcut);
    connect(mrzEnter, &QShortcut::activated, this, [this] { emit mrzEntered(m_mrz->toPlainText()); });
    m_mrzStatus = new QLabel(w);
    m_mrzStatus->setObjectName(QStringLiteral("mrzStatus"));
    m_candidates = new QLabel(w);
    m_candidates->setObjectName(QStringLiteral("candidatesLabel"));
    m_candidates->setWordWrap(true);

    l->addWidget(title);
    l->addWidget(m_verdict);
    l->addWidget(m_verdictDetail);
    l->addWidget(m_scoreBar);
    l->addWidget(m_secondLook);
    l->addLayout(photos);
    l->addWidget(m_travelerName);
    l->addWidget(m_travelerFacts);
    l->addWidget(m_appointment);
    l->addWidget(m_documentResult);
    l->addWidget(mrzLabel);
    l->addWidget(m_mrz);
    l->addWidget(m_mrzStatus);
    l->addWidget(m_candidates);
    l->addStretch(1);
    return w;
}

QWidget* BoothView::buildDecisionBar() {
    auto* bar = new QWidget(this);
    bar->setObjectName(QStringLiteral("decisionBar"));
    auto* l = new QHBoxLayout(bar);
    l->setContentsMargins(0, 6, 0, 0);
    auto button = [&](const QString& text, const QString& name, auto slot) {
        auto* b = new QPushButton(text, bar);
        b->setObjectName(name);
        b->setMinimumHeight(44);
        QFont f = b->font();
        f.setPointSize(12);
        b->setFont(f);
        connect(b, &QPushButton::clicked, this, slot);
        l->addWidget(b);
        return b;
    };
    m_verifiedButton = button(tr("[F1] Verified → continue"), QStringLiteral("verifiedButton"), [this] { verify(); });
    button(tr("[F2] Refer…"), QStringLiteral("referButton"), [this] { refer(); });
    button(tr("[F3] Opt-out: manual check"), QStringLiteral("optOutButton"), [this] { confirmOptOut(); });
    button(tr("[F4] No-show / outside window"), QStringLiteral("noShowButton"),
           [this] { emit decisionRequested(inspection::Decision::NoShow, QString(), QString()); });
    button(tr("[Esc] Next traveler"), QStringLiteral("nextButton"), [this] { emit nextTravelerRequested(); });
    return bar;
}

void BoothView::chooseDocumentImage() {
    // A scanned page or the reader's chip image; the document reader's drop folder arrives without this dialog.
    QFileDialog dialog(this, tr("Travel-document photo"));
    dialog.setObjectName(QStringLiteral("documentDialog"));
    dialog.setOption(QFileDialog::DontUseNativeDialog);
    dialog.setFileMode(QFileDialog::ExistingFile);
    dialog.setNameFilter(tr("Images (*.jpg *.jpeg *.png *.bmp)"));
    if (dialog.exec() == QDialog::Accepted && !dialog.selectedFiles().isEmpty()) {
        emit documentImageChosen(dialog.selectedFiles().constFirst());
    }
}

void BoothView::refer() {
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("referDialog"));
    dialog.setWindowTitle(tr("Refer to supervisor / secondary"));
    auto* l = new QVBoxLayout(&dialog);
    l->addWidget(new QLabel(tr("Reason (press its number):"), &dialog));
    auto* reasons = new QListWidget(&dialog);
    reasons->setObjectName(QStringLiteral("referReasons"));
    const QStringList items = {tr("1  Face does not match"), tr("2  Document problem"),
                               tr("3  Manifest does not match the document"), tr("4  Photo not usable"),
                               tr("5  Other concern (describe in the note)")};
    reasons->addItems(items);
    reasons->setCurrentRow(0);
    l->addWidget(reasons);
    auto* note = new QLineEdit(&dialog);
    note->setObjectName(QStringLiteral("referNote"));
    note->setPlaceholderText(tr("Note for the supervisor (optional)"));
    l->addWidget(note);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    l->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    for (int i = 0; i < items.size(); ++i) {
        auto* s = new QShortcut(QKeySequence(Qt::Key_1 + i), reasons);
        s->setContext(Qt::WidgetShortcut);
        connect(s, &QShortcut::activated, reasons, [reasons, i] { reasons->setCurrentRow(i); });
    }
    reasons->setFocus();
    if (dialog.exec() == QDialog::Accepted && reasons->currentItem()) {
        const QString reason = reasons->currentItem()->text().mid(3);
        emit decisionRequested(inspection::Decision::Referred, reason, note->text());
    }
}

void BoothView::verify() {
    if (!m_state.confirmSecondLook) {
        emit decisionRequested(inspection::Decision::Verified, QString(), QString());
        return;
    }
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("secondLookDialog"));
    dialog.setWindowTitle(tr("Age policy: confirm the second look"));
    auto* l = new QVBoxLayout(&dialog);
    auto* why = new QLabel(m_state.secondLookReasons.join(QStringLiteral("; ")), &dialog);
    why->setWordWrap(true);
    l->addWidget(why);
    l->addWidget(new QLabel(tr("What did you check? (press its number, then Enter)"), &dialog));
    auto* checks = new QListWidget(&dialog);
    checks->setObjectName(QStringLiteral("secondLookChecks"));
    const std::vector<std::pair<QString, inspection::SecondLookCheck>> items = {
        {tr("1  Face compared with the travel document's photo"), inspection::SecondLookCheck::DocumentPhoto},
        {tr("2  Identity confirmed with the accompanying parent, guardian or carer"),
         inspection::SecondLookCheck::AccompanyingAdult},
        {tr("3  Another check (describe it in the note)"), inspection::SecondLookCheck::OtherCheck}};
    for (const auto& item : items) {
        checks->addItem(item.first);
    }
    checks->setCurrentRow(0);
    l->addWidget(checks);
    auto* note = new QLineEdit(&dialog);
    note->setObjectName(QStringLiteral("secondLookNote"));
    note->setPlaceholderText(tr("Note (required for another check)"));
    l->addWidget(note);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    l->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    connect(checks, &QListWidget::itemActivated, &dialog, &QDialog::accept); // Enter on the list records
    for (int i = 0; i < static_cast<int>(items.size()); ++i) {
        auto* s = new QShortcut(QKeySequence(Qt::Key_1 + i), checks);
        s->setContext(Qt::WidgetShortcut);
        connect(s, &QShortcut::activated, checks, [checks, i] { checks->setCurrentRow(i); });
    }
    checks->setFocus();
    if (dialog.exec() == QDialog::Accepted && checks->currentRow() >= 0) {
        // The check travels as its stable name; the controller hands it to core, which enforces the policy.
        const auto check = items[static_cast<std::size_t>(checks->currentRow())].second;
        const std::string_view name = inspection::secondLookCheckName(check);
        emit decisionRequested(inspection::Decision::Verified,
                               QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size())), note->text());
    }
}

void BoothView::confirmOptOut() {
    // One key to start, one to confirm: the camera stops at once and nothing is captured.
    emit decisionRequested(inspection::Decision::OptOut, QString(), QString());
}

void BoothView::setCameraOverlay(const CameraOverlay& overlay) {
    m_camera->setOverlay(overlay);
    QStringList parts;
    for (const auto& q : overlay.quality) {
        parts << (q.pass ? QStringLiteral("%1 ✓").arg(q.label) : QStringLiteral("%1 ✗").arg(q.label));
    }
    m_qualityRow->setText(parts.join(QStringLiteral("   ")));
    m_prompt->setText(overlay.prompt.isEmpty() ? QString() : tr("Prompt shown: \"%1\"").arg(overlay.prompt));
    m_captureStatus->setText(overlay.captureStatus);
}

void BoothView::setCameraOff(const QString& message) {
    m_camera->setCameraOff(message);
}

void BoothView::reset() {
    setState(BoothState{});
    m_mrz->clear();
    m_camera->setCameraOff(QString());
    setCameraOverlay(CameraOverlay{});
}

void BoothView::setState(const BoothState& state) {
    m_state = state;
    const auto look = verdictLook(state.verdict);
    m_verdict->setText(look.text);
    m_verdict->setStyleSheet(
        QStringLiteral("color:white;background:%1;padding:8px;border-radius:4px;").arg(look.colour));
    m_verdictDetail->setText(state.verdictDetail);
    m_scoreBar->setValues(state.score, state.threshold);
    m_scoreBar->setVisible(state.score.has_value());
    m_verifiedButton->setText(state.confirmSecondLook ? tr("[F1] Verified after a second look…")
                                                      : tr("[F1] Verified → continue"));
    m_secondLook->setText(state.secondLookReasons.isEmpty()
                              ? QString()
                              : tr("Second look required: %1").arg(state.secondLookReasons.join(QStringLiteral("; "))));
    setPhoto(m_livePhoto, state.liveCrop, tr("Live"));
    setPhoto(m_manifestPhoto, state.traveler ? state.traveler->photo : QImage(), tr("Manifest"));
    setPhoto(m_documentPhoto, state.documentCrop, tr("Document"));
    if (state.traveler) {
        m_travelerName->setText(state.traveler->name);
        m_travelerFacts->setText(QStringLiteral("%1 · %2 · %3")
                                     .arg(state.traveler->age, state.traveler->nationality, state.traveler->document));
        m_appointment->setText(
            tr("Appointment %1 · %2").arg(state.traveler->appointmentId, state.traveler->appointment));
    } else {
        m_travelerName->setText(tr("No traveler selected"));
        m_travelerFacts->clear();
        m_appointment->clear();
    }
    m_documentResult->setText(state.documentResult);
    m_documentResult->setStyleSheet(state.documentProblem ? QStringLiteral("color:#8a4500;font-weight:bold;")
                                                          : QString());
    m_mrzStatus->setText(state.mrzStatus);
    m_mrzStatus->setStyleSheet(state.mrzProblem ? QStringLiteral("color:#8a4500;font-weight:bold;") : QString());
    if (state.otherCandidates.isEmpty()) {
        m_candidates->setText(state.verdict == Verdict::Waiting ? QString()
                                                                : tr("Other candidates: none above threshold"));
    } else {
        QStringList rows;
        for (const auto& c : state.otherCandidates) {
            rows << tr("%1 (%2, score %3)").arg(c.name, c.appointmentId).arg(c.score, 0, 'f', 3);
        }
        m_candidates->setText(tr("Other candidates: %1").arg(rows.join(QStringLiteral("; "))));
    }
}

} // namespace portico::ui

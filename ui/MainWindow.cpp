// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/MainWindow.h"

#include "Version.h"
#include "ui/BoothView.h"
#include "ui/LockScreen.h"
#include "ui/ManifestView.h"
#include "ui/SyncStatusWidget.h"

#include <QLabel>
#include <QShortcut>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace portico::ui {

MainWindow::MainWindow(const Options& options, QWidget* parent) : QMainWindow(parent) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Portico %1").arg(QString::fromLatin1(versionString())));
    resize(1366, 768);

    m_pages = new QStackedWidget(this);
    auto* central = new QWidget(m_pages);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_status = new SyncStatusWidget(central);
    StationStatus initial;
    initial.port = options.portCode;
    initial.lane = options.lane;
    initial.demo = options.demo;
    initial.online = true;
    initial.cameraUp = true;
    m_status->setStatus(initial, QDateTime::currentDateTimeUtc());
    m_screens = new QTabWidget(central);
    m_screens->setObjectName(QStringLiteral("screens"));
    m_screens->setDocumentMode(true);
    m_booth = new BoothView(m_screens);
    m_manifest = new ManifestView(m_screens);
    addScreen(m_booth, tr("Booth"));
    addScreen(m_manifest, tr("Manifest"));
    auto* body = new QWidget(central);
    auto* bodyLayout = new QVBoxLayout(body);
    bodyLayout->setContentsMargins(8, 8, 8, 8);
    bodyLayout->addWidget(m_screens);
    layout->addWidget(m_status);
    layout->addWidget(body, 1);
    m_lock = new LockScreen(m_pages);
    m_pages->addWidget(central);
    m_pages->addWidget(m_lock);
    setCentralWidget(m_pages);

    // Session keys, window-wide; none of them acts while the lock screen is up.
    const auto sessionKey = [this](QKeySequence keys, void (MainWindow::*signal)()) {
        auto* s = new QShortcut(keys, this);
        connect(s, &QShortcut::activated, this, [this, signal] {
            if (!isLocked()) {
                emit(this->*signal)();
            }
        });
    };
    sessionKey(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Q), &MainWindow::signOutRequested);
    sessionKey(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P), &MainWindow::changePasswordRequested);
    sessionKey(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A), &MainWindow::accountsRequested);
    auto* keys = new QLabel(tr("Ctrl+Shift+Q sign out · Ctrl+Shift+P password · Ctrl+Shift+A accounts"), this);
    keys->setObjectName(QStringLiteral("sessionKeys"));
    statusBar()->addPermanentWidget(keys);

    m_versionLabel = new QLabel(tr("Portico %1").arg(QString::fromLatin1(versionString())), this);
    m_versionLabel->setObjectName(QStringLiteral("versionLabel"));
    statusBar()->addPermanentWidget(m_versionLabel);
}

void MainWindow::addScreen(QWidget* screen, const QString& title) {
    const int index = m_screens->count();
    m_screens->addTab(screen, tr("%1 (Ctrl+%2)").arg(title).arg(index + 1));
    auto* s = new QShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + index)), this);
    connect(s, &QShortcut::activated, this, [this, screen] {
        if (const int i = m_screens->indexOf(screen); i >= 0 && m_screens->isTabVisible(i)) {
            m_screens->setCurrentWidget(screen);
        }
    });
}

void MainWindow::addSupervisorScreens(QWidget* review, QWidget* monitoring) {
    addScreen(review, tr("Review"));
    addScreen(monitoring, tr("Monitoring"));
}

void MainWindow::setSupervisorScreens(QWidget* review, QWidget* monitoring, bool shown) {
    if (m_screens->indexOf(review) < 0) {
        if (!shown) {
            return;
        }
        addSupervisorScreens(review, monitoring);
    }
    for (QWidget* w : {review, monitoring}) {
        const int i = m_screens->indexOf(w);
        if (!shown && m_screens->currentIndex() == i) {
            m_screens->setCurrentWidget(m_booth);
        }
        m_screens->setTabVisible(i, shown);
        w->setEnabled(shown);
    }
}

void MainWindow::showModelsUnavailable() {
    statusBar()->showMessage(tr("Face models are missing or altered: matching is unavailable. "
                                "Ask an administrator to run scripts/fetch-models."));
}

void MainWindow::showNotice(const QString& text) {
    statusBar()->showMessage(text, 8000);
}

void MainWindow::lock(const QString& officer) {
    m_lock->prepare(officer);
    m_pages->setCurrentWidget(m_lock);
    m_lock->prepare(officer); // focus once visible
}

void MainWindow::lockSignedOut(const QString& officer) {
    m_pages->setCurrentWidget(m_lock);
    m_lock->prepareSignIn(officer);
}

void MainWindow::unlock() {
    m_pages->setCurrentIndex(0);
    m_screens->currentWidget()->setFocus();
}

bool MainWindow::isLocked() const {
    return m_pages->currentWidget() == m_lock;
}

} // namespace portico::ui

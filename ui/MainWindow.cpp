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

    m_versionLabel = new QLabel(tr("Portico %1").arg(QString::fromLatin1(versionString())), this);
    m_versionLabel->setObjectName(QStringLiteral("versionLabel"));
    statusBar()->addPermanentWidget(m_versionLabel);
}

void MainWindow::addScreen(QWidget* screen, const QString& title) {
    const int index = m_screens->count();
    m_screens->addTab(screen, tr("%1 (Ctrl+%2)").arg(title).arg(index + 1));
    auto* s = new QShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + index)), this);
    connect(s, &QShortcut::activated, this, [this, screen] { m_screens->setCurrentWidget(screen); });
}

void MainWindow::addSupervisorScreens(QWidget* review, QWidget* monitoring) {
    addScreen(review, tr("Review"));
    addScreen(monitoring, tr("Monitoring"));
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

void MainWindow::unlock() {
    m_pages->setCurrentIndex(0);
    m_screens->currentWidget()->setFocus();
}

bool MainWindow::isLocked() const {
    return m_pages->currentWidget() == m_lock;
}

} // namespace portico::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/MainWindow.h"

#include "Version.h"

#include <QLabel>
#include <QStatusBar>
#include <QVBoxLayout>

namespace portico::ui {

MainWindow::MainWindow(const Options& options, QWidget* parent) : QMainWindow(parent) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Portico %1").arg(QString::fromLatin1(versionString())));
    resize(1366, 768);

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    if (options.demo) {
        auto* badge = new QLabel(tr("DEMO — not for operational use"), central);
        badge->setObjectName(QStringLiteral("demoBadge"));
        badge->setAlignment(Qt::AlignCenter);
        badge->setStyleSheet(QStringLiteral("background:#1f4e9e;color:white;font-weight:bold;padding:6px;"));
        layout->addWidget(badge);
    }
    auto* title = new QLabel(tr("Portico inspection workstation"), central);
    title->setObjectName(QStringLiteral("titleLabel"));
    QFont f = title->font();
    f.setPointSize(24);
    title->setFont(f);
    title->setAlignment(Qt::AlignCenter);
    layout->addStretch(1);
    layout->addWidget(title);
    layout->addStretch(2);
    setCentralWidget(central);

    m_stationLabel = new QLabel(tr("Port %1 · Lane %2").arg(options.portCode).arg(options.lane), this);
    m_stationLabel->setObjectName(QStringLiteral("stationLabel"));
    m_versionLabel = new QLabel(tr("Version %1").arg(QString::fromLatin1(versionString())), this);
    m_versionLabel->setObjectName(QStringLiteral("versionLabel"));
    statusBar()->addWidget(m_stationLabel);
    statusBar()->addPermanentWidget(m_versionLabel);
}

void MainWindow::showModelsUnavailable() {
    statusBar()->showMessage(tr("Face models are missing or altered: matching is unavailable. "
                                "Ask an administrator to run scripts/fetch-models."));
}

} // namespace portico::ui

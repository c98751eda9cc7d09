// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/LockScreen.h"

#include <QApplication>
#include <QEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace portico::ui {

InactivityWatch::InactivityWatch(QObject* parent) : QObject(parent) {
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (m_active) {
            m_active = false;
            emit idle();
        }
    });
}

void InactivityWatch::start(std::chrono::milliseconds limit) {
    m_limit = limit;
    qApp->installEventFilter(this);
    restart();
}

void InactivityWatch::stop() {
    m_active = false;
    m_timer.stop();
    qApp->removeEventFilter(this);
}

void InactivityWatch::restart() {
    if (m_limit.count() <= 0) {
        return;
    }
    m_active = true;
    m_timer.start(static_cast<int>(m_limit.count()));
}

bool InactivityWatch::eventFilter(QObject* watched, QEvent* event) {
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
        if (m_active) {
            m_timer.start(static_cast<int>(m_limit.count()));
        }
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

LockScreen::LockScreen(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("lockScreen"));
    // A plain QWidget subclass paints its style-sheet background only when asked to: without it the white text
    // stood on the window's light grey.
    setAttribute(Qt::WA_StyledBackground, true);
    setAutoFillBackground(true);
    setStyleSheet(QStringLiteral("#lockScreen{background:#1f2a36;} QLabel{color:white;}"));
    auto* layout = new QVBoxLayout(this);
    layout->addStretch(2);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("lockTitle"));
    m_title->setAlignment(Qt::AlignCenter);
    m_title->setStyleSheet(QStringLiteral("font-size:22pt;font-weight:bold;"));
    layout->addWidget(m_title);
    auto* hint = new QLabel(tr("Traveler data is hidden. Enter your password and press Enter to go on. Another "
                               "officer signs in with their own user name and password."),
                            this);
    hint->setAlignment(Qt::AlignCenter);
    hint->setWordWrap(true);
    hint->setStyleSheet(QStringLiteral("font-size:13pt;"));
    layout->addWidget(hint);
    m_user = new QLineEdit(this);
    m_user->setObjectName(QStringLiteral("lockUser"));
    m_user->setMaximumWidth(420);
    m_user->setMinimumHeight(36);
    m_user->setStyleSheet(QStringLiteral("font-size:14pt;"));
    m_user->setPlaceholderText(tr("User name"));
    m_user->setAccessibleName(tr("User name"));
    layout->addWidget(m_user, 0, Qt::AlignHCenter);
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("lockPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setMaximumWidth(420);
    m_password->setMinimumHeight(36);
    m_password->setStyleSheet(QStringLiteral("font-size:14pt;"));
    m_password->setAccessibleName(tr("Password"));
    m_password->setPlaceholderText(tr("Password"));
    layout->addWidget(m_password, 0, Qt::AlignHCenter);
    m_unlock = new QPushButton(tr("Unlock (Enter)"), this);
    m_unlock->setObjectName(QStringLiteral("unlockButton"));
    m_unlock->setMaximumWidth(420);
    layout->addWidget(m_unlock, 0, Qt::AlignHCenter);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("lockError"));
    m_error->setAlignment(Qt::AlignCenter);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color:#ffb4a8;font-size:13pt;font-weight:bold;"));
    layout->addWidget(m_error);
    layout->addStretch(3);

    auto submit = [this] {
        if (m_user->text().trimmed().isEmpty()) {
            m_user->setFocus();
        } else if (!m_password->text().isEmpty()) {
            emit unlockRequested(m_user->text().trimmed(), m_password->text());
        } else {
            m_password->setFocus();
        }
    };
    connect(m_user, &QLineEdit::returnPressed, this, submit);
    connect(m_password, &QLineEdit::returnPressed, this, submit);
    connect(m_unlock, &QPushButton::clicked, this, submit);
}

void LockScreen::prepare(const QString& officer) {
    m_title->setText(tr("Locked after inactivity — %1").arg(officer));
    m_unlock->setText(tr("Unlock (Enter)"));
    m_error->clear();
    m_user->setText(officer);
    m_password->clear();
    setBusy(false);
    m_password->setFocus();
}

void LockScreen::prepareSignIn(const QString& signedOut) {
    m_title->setText(tr("%1 signed out — the next officer signs in").arg(signedOut));
    m_unlock->setText(tr("Sign in (Enter)"));
    m_error->clear();
    m_user->clear();
    m_password->clear();
    setBusy(false);
    m_user->setFocus();
}

void LockScreen::showError(const QString& text) {
    m_error->setText(text);
    m_password->clear();
    m_password->setFocus();
}

void LockScreen::setBusy(bool busy) {
    m_user->setEnabled(!busy);
    m_password->setEnabled(!busy);
    m_unlock->setEnabled(!busy);
    if (!busy) {
        (m_user->text().isEmpty() ? m_user : m_password)->setFocus();
    }
}

} // namespace portico::ui

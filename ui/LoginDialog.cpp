// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/LoginDialog.h"

#include "ui/ErrorText.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace portico::ui {

LoginDialog::LoginDialog(auth::Accounts& accounts, bool demo, QWidget* parent) : QDialog(parent), m_accounts(accounts) {
    setObjectName(QStringLiteral("loginDialog"));
    setWindowTitle(tr("Portico — log in"));
    setMinimumWidth(460);
    auto* l = new QVBoxLayout(this);
    auto* title = new QLabel(tr("Log in to start inspecting"), this);
    QFont f = title->font();
    f.setPointSize(16);
    f.setBold(true);
    title->setFont(f);
    l->addWidget(title);
    auto* form = new QFormLayout;
    m_user = new QLineEdit(this);
    m_user->setObjectName(QStringLiteral("loginUser"));
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("loginPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    form->addRow(tr("&User name"), m_user);
    form->addRow(tr("&Password"), m_password);
    l->addLayout(form);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("loginError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color:#8a4500;font-weight:bold;"));
    l->addWidget(m_error);
    if (demo) {
        auto* hint = new QLabel(tr("DEMO — not for operational use. Demo accounts: officer “officer” with password "
                                   "“harbor lantern 4821”; supervisor “supervisor” with password “granite ferry "
                                   "7390”."),
                                this);
        hint->setObjectName(QStringLiteral("demoAccounts"));
        hint->setWordWrap(true);
        hint->setTextInteractionFlags(Qt::TextSelectableByMouse);
        hint->setStyleSheet(QStringLiteral("background:#f2c94c;color:black;padding:8px;"));
        l->addWidget(hint);
    }
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Log in"));
    l->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &LoginDialog::tryLogin);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_user->setFocus();
}

void LoginDialog::tryLogin() {
    // Argon2id takes a moment by design; this dialog is the only thing on screen while it runs.
    auto session = m_accounts.login(m_user->text().trimmed().toStdString(), m_password->text().toStdString());
    m_password->clear();
    if (!session) {
        m_error->setText(session.code() == ErrorCode::AccountLocked
                             ? ErrorText::forCode(ErrorCode::AccountLocked)
                             : tr("User name or password is wrong. After 10 failed attempts the account locks."));
        m_password->setFocus();
        return;
    }
    m_session = session.value();
    accept();
}

} // namespace portico::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/AccountDialogs.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QShortcut>
#include <QTableWidget>
#include <QVBoxLayout>

#include <chrono>
#include <functional>
#include <utility>

namespace portico::ui {
namespace {
QLineEdit* passwordField(QWidget* parent, const char* name) {
    auto* f = new QLineEdit(parent);
    f->setObjectName(QString::fromLatin1(name));
    f->setEchoMode(QLineEdit::Password);
    f->setMinimumWidth(320);
    return f;
}

QString roleWords(auth::Role role) {
    switch (role) {
    case auth::Role::Officer:
        return AccountsDialog::tr("officer");
    case auth::Role::Supervisor:
        return AccountsDialog::tr("supervisor");
    case auth::Role::Admin:
        return AccountsDialog::tr("admin");
    case auth::Role::Unknown:
        break;
    }
    return AccountsDialog::tr("unknown");
}
} // namespace

PasswordDialog::PasswordDialog(const QString& username, QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("passwordDialog"));
    setWindowTitle(tr("Change the password of %1").arg(username));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    m_current = passwordField(this, "currentPassword");
    m_next = passwordField(this, "newPassword");
    m_repeat = passwordField(this, "repeatPassword");
    form->addRow(tr("Current password"), m_current);
    form->addRow(tr("New password (at least 15 characters)"), m_next);
    form->addRow(tr("New password again"), m_repeat);
    layout->addLayout(form);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("passwordError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color:#b3261e;font-weight:bold;"));
    layout->addWidget(m_error);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Change (Enter)"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (m_current->text().isEmpty()) {
            m_current->setFocus();
            return;
        }
        if (m_next->text() != m_repeat->text()) {
            showError(tr("The two new passwords differ. Type them again."));
            m_next->clear();
            m_repeat->clear();
            m_next->setFocus();
            return;
        }
        m_error->clear();
        m_ok->setEnabled(false);
        emit changeRequested(m_current->text(), m_next->text());
    });
    m_current->setFocus();
}

void PasswordDialog::showError(const QString& text) {
    m_error->setText(text);
    m_ok->setEnabled(true);
}

void PasswordDialog::passwordChanged() {
    accept();
}

AccountsDialog::AccountsDialog(QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("accountsDialog"));
    setWindowTitle(tr("Accounts of this booth"));
    resize(820, 420);
    auto* layout = new QVBoxLayout(this);
    auto* hint = new QLabel(tr("Select an account with the arrow keys. U unlocks it, D disables it, E enables it. "
                               "Supervisors manage officers; admins manage everyone. Every change is audited."),
                            this);
    hint->setWordWrap(true);
    layout->addWidget(hint);
    m_table = new QTableWidget(0, 5, this);
    m_table->setObjectName(QStringLiteral("accountsTable"));
    m_table->setHorizontalHeaderLabels({tr("User name"), tr("Name"), tr("Role"), tr("State"), tr("Last sign-in")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    layout->addWidget(m_table, 1);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("accountsMessage"));
    m_message->setWordWrap(true);
    layout->addWidget(m_message);
    auto* buttons = new QDialogButtonBox(this);
    auto* unlock = buttons->addButton(tr("Unlock (U)"), QDialogButtonBox::ActionRole);
    auto* disable = buttons->addButton(tr("Disable (D)"), QDialogButtonBox::ActionRole);
    auto* enable = buttons->addButton(tr("Enable (E)"), QDialogButtonBox::ActionRole);
    buttons->addButton(QDialogButtonBox::Close);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    const auto onSelected = [this](auto f) {
        return [this, f] {
            if (const QString user = selected(); !user.isEmpty()) {
                f(user);
            }
        };
    };
    const auto doUnlock = onSelected([this](const QString& u) { emit unlockRequested(u); });
    const auto doDisable = onSelected([this](const QString& u) { emit disableRequested(u, true); });
    const auto doEnable = onSelected([this](const QString& u) { emit disableRequested(u, false); });
    connect(unlock, &QPushButton::clicked, this, doUnlock);
    connect(disable, &QPushButton::clicked, this, doDisable);
    connect(enable, &QPushButton::clicked, this, doEnable);
    for (const auto& [key, f] :
         {std::pair{Qt::Key_U, std::function<void()>(doUnlock)}, std::pair{Qt::Key_D, std::function<void()>(doDisable)},
          std::pair{Qt::Key_E, std::function<void()>(doEnable)}}) {
        auto* s = new QShortcut(QKeySequence(key), this);
        connect(s, &QShortcut::activated, this, f);
    }
    m_table->setFocus();
}

void AccountsDialog::setAccounts(const std::vector<auth::AccountInfo>& accounts) {
    const QString keep = selected();
    m_table->setRowCount(static_cast<int>(accounts.size()));
    int row = 0;
    int select = 0;
    for (const auto& a : accounts) {
        const QString user = QString::fromStdString(a.username);
        QString state = tr("active");
        if (a.disabled) {
            state = tr("DISABLED");
        } else if (a.locked) {
            state = tr("LOCKED · failed sign-ins %1").arg(a.failedAttempts);
        }
        QString last = tr("never");
        if (a.lastLogin) {
            const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(a.lastLogin->time_since_epoch());
            last = QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms.count(), Qt::UTC).toLocalTime(),
                                      QLocale::ShortFormat);
        }
        const QStringList cells{user, QString::fromStdString(a.displayName), roleWords(a.role), state, last};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c == 3 && (a.locked || a.disabled)) {
                item->setForeground(QColor(0xb3, 0x26, 0x1e));
            }
            m_table->setItem(row, c, item);
        }
        if (user == keep) {
            select = row;
        }
        ++row;
    }
    if (row > 0) {
        m_table->selectRow(select);
    }
    m_table->resizeColumnsToContents();
}

void AccountsDialog::showMessage(const QString& text, bool problem) {
    m_message->setText(text);
    m_message->setStyleSheet(problem ? QStringLiteral("color:#b3261e;font-weight:bold;") : QString());
}

QString AccountsDialog::selected() const {
    const int row = m_table->currentRow();
    if (row < 0 || !m_table->item(row, 0)) {
        return {};
    }
    return m_table->item(row, 0)->text();
}

} // namespace portico::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "auth/Accounts.h"

#include <QDialog>

#include <vector>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace portico::ui {

/// @brief Ctrl+Shift+P: the signed-in person changes their own password (current, new, new again). The password
/// rules are core's (auth::checkPasswordPolicy); the dialog only says what core answered.
class PasswordDialog : public QDialog {
    Q_OBJECT
public:
    explicit PasswordDialog(const QString& username, QWidget* parent = nullptr);
    /// @brief Show why the change was refused; the fields stay for another try.
    void showError(const QString& text);
    /// @brief The change is done: close.
    void passwordChanged();

signals:
    void changeRequested(const QString& current, const QString& next);

private:
    QLineEdit* m_current = nullptr;
    QLineEdit* m_next = nullptr;
    QLineEdit* m_repeat = nullptr;
    QLabel* m_error = nullptr;
    QPushButton* m_ok = nullptr;
};

/// @brief Ctrl+Shift+A: the booth's accounts for a supervisor or admin: who is locked or disabled, and the keys to
/// unlock (U), disable (D) and enable (E) the selected one. Who may manage whom is core's (auth::mayManage).
class AccountsDialog : public QDialog {
    Q_OBJECT
public:
    explicit AccountsDialog(QWidget* parent = nullptr);
    void setAccounts(const std::vector<auth::AccountInfo>& accounts);
    void showMessage(const QString& text, bool problem);
    /// @brief The selected account's user name (empty when none).
    QString selected() const;

signals:
    void unlockRequested(const QString& username);
    void disableRequested(const QString& username, bool disabled);

private:
    QTableWidget* m_table = nullptr;
    QLabel* m_message = nullptr;
};

} // namespace portico::ui

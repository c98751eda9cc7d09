// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "auth/Accounts.h"

#include <QDialog>

class QLabel;
class QLineEdit;

namespace portico::ui {

/// @brief Log-in from the local store (works offline). Every attempt is audited by core/auth; a locked account
/// says so and what to do. In demo mode the demo accounts are shown on the screen.
class LoginDialog : public QDialog {
    Q_OBJECT
public:
    LoginDialog(auth::Accounts& accounts, bool demo, QWidget* parent = nullptr);
    const std::optional<auth::Session>& session() const { return m_session; }

private:
    void tryLogin();

    auth::Accounts& m_accounts;
    QLineEdit* m_user = nullptr;
    QLineEdit* m_password = nullptr;
    QLabel* m_error = nullptr;
    std::optional<auth::Session> m_session;
};

} // namespace portico::ui

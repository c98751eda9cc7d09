// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <QWidget>

#include <chrono>

class QLabel;
class QLineEdit;
class QPushButton;

namespace portico::ui {

/// @brief Watches the whole application for keyboard and mouse input and says when none came for a while.
class InactivityWatch : public QObject {
    Q_OBJECT
public:
    explicit InactivityWatch(QObject* parent = nullptr);
    /// @brief Start watching; idle() fires once after @p limit without input, then not again until restart().
    void start(std::chrono::milliseconds limit);
    void stop();
    /// @brief Count from now again (after an unlock).
    void restart();
    std::chrono::milliseconds limit() const { return m_limit; }

signals:
    void idle();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QTimer m_timer;
    std::chrono::milliseconds m_limit{0};
    bool m_active = false;
};

/// @brief What the booth shows while locked or signed out: no traveler data, no camera; a user name and a password
/// field. The officer who was signed in unlocks with their password; another person types their own user name
/// and starts a new session (switch officer). Enter submits.
class LockScreen : public QWidget {
    Q_OBJECT
public:
    explicit LockScreen(QWidget* parent = nullptr);
    /// @brief Reset for @p officer after inactivity: their name filled in, empty password field with focus.
    void prepare(const QString& officer);
    /// @brief Reset after a sign-out: both fields empty, the user name focused.
    void prepareSignIn(const QString& signedOut);
    /// @brief Show why an unlock attempt failed (a sentence from ErrorText).
    void showError(const QString& text);
    /// @brief Disable the field while a password is being checked.
    void setBusy(bool busy);

signals:
    void unlockRequested(const QString& username, const QString& password);

private:
    QLabel* m_title = nullptr;
    QLabel* m_error = nullptr;
    QLineEdit* m_user = nullptr;
    QLineEdit* m_password = nullptr;
    QPushButton* m_unlock = nullptr;
};

} // namespace portico::ui

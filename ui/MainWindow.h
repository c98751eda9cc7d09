// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>

class QLabel;
class QStackedWidget;
class QTabWidget;

namespace portico::ui {

class BoothView;
class LockScreen;
class ManifestView;
class SyncStatusWidget;
class TravelerDisplay;

/// @brief The workstation's main window: the status bar across the top, then the screens (booth, manifest, ...)
/// switched with Ctrl+1, Ctrl+2, ...
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    struct Options {
        QString portCode;
        int lane = 1;
        bool demo = false;
    };
    explicit MainWindow(const Options& options, QWidget* parent = nullptr);

    BoothView* booth() const { return m_booth; }
    ManifestView* manifest() const { return m_manifest; }
    SyncStatusWidget* status() const { return m_status; }
    QTabWidget* screens() const { return m_screens; }
    /// @brief Add a further screen (review, stats) with its Ctrl+digit shortcut.
    void addScreen(QWidget* screen, const QString& title);
    /// @brief The supervisor's screens: review queue and monitoring.
    void addSupervisorScreens(QWidget* review, QWidget* monitoring);

    /// @brief Say on the status bar that the face models failed their check, and what to do.
    void showModelsUnavailable();
    /// @brief A transient, non-modal notice that fades after a while.
    void showNotice(const QString& text);

    /// @brief Hide every screen behind the lock screen for @p officer (inactivity lock).
    void lock(const QString& officer);
    /// @brief Hide every screen behind the sign-in screen after @p officer signed out.
    void lockSignedOut(const QString& officer);
    /// @brief Show or hide the supervisor's screens (added once, when first shown) as the signed-in person changes.
    void setSupervisorScreens(QWidget* review, QWidget* monitoring, bool shown);
    /// @brief Back to the screens.
    void unlock();
    bool isLocked() const;
    LockScreen* lockScreen() const { return m_lock; }

signals:
    /// Ctrl+Shift+Q: the officer signs out (the booth waits for the next person to sign in).
    void signOutRequested();
    /// Ctrl+Shift+P: change one's own password.
    void changePasswordRequested();
    /// Ctrl+Shift+A: the accounts of this booth (supervisors and admins).
    void accountsRequested();

private:
    SyncStatusWidget* m_status = nullptr;
    QStackedWidget* m_pages = nullptr; ///< the screens, or the lock screen
    LockScreen* m_lock = nullptr;
    QTabWidget* m_screens = nullptr;
    BoothView* m_booth = nullptr;
    ManifestView* m_manifest = nullptr;
    QLabel* m_versionLabel = nullptr;
};

} // namespace portico::ui

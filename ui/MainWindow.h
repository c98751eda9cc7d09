// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>

class QLabel;

namespace portico::ui {

/// @brief The workstation's main window: status bar always visible; screens are added by later features.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    struct Options {
        QString portCode;
        int lane = 1;
        bool demo = false;
    };
    explicit MainWindow(const Options& options, QWidget* parent = nullptr);

    /// @brief Say on the status bar that the face models failed their check, and what to do.
    void showModelsUnavailable();

private:
    QLabel* m_stationLabel = nullptr;
    QLabel* m_versionLabel = nullptr;
};

} // namespace portico::ui

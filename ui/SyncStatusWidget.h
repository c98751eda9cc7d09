// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QWidget>

#include <optional>

class QLabel;

namespace portico::ui {

/// @brief What the top bar reports; filled by the controller from the sync, store and capture snapshots.
struct StationStatus {
    QString port;
    int lane = 0;
    QString officer;
    bool online = false;
    QDateTime offlineSince;
    std::optional<QDateTime> manifestIssued;
    std::optional<QDateTime> manifestExpiredAt; ///< set when the manifest held is past its expiry (core decides)
    int manifestStaleHours = 12;
    int outboxDepth = 0;
    std::optional<QDateTime> oldestPending;
    std::optional<QDateTime> lastUpload;
    std::optional<QDateTime> nextUpload; ///< when the waiting decisions are next sent (after a failure)
    QString uploadsStopped;              ///< why uploads stopped until someone acts (empty: they did not)
    double cameraFps = 0.0;
    bool cameraUp = false;
    bool demo = false;
};

/// @brief Always-visible status: online/offline, manifest age, outbox, camera, officer, lane. Offline and a stale
/// manifest show as an amber band with what it means; never a modal dialog.
class SyncStatusWidget : public QWidget {
    Q_OBJECT
public:
    explicit SyncStatusWidget(QWidget* parent = nullptr);
    void setStatus(const StationStatus& status, const QDateTime& now);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    /// A word-wrapped label reports a one-line minimum: a tall screen below would squeeze the band until its
    /// warnings are cut off. Each label keeps the height its text needs at its width.
    void keepTextHeights();

    QLabel* m_line = nullptr;
    QLabel* m_band = nullptr;
    QLabel* m_demo = nullptr;
};

} // namespace portico::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QSortFilterProxyModel>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace portico::ui {

/// @brief One expected traveler as the manifest table shows it (formatted, no photo: opening a row is audited).
struct ManifestRow {
    QString appointmentId;
    QDateTime windowStart;
    QDateTime windowEnd;
    QString status;         ///< the manifest's code: booked, confirmed, checked_in, expired, cancelled
    bool processed = false; ///< this booth has recorded a decision for the appointment
    QString name;
    int ageYears = 0;
    QString nationality;
    QString document;
    int lane = 0;
};

/// @brief Table model over the day's manifest rows.
class ManifestTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Window = 0, Status, Name, Age, Nationality, Document, Lane, ColumnCount };
    /// @brief What the table sorts by: the window's start time for Window (not its text), else the shown value.
    static constexpr int SortRole = Qt::UserRole + 1;
    using QAbstractTableModel::QAbstractTableModel;
    void setRows(QList<ManifestRow> rows);
    const QList<ManifestRow>& rows() const { return m_rows; }
    /// @brief Mark one appointment processed; false when it is not in the table.
    bool markProcessed(const QString& appointmentId);
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<ManifestRow> m_rows;
};

/// @brief Search-as-you-type over name, document number and appointment id, with status, window and lane filters.
class ManifestFilter : public QSortFilterProxyModel {
    Q_OBJECT
public:
    /// @brief Which appointment windows to show, relative to now.
    enum class WindowFilter {
        All,
        OpenNow,  ///< the window has started and not ended
        NextHour, ///< open now or starting within the hour
        Ended,    ///< the window has ended
    };
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setSearch(const QString& text);
    void setStatus(const QString& status); ///< an AppointmentStatus code; empty = all
    void setLane(int lane);                ///< 0 = all
    void setWindow(WindowFilter window);
    void setNow(const QDateTime& now); ///< the time the window filter is relative to

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString m_search;
    QString m_status;
    int m_lane = 0;
    WindowFilter m_window = WindowFilter::All;
    QDateTime m_now;
};

/// @brief The day's expected travelers. Opening a row (Enter) asks the controller, which audits the view.
class ManifestView : public QWidget {
    Q_OBJECT
public:
    explicit ManifestView(QWidget* parent = nullptr);
    void setRows(QList<ManifestRow> rows, const QDateTime& now);
    /// @brief A decision was recorded for this appointment: show it processed and count it.
    void markProcessed(const QString& appointmentId);
    /// @brief The clock moved on (called every second): the window filter and counts follow each new minute.
    void setNow(const QDateTime& now);
    void focusSearch();
    ManifestFilter* filter() const { return m_filter; }

signals:
    void openRequested(const QString& appointmentId);

private:
    void updateCounts();

    ManifestTableModel* m_model = nullptr;
    ManifestFilter* m_filter = nullptr;
    QTableView* m_table = nullptr;
    QLineEdit* m_search = nullptr;
    QComboBox* m_statusFilter = nullptr;
    QComboBox* m_windowFilter = nullptr;
    QComboBox* m_laneFilter = nullptr;
    QLabel* m_counts = nullptr;
    QDateTime m_now;
};

} // namespace portico::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/ManifestView.h"

#include "ui/AppointmentStatus.h"

#include <QColor>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QShortcut>
#include <QStringList>
#include <QTableView>
#include <QVBoxLayout>

#include <set>

namespace portico::ui {

void ManifestTableModel::setRows(QList<ManifestRow> rows) {
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

bool ManifestTableModel::markProcessed(const QString& appointmentId) {
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].appointmentId == appointmentId) {
            if (!m_rows[i].processed) {
                m_rows[i].processed = true;
                emit dataChanged(index(i, 0), index(i, ColumnCount - 1));
            }
            return true;
        }
    }
    return false;
}

int ManifestTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ManifestTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ManifestTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_rows.size()) {
        return {};
    }
    const auto& r = m_rows[index.row()];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Window:
            return QStringLiteral("%1–%2").arg(r.windowStart.toLocalTime().time().toString(QStringLiteral("HH:mm")),
                                               r.windowEnd.toLocalTime().time().toString(QStringLiteral("HH:mm")));
        case Status:
            return AppointmentStatus::label(AppointmentStatus::effective(r.status, r.processed));
        case Name:
            return r.name;
        case Age:
            return r.ageYears;
        case Nationality:
            return r.nationality;
        case Document:
            return r.document;
        case Lane:
            return r.lane;
        default:
            return {};
        }
    }
    if (role == Qt::UserRole) {
        return r.appointmentId;
    }
    if (role == SortRole) {
        return index.column() == Window ? QVariant(r.windowStart) : data(index, Qt::DisplayRole);
    }
    if (index.column() == Status && (role == Qt::BackgroundRole || role == Qt::ForegroundRole)) {
        // A chip: processed and checked in stand out, cancelled and expired recede (text says it too).
        const QString code = AppointmentStatus::effective(r.status, r.processed);
        if (code == QLatin1String(AppointmentStatus::kProcessed)) {
            return role == Qt::BackgroundRole ? QColor(0xd7, 0xee, 0xdb) : QColor(0x1b, 0x5e, 0x20);
        }
        if (code == QLatin1String("checked_in")) {
            return role == Qt::BackgroundRole ? QColor(0xdb, 0xe7, 0xf6) : QColor(0x0d, 0x3c, 0x75);
        }
        if (code == QLatin1String("cancelled") || code == QLatin1String("expired")) {
            return role == Qt::BackgroundRole ? QVariant() : QVariant(QColor(0x61, 0x61, 0x61));
        }
        return {};
    }
    if (role == Qt::ToolTipRole && index.column() == Age && (r.ageYears < 14 || r.ageYears > 79)) {
        return tr("Age policy: a second look is always required");
    }
    return {};
}

QVariant ManifestTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case Window:
        return tr("Window");
    case Status:
        return tr("Status");
    case Name:
        return tr("Name");
    case Age:
        return tr("Age");
    case Nationality:
        return tr("Nationality");
    case Document:
        return tr("Document");
    case Lane:
        return tr("Lane");
    default:
        return {};
    }
}

void ManifestFilter::setSearch(const QString& text) {
    m_search = text.trimmed();
    invalidateFilter();
}

void ManifestFilter::setStatus(const QString& status) {
    m_status = status;
    invalidateFilter();
}

void ManifestFilter::setLane(int lane) {
    m_lane = lane;
    invalidateFilter();
}

void ManifestFilter::setWindow(WindowFilter window) {
    m_window = window;
    invalidateFilter();
}

void ManifestFilter::setNow(const QDateTime& now) {
    m_now = now;
    if (m_window != WindowFilter::All) {
        invalidateFilter();
    }
}

bool ManifestFilter::filterAcceptsRow(int sourceRow, const QModelIndex&) const {
    const auto* model = qobject_cast<const ManifestTableModel*>(sourceModel());
    if (!model || sourceRow >= model->rows().size()) {
        return false;
    }
    const auto& r = model->rows()[sourceRow];
    if (!m_status.isEmpty() && AppointmentStatus::effective(r.status, r.processed) != m_status) {
        return false;
    }
    if (m_lane != 0 && r.lane != m_lane) {
        return false;
    }
    if (m_window != WindowFilter::All && m_now.isValid()) {
        const bool started = r.windowStart <= m_now;
        const bool ended = r.windowEnd < m_now;
        const bool open = started && !ended;
        if ((m_window == WindowFilter::OpenNow && !open) || (m_window == WindowFilter::Ended && !ended) ||
            (m_window == WindowFilter::NextHour && !open &&
             !(r.windowStart > m_now && r.windowStart <= m_now.addSecs(3600)))) {
            return false;
        }
    }
    if (m_search.isEmpty()) {
        return true;
    }
    return r.name.contains(m_search, Qt::CaseInsensitive) || r.document.contains(m_search, Qt::CaseInsensitive) ||
           r.appointmentId.contains(m_search, Qt::CaseInsensitive);
}

ManifestView::ManifestView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("manifestView"));
    m_model = new ManifestTableModel(this);
    m_filter = new ManifestFilter(this);
    m_filter->setSourceModel(m_model);
    m_filter->setSortRole(ManifestTableModel::SortRole);

    m_counts = new QLabel(this);
    m_counts->setObjectName(QStringLiteral("manifestCounts"));
    QFont f = m_counts->font();
    f.setPointSize(13);
    f.setBold(true);
    m_counts->setFont(f);
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("manifestSearch"));
    m_search->setPlaceholderText(tr("Search name, document number or appointment id (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_statusFilter = new QComboBox(this);
    m_statusFilter->setObjectName(QStringLiteral("statusFilter"));
    m_statusFilter->addItem(tr("All statuses"), QString());
    for (const QString& code : AppointmentStatus::codes()) {
        m_statusFilter->addItem(AppointmentStatus::label(code), code);
    }
    m_windowFilter = new QComboBox(this);
    m_windowFilter->setObjectName(QStringLiteral("windowFilter"));
    m_windowFilter->addItem(tr("All windows"), static_cast<int>(ManifestFilter::WindowFilter::All));
    m_windowFilter->addItem(tr("Window open now"), static_cast<int>(ManifestFilter::WindowFilter::OpenNow));
    m_windowFilter->addItem(tr("Open or within the hour"), static_cast<int>(ManifestFilter::WindowFilter::NextHour));
    m_windowFilter->addItem(tr("Window ended"), static_cast<int>(ManifestFilter::WindowFilter::Ended));
    m_laneFilter = new QComboBox(this);
    m_laneFilter->setObjectName(QStringLiteral("laneFilter"));
    m_laneFilter->addItem(tr("All lanes"), 0);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("manifestTable"));
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ManifestTableModel::Window, Qt::AscendingOrder); // earliest window first
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(ManifestTableModel::Name, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setAlternatingRowColors(true);

    auto* filters = new QHBoxLayout;
    filters->addWidget(m_search, 1);
    filters->addWidget(m_statusFilter);
    filters->addWidget(m_windowFilter);
    filters->addWidget(m_laneFilter);
    auto* l = new QVBoxLayout(this);
    l->addWidget(m_counts);
    l->addLayout(filters);
    l->addWidget(m_table, 1);

    connect(m_search, &QLineEdit::textChanged, this, [this](const QString& t) {
        m_filter->setSearch(t);
        updateCounts();
    });
    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setStatus(m_statusFilter->currentData().toString());
        updateCounts();
    });
    connect(m_windowFilter, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setWindow(static_cast<ManifestFilter::WindowFilter>(m_windowFilter->currentData().toInt()));
        updateCounts();
    });
    connect(m_laneFilter, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setLane(m_laneFilter->currentData().toInt());
        updateCounts();
    });
    connect(m_table, &QTableView::activated, this,
            [this](const QModelIndex& index) { emit openRequested(index.data(Qt::UserRole).toString()); });
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        if (m_filter->rowCount() > 0) {
            m_table->setFocus();
            m_table->selectRow(0);
        }
    });
    auto* find = new QShortcut(QKeySequence::Find, this);
    connect(find, &QShortcut::activated, this, &ManifestView::focusSearch);
}

void ManifestView::focusSearch() {
    m_search->setFocus();
    m_search->selectAll();
}

void ManifestView::setNow(const QDateTime& now) {
    const auto minute = [](const QDateTime& t) { return t.isValid() ? t.toSecsSinceEpoch() / 60 : -1; };
    if (minute(now) == minute(m_now)) {
        return;
    }
    m_now = now;
    m_filter->setNow(now);
    updateCounts();
}

void ManifestView::setRows(QList<ManifestRow> rows, const QDateTime& now) {
    m_now = now;
    m_filter->setNow(now);
    std::set<int> lanes;
    for (const auto& r : rows) {
        lanes.insert(r.lane);
    }
    const int selectedLane = m_laneFilter->currentData().toInt();
    m_laneFilter->blockSignals(true);
    m_laneFilter->clear();
    m_laneFilter->addItem(tr("All lanes"), 0);
    for (int lane : lanes) {
        m_laneFilter->addItem(tr("Lane %1").arg(lane), lane);
    }
    m_laneFilter->setCurrentIndex(std::max(0, m_laneFilter->findData(selectedLane)));
    m_laneFilter->blockSignals(false);
    m_model->setRows(std::move(rows));
    m_table->resizeColumnsToContents();
    updateCounts();
}

void ManifestView::markProcessed(const QString& appointmentId) {
    if (m_model->markProcessed(appointmentId)) { // the proxy re-filters the changed row by itself
        updateCounts();
    }
}

void ManifestView::updateCounts() {
    // A cancelled appointment is not expected; one decided here (even if central cancelled it since) is counted
    // as processed, never as outside its window.
    int expected = 0;
    int processed = 0;
    int outside = 0;
    for (const auto& r : m_model->rows()) {
        const bool cancelled = r.status == QLatin1String("cancelled");
        expected += (!cancelled || r.processed) ? 1 : 0;
        processed += r.processed ? 1 : 0;
        outside += (m_now.isValid() && r.windowEnd < m_now && !r.processed && !cancelled) ? 1 : 0;
    }
    // One phrase per count, so each takes its own plural ("1 procesado", "2 procesados").
    m_counts->setText(QStringList{tr("%n expected", nullptr, expected), tr("%n processed", nullptr, processed),
                                  tr("%n outside window", nullptr, outside),
                                  tr("%n shown", nullptr, static_cast<int>(m_filter->rowCount()))}
                          .join(QStringLiteral(" · ")));
}

} // namespace portico::ui

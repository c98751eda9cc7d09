// SPDX-License-Identifier: GPL-3.0-or-later
#include "review/ReviewService.h"

#include "common/Log.h"
#include "review/DailyReport.h"

#include <fstream>
#include <map>

namespace portico::review {

ReviewService::ReviewService(ReviewParts parts, Executor& executor) : m_parts(std::move(parts)), m_executor(executor) {}

void ReviewService::setListener(Listener listener) {
    m_events.setListener(std::move(listener));
}

void ReviewService::start(const auth::Session& supervisor) {
    std::lock_guard lock(m_mutex);
    m_session = supervisor;
}

bool ReviewService::run(std::function<void(const auth::Session&)> task) {
    std::optional<auth::Session> session;
    {
        std::lock_guard lock(m_mutex);
        session = m_session;
    }
    if (!session) {
        return false; // nobody signed in: nothing to show
    }
    const bool posted = m_executor.post([task = std::move(task), s = *session] { task(s); });
    if (!posted) {
        log::get("review")->error("the review's work queue is full: a command was dropped");
    }
    return posted;
}

void ReviewService::queueOnWorker(const auth::Session& session) {
    auto cases = m_parts.queue.list(session);
    auto summary = m_parts.queue.summary(session);
    if (!cases || !summary) {
        m_events.publish(ReviewFailed{!cases ? cases.code() : summary.code()});
        return;
    }
    QueueLoaded loaded;
    loaded.summary = summary.value();
    for (auto& c : cases.value()) {
        if (c.state != CaseState::Resolved) {
            loaded.cases.push_back(std::move(c));
        }
    }
    m_events.publish(loaded);
}

void ReviewService::caseOnWorker(const auth::Session& session, const std::string& caseId) {
    auto ev = m_parts.queue.evidence(session, caseId); // audited before anything sealed is opened
    if (!ev) {
        m_events.publish(ReviewFailed{ev.code()});
        return;
    }
    CaseShown shown;
    shown.evidence = std::move(ev.value());
    const auto& c = shown.evidence.reviewCase;
    const auto& in = shown.evidence.inspection;
    shown.claimedByMe = c.claimedBy && *c.claimedBy == session.username;
    // The manifest entries of the case's port: the matched traveler and the look-alikes the search ranked high.
    // Only those entries are opened (one keyed query each), not the port's whole manifest.
    std::map<std::string, std::optional<manifest::ManifestEntry>> entries;
    const auto findEntry = [this, &entries, &in](const std::string& appointment) {
        auto it = entries.find(appointment);
        if (it == entries.end()) {
            auto one = m_parts.manifests.entry(in.port, appointment);
            it = entries.emplace(appointment, one ? std::move(one.value()) : std::nullopt).first;
        }
        return it->second;
    };
    const auto photoOf = [this](const manifest::ManifestEntry& entry) {
        if (entry.photoIds.empty()) {
            return store::Bytes();
        }
        auto photo = m_parts.manifests.photo(entry.photoIds.front());
        return photo && photo.value() ? std::move(*photo.value()) : store::Bytes();
    };
    if (in.appointmentId) {
        shown.traveler = findEntry(*in.appointmentId);
        if (shown.traveler) {
            shown.travelerPhoto = photoOf(*shown.traveler);
        }
    }
    for (const auto& candidate : in.details.candidates) {
        LookAlikeView l;
        l.candidate = candidate;
        l.entry = findEntry(candidate.appointmentId);
        if (l.entry) {
            l.photo = photoOf(*l.entry);
        }
        shown.lookAlikes.push_back(std::move(l));
    }
    m_events.publish(shown);
}

void ReviewService::statsOnWorker(const auth::Session& session, std::chrono::year_month_day day) {
    m_statsDay = day;
    StatsOptions options;
    options.port = m_parts.port;
    StatsLoaded loaded;
    if (auto stats = m_parts.monitoring.daily(day, options)) {
        loaded.stats = std::move(stats.value());
    } else {
        loaded.statsError = stats.code();
    }
    if (auto trends = m_parts.trends.list(session, m_parts.port)) {
        loaded.trends = std::move(trends.value());
    }
    m_events.publish(loaded);
}

void ReviewService::refreshQueue() {
    run([this](const auth::Session& s) { queueOnWorker(s); });
}

void ReviewService::openCase(const std::string& caseId) {
    run([this, caseId](const auth::Session& s) { caseOnWorker(s, caseId); });
}

void ReviewService::transition(const std::string& caseId, Transition act) {
    run([this, caseId, act = std::move(act)](const auth::Session& s) {
        if (auto done = act(m_parts.queue, s, caseId); !done) {
            m_events.publish(ReviewFailed{done.code()});
        }
        // The case as it now stands, whether or not the transition went through (someone else may hold it).
        caseOnWorker(s, caseId);
        queueOnWorker(s);
    });
}

void ReviewService::claim(const std::string& caseId) {
    transition(caseId, [](ReviewQueue& q, const auth::Session& s, const std::string& id) { return q.claim(s, id); });
}

void ReviewService::release(const std::string& caseId) {
    transition(caseId, [](ReviewQueue& q, const auth::Session& s, const std::string& id) { return q.release(s, id); });
}

void ReviewService::resolve(const std::string& caseId, Resolution resolution, const std::string& note) {
    run([this, caseId, resolution, note](const auth::Session& s) {
        if (auto done = m_parts.queue.resolve(s, caseId, resolution, note); !done) {
            m_events.publish(ReviewFailed{done.code()});
            return;
        }
        caseOnWorker(s, caseId);
        queueOnWorker(s);
        if (m_statsDay) {
            statsOnWorker(s, *m_statsDay);
        }
    });
}

void ReviewService::refreshStats(std::chrono::year_month_day day) {
    run([this, day](const auth::Session& s) { statsOnWorker(s, day); });
}

void ReviewService::exportReport(std::chrono::year_month_day day, const std::filesystem::path& directory) {
    run([this, day, directory](const auth::Session& s) {
        StatsOptions options;
        options.port = m_parts.port;
        auto stats = m_parts.monitoring.daily(day, options);
        if (!stats) {
            m_events.publish(ReportFailed{stats.code()});
            return;
        }
        // On the audit trail first: an export that cannot be audited is not written.
        if (auto audited = auditReportExport(m_parts.audit, m_parts.clock, s.username, stats.value(), {"csv", "pdf"});
            !audited) {
            m_events.publish(ReportFailed{audited.error().code});
            return;
        }
        ReportReady ready;
        ready.basePath = directory / ("portico-daily-" + stats->day);
        const std::string text = dailyReportCsv(stats.value());
        {
            std::ofstream csv(ready.basePath.string() + ".csv", std::ios::binary | std::ios::trunc);
            csv.write(text.data(), static_cast<std::streamsize>(text.size()));
            csv.flush();
            ready.csvWritten = static_cast<bool>(csv);
        }
        ready.stats = std::move(stats.value());
        m_events.publish(ready);
    });
}

} // namespace portico::review

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "auth/Accounts.h"
#include "common/Result.h"
#include "http/HttpServer.h"
#include "http/Router.h"
#include "storage/CentralStore.h"

#include <nlohmann/json_fwd.hpp>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <thread>

namespace portico::central {

class CaseSealer;
class FaultInjector;
class SigningKey;

struct CentralOptions {
    std::string host = "127.0.0.1";
    int port = 0;                     ///< 0 = any free port
    storage::StoreConfig store;       ///< SQLite file or PostgreSQL connection string
    std::filesystem::path signingKey; ///< provisioned key file (`keys generate`); empty: DATA/signing.key (SQLite)
    std::filesystem::path dataDir;    ///< SQLite mode: where the key is kept when none is provisioned
    std::string token;                ///< a shared bearer token for any device (demo, tests); devices have their own
    bool insecureDemo = false;        ///< no authentication at all (loopback demo only)
    std::string faults;               ///< --faults SPEC
    std::filesystem::path tlsCert;    ///< PEM certificate (chain) and key: HTTPS when both are set
    std::filesystem::path tlsKey;
    std::chrono::hours manifestTtl{24};
    std::size_t maxBatchRecords = 500;
    http::ServerLimits http; ///< request size, deadlines, threads, connection caps
    // Review (docs/api.md §7)
    std::chrono::milliseconds caseLease = std::chrono::minutes(10);             ///< how long a claim holds
    std::chrono::milliseconds caseEvidenceMaxAge = std::chrono::hours(24 * 30); ///< policy::caseEvidenceDeadline
    std::chrono::milliseconds sessionIdle = std::chrono::minutes(15); ///< a person's session lapses when unused
    std::chrono::milliseconds sessionMax = std::chrono::hours(12);    ///< and ends this long after log-in anyway
    std::chrono::milliseconds purgeEvery = std::chrono::minutes(1);   ///< the retention sweep's period
    auth::HashLimits passwordHashing = auth::HashLimits::moderate();
};

/// @brief The reference central service: the protocol's routes (docs/api.md) over its own data directory.
class CentralServer {
public:
    explicit CentralServer(CentralOptions options);
    ~CentralServer();
    CentralServer(const CentralServer&) = delete;
    CentralServer& operator=(const CentralServer&) = delete;

    /// @brief Open the database and keys, bind the socket; returns the bound port.
    Result<int> bind();
    /// @brief Serve until stop() (blocking).
    void serve();
    void stop();
    bool tls() const { return !m_options.tlsCert.empty(); }
    storage::CentralStore& store() { return *m_store; }

private:
    /// Who is calling: a registered device (bound to its id and port), anyone holding the shared token, or a person
    /// (a supervisor's session, bound to their port).
    struct Caller {
        std::string deviceId; ///< empty: any device (shared token or insecure demo)
        std::string port;     ///< empty: any port
        std::string person;   ///< a person's session: their username (then deviceId is empty)
        std::string role;     ///< the person's role
        std::string tokenSha256;
    };
    void routes();
    http::HttpResponse handle(const http::HttpRequest& request);
    std::optional<http::HttpResponse> authenticate(const http::HttpRequest& request, Caller& caller);
    http::HttpResponse manifest(const http::HttpRequest& request, const http::PathParams& params, const Caller& caller);
    http::HttpResponse photo(const http::PathParams& params);
    http::HttpResponse inspections(const http::HttpRequest& request, const Caller& caller);
    // Review (CentralReview.cpp)
    void reviewRoutes();
    std::optional<http::HttpResponse> authenticatePerson(std::string_view token, Caller& caller);
    std::optional<http::HttpResponse> requireReviewer(const Caller& caller, const std::string& port) const;
    http::HttpResponse login(const http::HttpRequest& request);
    http::HttpResponse logout(const Caller& caller);
    http::HttpResponse listCases(const http::HttpRequest& request, const http::PathParams& params,
                                 const Caller& caller);
    http::HttpResponse getCase(const http::PathParams& params, const Caller& caller);
    http::HttpResponse caseEvidence(const http::PathParams& params, const Caller& caller);
    http::HttpResponse caseStep(const http::HttpRequest& request, const http::PathParams& params, const Caller& caller,
                                storage::CaseAction action);
    /// The case an uploaded record opens (its review reasons say so), from its facts, its evidence sealed; `why`
    /// when refused.
    std::optional<storage::NewCase> caseForRecord(const nlohmann::json& payload,
                                                  const std::optional<storage::RecordFacts>& facts,
                                                  const Caller& caller, std::int64_t nowMs, std::string& why) const;
    /// Port-wide figures for one day (review::DailyStatsBuilder over every booth's records), and the queue.
    http::HttpResponse monitoring(const http::HttpRequest& request, const http::PathParams& params,
                                  const Caller& caller);
    /// The shared-intended-address signal over the port's whole manifest (review::findAddressTrends), audited.
    http::HttpResponse trends(const http::PathParams& params, const Caller& caller);
    /// The non-personal facts of an uploaded record that the figures count (nullopt without port or decided_at).
    static std::optional<storage::RecordFacts> factsForRecord(const nlohmann::json& payload);
    void purgeLoop();

    CentralOptions m_options;
    http::Router<Caller> m_router;
    std::unique_ptr<http::HttpServer> m_server;
    std::unique_ptr<storage::CentralStore> m_store;
    std::unique_ptr<SigningKey> m_key;
    std::unique_ptr<FaultInjector> m_faults;
    std::unique_ptr<CaseSealer> m_sealer;
    std::mutex m_purgeMutex;
    std::condition_variable m_purgeWake;
    bool m_stopping = false;
    std::thread m_purger;
};

} // namespace portico::central

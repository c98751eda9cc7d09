// SPDX-License-Identifier: GPL-3.0-or-later
#include "CentralServer.h"

#include "CentralDb.h"
#include "FaultInjector.h"
#include "SigningKey.h"
#include "Version.h"
#include "manifest/Base64.h"

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <dirent.h>
#include <netinet/in.h>
#include <regex>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace portico::central {
namespace {

using nlohmann::json;

void sendError(httplib::Response& res, int status, std::string_view code, std::string_view message) {
    res.status = status;
    res.set_content(json{{"error", {{"code", code}, {"message", message}}}}.dump(), "application/json");
}

std::string isoTime(std::chrono::system_clock::time_point t) {
    const std::time_t tt = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string sha256Hex(std::string_view bytes) {
    unsigned char out[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(out, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, out, sizeof out);
    return hex;
}

/// The accepted socket of this request: found by its (local port, remote port) pair, so a fault can cut it.
int findSocket(const httplib::Request& req) {
    int found = -1;
    DIR* dir = ::opendir("/proc/self/fd");
    if (dir == nullptr) {
        return -1;
    }
    while (dirent* e = ::readdir(dir)) {
        char* end = nullptr;
        const long fd = std::strtol(e->d_name, &end, 10);
        if (end == e->d_name || *end != '\0') {
            continue;
        }
        sockaddr_storage local{};
        sockaddr_storage peer{};
        socklen_t ll = sizeof local;
        socklen_t pl = sizeof peer;
        if (::getsockname(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&local), &ll) != 0 ||
            ::getpeername(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&peer), &pl) != 0) {
            continue;
        }
        auto portOf = [](const sockaddr_storage& s) {
            if (s.ss_family == AF_INET) {
                return static_cast<int>(ntohs(reinterpret_cast<const sockaddr_in&>(s).sin_port));
            }
            if (s.ss_family == AF_INET6) {
                return static_cast<int>(ntohs(reinterpret_cast<const sockaddr_in6&>(s).sin6_port));
            }
            return -1;
        };
        if (portOf(local) == req.local_port && portOf(peer) == req.remote_port) {
            found = static_cast<int>(fd);
            break;
        }
    }
    ::closedir(dir);
    return found;
}

void armReset(int fd) {
    if (fd >= 0) {
        linger l{1, 0}; // close() now sends RST instead of FIN
        ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    }
}

/// Send `body` the way the drawn fault says (post-commit faults only; the pre-commit ones are handled earlier).
void respond(const httplib::Request& req, httplib::Response& res, Fault fault, const FaultInjector& faults, int status,
             std::string body, const std::string& contentType) {
    res.status = status;
    switch (fault) {
    case Fault::Delay:
        std::this_thread::sleep_for(faults.delay());
        res.set_content(std::move(body), contentType);
        return;
    case Fault::Lost: {
        // Committed, then the connection dies before a single response byte.
        const int fd = findSocket(req);
        armReset(fd);
        if (fd >= 0) {
            ::shutdown(fd, SHUT_RDWR);
        }
        res.set_content(std::move(body), contentType);
        return;
    }
    case Fault::Reset:
    case Fault::Truncate: {
        auto shared = std::make_shared<std::string>(std::move(body));
        const size_t total = shared->size();
        const bool reset = fault == Fault::Reset;
        const int fd = reset ? findSocket(req) : -1;
        res.set_content_provider(total, contentType,
                                 [shared, reset, fd](size_t offset, size_t, httplib::DataSink& sink) {
                                     if (offset == 0) {
                                         sink.write(shared->data(), shared->size() / 2);
                                     }
                                     if (reset) {
                                         armReset(fd);
                                     }
                                     return false; // cut the body here
                                 });
        return;
    }
    case Fault::Drip: {
        auto shared = std::make_shared<std::string>(std::move(body));
        res.set_content_provider(shared->size(), contentType, [shared](size_t offset, size_t, httplib::DataSink& sink) {
            // 8 bytes every 500 ms: 16 B/s, far below any client's low-speed limit. Give up after 60 s.
            const auto started = std::chrono::steady_clock::now();
            size_t at = offset;
            while (at < shared->size() && std::chrono::steady_clock::now() - started < std::chrono::seconds(60)) {
                const size_t n = std::min<size_t>(8, shared->size() - at);
                if (!sink.is_writable() || !sink.write(shared->data() + at, n)) {
                    return false;
                }
                at += n;
                std::this_thread::sleep_for(std::chrono::milliseconds(500));
            }
            return false;
        });
        return;
    }
    default:
        res.set_content(std::move(body), contentType);
        return;
    }
}

/// Pre-commit faults: the request fails before any work is done. Returns true when it answered.
bool preCommitFault(Fault fault, const FaultInjector& faults, httplib::Response& res) {
    const std::string ra = std::to_string(faults.retryAfterSeconds());
    switch (fault) {
    case Fault::Status500:
        sendError(res, 500, "internal", "injected fault: internal error");
        return true;
    case Fault::Status503:
        sendError(res, 503, "unavailable", "injected fault: service unavailable");
        return true;
    case Fault::Status503RetryAfter:
        sendError(res, 503, "unavailable", "injected fault: service unavailable, retry later");
        res.set_header("Retry-After", ra);
        return true;
    case Fault::Status429:
        sendError(res, 429, "rate_limited", "injected fault: too many requests");
        res.set_header("Retry-After", ra);
        return true;
    default:
        return false;
    }
}

bool validRecordId(const std::string& id) {
    if (id.empty() || id.size() > 64) {
        return false;
    }
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_' ||
               c == '.' || c == ':';
    });
}

bool isHex64(const std::string& s) {
    return s.size() == 64 &&
           std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

} // namespace

CentralServer::CentralServer(CentralOptions options) : m_options(std::move(options)) {
    if (!m_options.tlsCert.empty() && !m_options.tlsKey.empty()) {
        m_server = std::make_unique<httplib::SSLServer>(m_options.tlsCert.c_str(), m_options.tlsKey.c_str());
    } else {
        m_server = std::make_unique<httplib::Server>();
    }
    const int threads = m_options.threads;
    m_server->new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
    m_server->set_payload_max_length(m_options.maxRequestBytes);
    m_server->set_read_timeout(10, 0);
    m_server->set_write_timeout(10, 0);
    m_faults = std::make_unique<FaultInjector>();
}

CentralServer::~CentralServer() {
    stop();
}

void CentralServer::routes() {
    m_server->Get("/v1/health", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(
            json{{"status", "ok"}, {"service", "portico-central"}, {"version", versionString()}, {"api", "v1"}}.dump(),
            "application/json");
    });

    m_server->set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
        if (req.path == "/v1/health") {
            return httplib::Server::HandlerResponse::Unhandled;
        }
        if (!m_options.token.empty()) {
            const std::string expected = "Bearer " + m_options.token;
            const std::string got = req.get_header_value("Authorization");
            if (got.size() != expected.size() || sodium_memcmp(got.data(), expected.data(), expected.size()) != 0) {
                res.set_header("WWW-Authenticate", "Bearer realm=\"portico\"");
                sendError(res, 401, "unauthorized", "a valid workstation bearer token is required");
                return httplib::Server::HandlerResponse::Handled;
            }
        }
        (void)m_db->countRequest();
        return httplib::Server::HandlerResponse::Unhandled;
    });

    m_server->Get(R"(/v1/ports/([A-Za-z0-9_-]{1,16})/manifest)",
                  [this](const httplib::Request& req, httplib::Response& res) {
                      const std::string port = req.matches[1];
                      std::int64_t since = 0;
                      if (req.has_param("since")) {
                          const std::string s = req.get_param_value("since");
                          if (s.empty() || s.size() > 18 ||
                              !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
                              sendError(res, 400, "invalid_request", "since must be a non-negative integer");
                              return;
                          }
                          since = std::stoll(s);
                      }
                      const Fault fault = m_faults->draw();
                      if (preCommitFault(fault, *m_faults, res)) {
                          return;
                      }
                      auto ports = m_db->ports();
                      if (!ports || std::find(ports->begin(), ports->end(), port) == ports->end()) {
                          sendError(res, 404, "unknown_port", "no manifest for port " + port);
                          return;
                      }
                      auto version = m_db->manifestVersion();
                      if (!version) {
                          sendError(res, 500, "internal", "cannot read the manifest version");
                          return;
                      }
                      if (since > *version) {
                          sendError(res, 409, "version_ahead",
                                    "since=" + std::to_string(since) + " is newer than the current version " +
                                        std::to_string(*version) + "; request a full manifest");
                          return;
                      }
                      auto rows = m_db->entriesSince(port, since);
                      if (!rows) {
                          sendError(res, 500, "internal", "cannot read the manifest");
                          return;
                      }
                      const auto now = std::chrono::system_clock::now();
                      json head = {{"format", "portico-manifest"},
                                   {"schema", 1},
                                   {"port", port},
                                   {"kind", since == 0 ? "full" : "delta"},
                                   {"version", *version},
                                   {"base_version", since == 0 ? json(nullptr) : json(since)},
                                   {"issued_at", isoTime(now)},
                                   {"expires_at", isoTime(now + m_options.manifestTtl)},
                                   {"key_id", m_key->keyId()}};
                      std::string body = head.dump();
                      body.pop_back(); // reopen the object to splice the entries in without re-serialising them
                      body += ",\"entries\":[";
                      std::string removals = "],\"removals\":[";
                      bool firstEntry = true;
                      bool firstRemoval = true;
                      for (const auto& row : *rows) {
                          if (row.removed) {
                              removals += firstRemoval ? "" : ",";
                              removals += json(row.appointmentId).dump();
                              firstRemoval = false;
                          } else {
                              body += firstEntry ? "" : ",";
                              body += row.json;
                              firstEntry = false;
                          }
                      }
                      body += removals + "]}";
                      const auto sig = m_key->sign(body);
                      res.set_header("X-Portico-Signature", manifest::base64Encode(sig));
                      res.set_header("X-Portico-Key-Id", m_key->keyId());
                      res.set_header("X-Portico-Manifest-Version", std::to_string(*version));
                      res.set_header("Cache-Control", "no-store");
                      respond(req, res, fault, *m_faults, 200, std::move(body),
                              "application/json; charset=utf-8"); // not compressed on the fly (slow)
                  });

    m_server->Get(R"(/v1/photos/([A-Za-z0-9_-]{1,64}))", [this](const httplib::Request& req, httplib::Response& res) {
        const Fault fault = m_faults->draw();
        if (preCommitFault(fault, *m_faults, res)) {
            return;
        }
        auto photo = m_db->photo(req.matches[1]);
        if (!photo) {
            sendError(res, 500, "internal", "cannot read the photo");
            return;
        }
        if (!photo->has_value()) {
            sendError(res, 404, "unknown_photo", "no such photo");
            return;
        }
        const auto& bytes = **photo;
        res.set_header("Cache-Control", "no-store");
        res.set_header("ETag", "\"" + sha256Hex({reinterpret_cast<const char*>(bytes.data()), bytes.size()}) + "\"");
        respond(req, res, fault, *m_faults, 200, std::string(bytes.begin(), bytes.end()), "image/jpeg");
    });

    m_server->Post("/v1/inspections", [this](const httplib::Request& req, httplib::Response& res) {
        const auto type = req.get_header_value("Content-Type");
        if (type.rfind("application/json", 0) != 0) {
            sendError(res, 415, "unsupported_media_type", "send application/json");
            return;
        }
        json doc;
        try {
            doc = json::parse(req.body);
        } catch (const std::exception&) {
            sendError(res, 400, "invalid_json", "the body is not valid JSON (UTF-8)");
            return;
        }
        if (!doc.is_object() || !doc.contains("device_id") || !doc["device_id"].is_string() ||
            !validRecordId(doc["device_id"].get<std::string>()) || !doc.contains("records") ||
            !doc["records"].is_array()) {
            sendError(res, 400, "invalid_request", "expected {device_id: string, records: [...], audit_head: {...}}");
            return;
        }
        const auto& records = doc["records"];
        if (records.empty() || records.size() > m_options.maxBatchRecords) {
            sendError(res, 413, "batch_too_large",
                      "a batch holds 1 to " + std::to_string(m_options.maxBatchRecords) + " records");
            return;
        }
        std::int64_t auditSeq = 0;
        std::string auditHash;
        if (doc.contains("audit_head") && !doc["audit_head"].is_null()) {
            const auto& h = doc["audit_head"];
            if (!h.is_object() || !h.contains("sequence") || !h["sequence"].is_number_unsigned() ||
                !h.contains("hash") || !h["hash"].is_string() || !isHex64(h["hash"].get<std::string>())) {
                sendError(res, 400, "invalid_request", "audit_head wants {sequence: integer >= 0, hash: 64 hex}");
                return;
            }
            auditSeq = h["sequence"].get<std::int64_t>();
            auditHash = h["hash"].get<std::string>();
        }
        const Fault fault = m_faults->draw();
        if (preCommitFault(fault, *m_faults, res)) {
            return;
        }
        // Validate each record; the valid ones are stored in one transaction.
        std::vector<json> results(records.size());
        std::vector<CentralDb::Incoming> incoming;
        std::vector<size_t> slot;
        std::int64_t rejects = 0;
        for (size_t i = 0; i < records.size(); ++i) {
            const auto& r = records[i];
            const bool idOk =
                r.is_object() && r.contains("id") && r["id"].is_string() && validRecordId(r["id"].get<std::string>());
            json idJson = idOk ? r["id"] : json(nullptr);
            std::string why;
            if (!idOk) {
                why = "id must be 1-64 characters of [A-Za-z0-9._:-]";
            } else if (!r.contains("device_sequence") || !r["device_sequence"].is_number_unsigned() ||
                       r["device_sequence"].get<std::uint64_t>() == 0) {
                why = "device_sequence must be an integer >= 1";
            } else if (!r.contains("payload") || !r["payload"].is_object()) {
                why = "payload must be an object";
            }
            if (!why.empty()) {
                ++rejects;
                results[i] = {
                    {"id", idJson}, {"status", "rejected"}, {"reason", {{"code", "invalid_record"}, {"message", why}}}};
                continue;
            }
            const std::string canonical = r.dump(); // nlohmann orders keys: the canonical form
            incoming.push_back({r["id"].get<std::string>(), r["device_sequence"].get<std::int64_t>(),
                                sha256Hex(canonical), canonical});
            slot.push_back(i);
        }
        const auto nowMs =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
                .count();
        auto outcomes =
            m_db->storeInspections(doc["device_id"].get<std::string>(), auditSeq, auditHash, incoming, rejects, nowMs);
        if (!outcomes) {
            sendError(res, 503, "storage_unavailable", "the records could not be stored; retry");
            res.set_header("Retry-After", "1");
            return;
        }
        for (size_t k = 0; k < slot.size(); ++k) {
            const auto& id = incoming[k].id;
            switch ((*outcomes)[k]) {
            case StoreOutcome::Accepted:
                results[slot[k]] = {{"id", id}, {"status", "accepted"}};
                break;
            case StoreOutcome::Duplicate:
                results[slot[k]] = {{"id", id}, {"status", "duplicate"}};
                break;
            default:
                results[slot[k]] = {
                    {"id", id},
                    {"status", "rejected"},
                    {"reason",
                     {{"code", "id_conflict"}, {"message", "a different record with this id is already stored"}}}};
                break;
            }
        }
        respond(req, res, fault, *m_faults, 200, json{{"results", results}}.dump(), "application/json");
    });

    m_server->set_error_handler([](const httplib::Request& req, httplib::Response& res) {
        if (res.status == 404 && res.body.empty()) {
            sendError(res, 404, "not_found", "no such endpoint: " + req.method + " " + req.path);
        } else if (res.status == 413 && res.body.empty()) {
            sendError(res, 413, "payload_too_large", "the request body is too large");
        } else if (res.body.empty()) {
            sendError(res, res.status, "http_error", "request failed");
        }
    });
    m_server->set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        sendError(res, 500, "internal", "the server failed to handle the request");
    });
}

Result<int> CentralServer::bind() {
    if (!m_server->is_valid()) {
        return makeError(ErrorCode::InvalidArgument, "the TLS certificate or key could not be loaded");
    }
    auto db = CentralDb::open(m_options.dataDir / "central.db");
    if (!db) {
        return db.error();
    }
    m_db = std::move(db.value());
    auto key = SigningKey::loadOrCreate(m_options.dataDir);
    if (!key) {
        return key.error();
    }
    m_key = std::make_unique<SigningKey>(key.value());
    if (!m_options.faults.empty()) {
        auto faults = FaultInjector::parse(m_options.faults);
        if (!faults) {
            return faults.error();
        }
        m_faults = std::make_unique<FaultInjector>(std::move(faults.value()));
    }
    routes();
    int port = m_options.port;
    if (port == 0) {
        port = m_server->bind_to_any_port(m_options.host);
    } else if (!m_server->bind_to_port(m_options.host, port)) {
        port = -1;
    }
    if (port <= 0) {
        return makeError(ErrorCode::IoError,
                         "cannot listen on " + m_options.host + ":" + std::to_string(m_options.port));
    }
    return port;
}

Status CentralServer::serve() {
    if (!m_server->listen_after_bind()) {
        return makeError(ErrorCode::IoError, "server stopped with an error");
    }
    return {};
}

void CentralServer::stop() {
    if (m_server) {
        m_server->stop();
    }
}

} // namespace portico::central

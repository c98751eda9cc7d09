// SPDX-License-Identifier: GPL-3.0-or-later
#include "CentralServer.h"

#include "Version.h"

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace portico::central {
namespace {
void sendError(httplib::Response& res, int status, std::string_view code, std::string_view message) {
    res.status = status;
    res.set_content(nlohmann::json{{"error", {{"code", code}, {"message", message}}}}.dump(), "application/json");
}
} // namespace

CentralServer::CentralServer(CentralOptions options)
    : m_options(std::move(options)), m_server(std::make_unique<httplib::Server>()) {
    routes();
}

CentralServer::~CentralServer() {
    stop();
}

void CentralServer::routes() {
    m_server->Get("/v1/health", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(
            nlohmann::json{
                {"status", "ok"}, {"service", "portico-central"}, {"version", versionString()}, {"api", "v1"}}
                .dump(),
            "application/json");
    });
    m_server->set_error_handler([](const httplib::Request& req, httplib::Response& res) {
        if (res.status == 404) {
            sendError(res, 404, "not_found", "no such endpoint: " + req.method + " " + req.path);
        } else if (res.body.empty()) {
            sendError(res, res.status, "http_error", "request failed");
        }
    });
    m_server->set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        sendError(res, 500, "internal", "the server failed to handle the request");
    });
}

Result<int> CentralServer::bind() {
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

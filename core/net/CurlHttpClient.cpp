// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/CurlHttpClient.h"

#include "common/Log.h"
#include "net/UrlPath.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <mutex>
#include <random>

namespace portico::net {
namespace {

std::once_flag g_curlInit;

struct Transfer {
    // The body arrives in blocks of at most 1 MiB and is joined once complete: a refused body never held more
    // than it received, and the join peaks at the body's size plus one block (a growing string would copy itself
    // into a buffer twice as large: 1.5 times the limit at the worst moment).
    static constexpr std::size_t kBlock = 1u << 20;
    std::vector<std::string> blocks;
    std::size_t received = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    std::size_t limit = 0;
    bool tooLarge = false;
    const std::atomic<bool>* cancelled = nullptr;
    // Low-speed abort, per phase: sending the request body, then waiting for and reading the response.
    long lowSpeedBytesPerSecond = 0;
    std::chrono::steady_clock::duration lowSpeedWindow{};
    std::chrono::steady_clock::time_point windowStart{};
    curl_off_t windowBytes = 0;
    bool uploading = true;
    bool tooSlow = false;
};

size_t onBody(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const size_t n = size * count;
    // libcurl hands over decoded bytes (gzip removed): a compressed bomb is cut here, at the limit, too.
    if (n > t->limit - t->received) {
        t->tooLarge = true;
        return 0; // aborts the transfer (CURLE_WRITE_ERROR)
    }
    if (t->blocks.empty() || t->blocks.back().size() + n > t->blocks.back().capacity()) {
        t->blocks.emplace_back().reserve(std::max(n, Transfer::kBlock));
    }
    t->blocks.back().append(data, n);
    t->received += n;
    return n;
}

size_t onHeader(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const size_t n = size * count;
    std::string line(data, n);
    if (line.rfind("HTTP/", 0) == 0) {
        t->headers.clear(); // a new response (after 100-continue or a redirect)
        return n;
    }
    const auto colon = line.find(':');
    if (colon == std::string::npos) {
        return n;
    }
    std::string name = line.substr(0, colon);
    std::string value = line.substr(colon + 1);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    const auto first = value.find_first_not_of(" \t");
    const auto last = value.find_last_not_of(" \t\r\n");
    value = first == std::string::npos ? std::string() : value.substr(first, last - first + 1);
    if (name == "content-length") {
        // An announced body over the limit ends the transfer before a byte of it is read.
        unsigned long long announced = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), announced);
        if (ec == std::errc::result_out_of_range || (ec == std::errc{} && announced > t->limit)) {
            t->tooLarge = true;
            return 0;
        }
    }
    if (t->headers.size() >= 200) {
        return n; // a server that sends endless headers: keep what we have (libcurl caps the header size)
    }
    t->headers.emplace_back(std::move(name), std::move(value));
    return n;
}

int onProgress(void* user, curl_off_t, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow) {
    auto* t = static_cast<Transfer*>(user);
    if (t->cancelled->load()) {
        return 1;
    }
    // libcurl's own low-speed check averages upload and download together over its last seconds, so the request
    // body of a POST kept a dripping answer "fast" for about 6 s more than a GET's. Measured here per phase, a GET
    // and a POST are cut alike: below the limit for one window of the phase they are in.
    const auto now = std::chrono::steady_clock::now();
    const bool uploading = ultotal > 0 && ulnow < ultotal;
    const curl_off_t progress = uploading ? ulnow : dlnow;
    if (uploading != t->uploading || t->windowStart == std::chrono::steady_clock::time_point{}) {
        t->uploading = uploading;
        t->windowStart = now;
        t->windowBytes = progress;
        return 0;
    }
    if (t->lowSpeedBytesPerSecond > 0 && now - t->windowStart >= t->lowSpeedWindow) {
        const double seconds = std::chrono::duration<double>(now - t->windowStart).count();
        if (static_cast<double>(progress - t->windowBytes) < static_cast<double>(t->lowSpeedBytesPerSecond) * seconds) {
            t->tooSlow = true;
            return 1;
        }
        t->windowStart = now;
        t->windowBytes = progress;
    }
    return 0;
}

bool isTlsFailure(CURLcode code) {
    switch (code) {
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_INVALIDCERTSTATUS:
        return true;
    default:
        return false;
    }
}

bool isTransient(CURLcode code) {
    switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return true;
    default:
        return false;
    }
}

std::uint64_t seedOf(std::uint64_t seed) {
    if (seed != 0) {
        return seed;
    }
    std::random_device rd;
    return (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
}

} // namespace

std::string HttpResponse::header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
        if (k.size() == name.size() && std::equal(k.begin(), k.end(), name.begin(), [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
            })) {
            return v;
        }
    }
    return {};
}

CurlHttpClient::CurlHttpClient(HttpClientOptions options, const Clock& clock, std::shared_ptr<Sleeper> sleeper)
    : m_options(std::move(options)), m_clock(clock),
      m_sleeper(sleeper ? std::move(sleeper) : std::make_shared<RealSleeper>()),
      m_backoff(m_options.retry, seedOf(m_options.seed)) {
    std::call_once(g_curlInit, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    m_curl = curl_easy_init();
    while (!m_options.baseUrl.empty() && m_options.baseUrl.back() == '/') {
        m_options.baseUrl.pop_back();
    }
}

CurlHttpClient::~CurlHttpClient() {
    if (m_curl != nullptr) {
        curl_easy_cleanup(static_cast<CURL*>(m_curl));
    }
}

void CurlHttpClient::cancel() {
    m_cancelled = true;
    m_sleeper->cancel();
}

void CurlHttpClient::resetCancel() {
    m_cancelled = false;
    m_sleeper->reset();
}

HttpClientStats CurlHttpClient::stats() const {
    std::lock_guard lock(m_statsMutex);
    return m_stats;
}

Result<HttpResponse> CurlHttpClient::attemptOnce(const HttpRequest& request, bool& retryable) {
    retryable = false;
    auto* curl = static_cast<CURL*>(m_curl);
    curl_easy_reset(curl); // keeps the connection cache and TLS sessions, clears options
    Transfer transfer;
    transfer.limit = request.maxResponseBytes > 0 ? std::min(request.maxResponseBytes, m_options.maxResponseBytes)
                                                  : m_options.maxResponseBytes;
    transfer.cancelled = &m_cancelled;

    const std::string url = m_options.baseUrl + request.path;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(m_options.connectTimeout.count()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(m_options.requestTimeout.count()));
    // The low-speed abort is measured in onProgress (per phase), not by CURLOPT_LOW_SPEED_*: see there.
    transfer.lowSpeedBytesPerSecond = m_options.lowSpeedBytesPerSecond;
    transfer.lowSpeedWindow = m_options.lowSpeedWindow;
    // gzip only: brotli at the servers' default quality is far slower to produce for a large manifest.
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "gzip");
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, m_options.verifyTls ? 1L : 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, m_options.verifyTls ? 2L : 0L);
    curl_easy_setopt(curl, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2);
    if (!m_options.caFile.empty()) {
        curl_easy_setopt(curl, CURLOPT_CAINFO, m_options.caFile.c_str());
    }
    if (!m_options.pinnedPublicKey.empty()) {
        curl_easy_setopt(curl, CURLOPT_PINNEDPUBLICKEY, m_options.pinnedPublicKey.c_str());
    }
    // Proxy: not set here, so libcurl honours http_proxy / https_proxy / no_proxy from the environment.
    curl_easy_setopt(curl, CURLOPT_USERAGENT, m_options.userAgent.c_str());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &onBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &onHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &onProgress);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);

    curl_slist* headers = nullptr;
    std::string auth;
    if (!m_options.bearerToken.empty()) {
        auth = "Authorization: Bearer " + m_options.bearerToken;
        headers = curl_slist_append(headers, auth.c_str());
    }
    headers = curl_slist_append(headers, "Accept: application/json, image/jpeg");
    headers = curl_slist_append(headers, "Expect:"); // no 100-continue round trip
    std::vector<std::string> lines;
    lines.reserve(request.headers.size() + 1);
    for (const auto& [k, v] : request.headers) {
        lines.push_back(k + ": " + v);
    }
    if (request.method == HttpMethod::Post) {
        lines.push_back("Content-Type: " + request.contentType);
        curl_easy_setopt(curl, CURLOPT_POST, 1L);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    } else if (request.method == HttpMethod::Get) {
        curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    } else {
        curl_slist_free_all(headers);
        return makeError(ErrorCode::InvalidArgument, "unsupported HTTP method");
    }
    for (const auto& line : lines) {
        headers = curl_slist_append(headers, line.c_str());
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);

    char errorBuffer[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errorBuffer);
    const auto started = m_clock.steadyNow();
    const CURLcode code = curl_easy_perform(curl);
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(m_clock.steadyNow() - started);
    curl_slist_free_all(headers);
    {
        std::lock_guard lock(m_statsMutex);
        ++m_stats.attempts;
        m_stats.longestAttempt = std::max(m_stats.longestAttempt, took);
    }

    if (code != CURLE_OK) {
        const std::string detail = std::string(curl_easy_strerror(code)) + (errorBuffer[0] ? ": " : "") + errorBuffer;
        if (transfer.tooSlow) {
            retryable = true;
            return makeError(ErrorCode::Timeout,
                             "transfer slower than " + std::to_string(m_options.lowSpeedBytesPerSecond) +
                                 " bytes/s for " + std::to_string(m_options.lowSpeedWindow.count()) + " s");
        }
        if (code == CURLE_ABORTED_BY_CALLBACK || m_cancelled) {
            return makeError(ErrorCode::Cancelled, "request cancelled");
        }
        if (transfer.tooLarge) {
            return makeError(ErrorCode::InvalidArgument, "response larger than the limit of " +
                                                             std::to_string(transfer.limit) +
                                                             " bytes (refused while receiving)");
        }
        if (isTlsFailure(code)) {
            return makeError(ErrorCode::TlsRejected, detail);
        }
        retryable = isTransient(code);
        return makeError(code == CURLE_OPERATION_TIMEDOUT ? ErrorCode::Timeout : ErrorCode::Network, detail);
    }
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    HttpResponse response;
    response.status = static_cast<int>(status);
    response.headers = std::move(transfer.headers);
    if (transfer.blocks.size() == 1) {
        response.body = std::move(transfer.blocks.front());
    } else {
        response.body.reserve(transfer.received);
        for (auto& block : transfer.blocks) {
            response.body += block;
            std::string().swap(block); // freed as soon as copied
        }
    }
    if (const auto ra = response.header("retry-after"); !ra.empty()) {
        response.retryAfter = parseRetryAfter(ra, m_clock.now());
    }
    retryable = isRetryableStatus(response.status);
    return response;
}

Result<HttpResponse> CurlHttpClient::send(const HttpRequest& request) {
    std::lock_guard sendLock(m_sendMutex);
    if (m_curl == nullptr) {
        return makeError(ErrorCode::Network, "libcurl could not be initialised");
    }
    if (!m_options.pinnedPublicKey.empty() && !m_options.baseUrl.starts_with("https://")) {
        // A pin says the server is to be reached over TLS: never fall back to cleartext.
        return makeError(ErrorCode::TlsRejected,
                         "a public-key pin is set but the URL is not https:// (http:// would send in cleartext)");
    }
    if (!isSafeRequestPath(request.path)) {
        // A CR LF, space or non-ASCII byte in the path would change the request line or add a header: build paths
        // with net::urlPath(), which percent-encodes every value.
        return makeError(ErrorCode::InvalidArgument, "request path with unencoded bytes refused");
    }
    {
        std::lock_guard lock(m_statsMutex);
        ++m_stats.requests;
    }
    const bool mayRetry = request.idempotent || request.method == HttpMethod::Get;
    const auto started = m_clock.steadyNow();
    const int maxAttempts = std::max(1, m_options.retry.maxAttempts);
    for (int attempt = 1;; ++attempt) {
        if (m_cancelled) {
            return makeError(ErrorCode::Cancelled, "request cancelled");
        }
        bool retryable = false;
        auto result = attemptOnce(request, retryable);
        if (result) {
            result->attempts = attempt;
        }
        if (!retryable || !mayRetry || attempt >= maxAttempts) {
            return result;
        }
        // Wait: full jitter, but never less than the server's Retry-After.
        auto wait = m_backoff.delay(attempt);
        bool honoured = false;
        if (result && result->retryAfter) {
            if (*result->retryAfter > m_options.retry.maxRetryAfter) {
                return result; // the caller schedules the next try
            }
            if (*result->retryAfter >= wait) {
                wait = *result->retryAfter;
                honoured = true;
            }
        }
        const auto spent = std::chrono::duration_cast<std::chrono::milliseconds>(m_clock.steadyNow() - started);
        if (spent + wait > m_options.retry.totalBudget) {
            return result;
        }
        {
            std::lock_guard lock(m_statsMutex);
            ++m_stats.retries;
            if (honoured) {
                ++m_stats.retryAfterWaits;
                m_stats.longestRetryAfter = std::max(m_stats.longestRetryAfter, wait);
            }
        }
        log::get("net")->debug("attempt {} failed ({}); retrying in {} ms", attempt,
                               result ? std::to_string(result->status) : result.error().detail, wait.count());
        if (!m_sleeper->sleepFor(wait)) {
            return makeError(ErrorCode::Cancelled, "request cancelled");
        }
    }
}

} // namespace portico::net

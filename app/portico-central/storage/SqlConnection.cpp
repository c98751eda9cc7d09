// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/SqlConnection.h"

namespace portico::central::storage {

std::string_view engineName(SqlEngine engine) {
    switch (engine) {
    case SqlEngine::Sqlite:
        return "sqlite";
    case SqlEngine::Postgres:
        return "postgresql";
    default:
        return "unknown";
    }
}

ConnectionPool::ConnectionPool(Factory factory, std::size_t size)
    : m_factory(std::move(factory)), m_size(std::max<std::size_t>(1, size)) {}

ConnectionPool::~ConnectionPool() = default;

ConnectionPool::Lease::~Lease() {
    if (m_pool != nullptr && m_c) {
        m_pool->giveBack(std::move(m_c));
    }
}

Result<ConnectionPool::Lease> ConnectionPool::acquire(std::chrono::milliseconds wait) {
    std::unique_lock lock(m_mutex);
    if (!m_free.wait_for(lock, wait, [this] { return !m_idle.empty() || m_out + m_idle.size() < m_size; })) {
        return makeError(ErrorCode::Timeout, "no database connection became free");
    }
    if (!m_idle.empty()) {
        auto c = std::move(m_idle.back());
        m_idle.pop_back();
        ++m_out;
        return Lease(this, std::move(c));
    }
    ++m_out; // reserve the slot while connecting without the lock
    lock.unlock();
    auto made = m_factory();
    if (!made) {
        std::lock_guard again(m_mutex);
        --m_out;
        m_free.notify_one();
        return made.error();
    }
    return Lease(this, std::move(made.value()));
}

void ConnectionPool::giveBack(std::unique_ptr<SqlConnection> c) {
    std::lock_guard lock(m_mutex);
    --m_out;
    if (c->healthy()) {
        m_idle.push_back(std::move(c));
    }
    m_free.notify_one();
}

} // namespace portico::central::storage

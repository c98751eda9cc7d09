// SPDX-License-Identifier: GPL-3.0-or-later
#include "manifest/ManifestParser.h"

#include "manifest/Base64.h"
#include "store/Database.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstring>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace portico::manifest {
namespace {

using nlohmann::json;

Error reject(const std::string& what) {
    return makeError(ErrorCode::ManifestRejected, what);
}

/// Nesting depth of a JSON text, ignoring brackets inside strings (run before the real parser).
int jsonDepth(std::string_view text) {
    int depth = 0;
    int deepest = 0;
    bool inString = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                inString = false;
            }
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            deepest = std::max(deepest, ++depth);
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return deepest;
}

/// Parse JSON refusing a key that appears twice in one object, anywhere in the document: with duplicates, this
/// parser (last value wins) and another verifier (first wins, or an error) could disagree about what was signed.
Result<json> parseWithoutDuplicateKeys(std::string_view text) {
    // One key set per open object; the sets are reused across objects at the same depth.
    std::vector<std::unordered_set<std::string>> keys;
    std::size_t open = 0;
    std::string duplicate;
    const json::parser_callback_t onEvent = [&](int, json::parse_event_t event, json& parsed) {
        switch (event) {
        case json::parse_event_t::object_start:
            if (keys.size() <= open) {
                keys.emplace_back();
            }
            keys[open++].clear();
            break;
        case json::parse_event_t::object_end:
            if (open > 0) {
                --open;
            }
            break;
        case json::parse_event_t::key:
            if (open > 0 && !keys[open - 1].insert(parsed.get<std::string>()).second && duplicate.empty()) {
                duplicate = parsed.get<std::string>();
            }
            break;
        default:
            break;
        }
        return true;
    };
    json doc;
    try {
        doc = json::parse(text.begin(), text.end(), onEvent);
    } catch (const std::exception& e) {
        return reject(std::string("manifest is not valid JSON: ") + e.what());
    }
    if (!duplicate.empty()) {
        return reject("manifest: the key '" + duplicate.substr(0, 64) +
                      "' appears twice in one object (a signed document must have one meaning)");
    }
    return doc;
}

/// A real calendar date (no 1999-02-30).
bool isCalendarDate(int y, int m, int d) {
    return std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                       std::chrono::day{static_cast<unsigned>(d)}}
        .ok();
}

/// Typed access with a path for the error message.
class Reader {
public:
    Reader(const json& obj, std::string path, const ParseLimits& limits)
        : m_obj(obj), m_path(std::move(path)), m_limits(limits) {}

    Result<const json*> field(const char* name, json::value_t type, const char* typeName) const {
        auto it = m_obj.find(name);
        if (it == m_obj.end()) {
            return reject(m_path + name + ": missing");
        }
        const bool ok = type == json::value_t::number_integer ? (it->is_number_integer()) : it->type() == type;
        if (!ok) {
            return reject(m_path + name + ": expected " + typeName);
        }
        return &*it;
    }
    Result<std::string> string(const char* name, bool allowEmpty = false) const {
        auto f = field(name, json::value_t::string, "a string");
        if (!f) {
            return f.error();
        }
        const auto& s = (*f)->get_ref<const std::string&>();
        if (s.size() > m_limits.maxStringBytes) {
            return reject(m_path + name + ": longer than " + std::to_string(m_limits.maxStringBytes) + " bytes");
        }
        if (!allowEmpty && s.empty()) {
            return reject(m_path + name + ": empty");
        }
        return s;
    }
    Result<std::int64_t> integer(const char* name) const {
        auto f = field(name, json::value_t::number_integer, "an integer");
        if (!f) {
            return f.error();
        }
        return (*f)->get<std::int64_t>();
    }
    Result<Clock::TimePoint> time(const char* name) const {
        auto s = string(name);
        if (!s) {
            return s.error();
        }
        auto t = store::parseIso8601(*s);
        if (!t) {
            return reject(m_path + name + ": not an ISO-8601 UTC time");
        }
        return *t;
    }
    Result<std::string> date(const char* name) const {
        auto s = string(name);
        if (!s) {
            return s.error();
        }
        const auto& d = *s;
        bool shape = d.size() == 10;
        for (size_t i = 0; shape && i < d.size(); ++i) {
            shape = (i == 4 || i == 7) ? d[i] == '-' : (d[i] >= '0' && d[i] <= '9');
        }
        if (!shape) {
            return reject(m_path + name + ": expected a date YYYY-MM-DD");
        }
        if (!isCalendarDate(std::stoi(d.substr(0, 4)), std::stoi(d.substr(5, 2)), std::stoi(d.substr(8, 2)))) {
            return reject(m_path + name + ": " + d + " is not a calendar date");
        }
        return d;
    }
    Result<const json*> object(const char* name) const { return field(name, json::value_t::object, "an object"); }
    Result<const json*> array(const char* name) const { return field(name, json::value_t::array, "an array"); }
    const std::string& path() const { return m_path; }

private:
    const json& m_obj;
    std::string m_path;
    const ParseLimits& m_limits;
};

#define PORTICO_TRY(var, expr)                                                                                         \
    auto var##_r = (expr);                                                                                             \
    if (!var##_r) {                                                                                                    \
        return var##_r.error();                                                                                        \
    }                                                                                                                  \
    auto var = std::move(var##_r.value())

Result<ManifestEntry> readEntry(const json& e, const std::string& path, const ParseLimits& limits) {
    if (!e.is_object()) {
        return reject(path + ": expected an object");
    }
    Reader r(e, path + ".", limits);
    ManifestEntry out;
    PORTICO_TRY(appointment, r.string("appointment_id"));
    PORTICO_TRY(traveler, r.string("traveler_id"));
    for (const auto& [name, id] : {std::pair{"appointment_id", &appointment}, std::pair{"traveler_id", &traveler}}) {
        if (std::any_of(id->begin(), id->end(),
                        [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; })) {
            return reject(path + "." + name + ": control characters are not allowed in an id");
        }
    }
    PORTICO_TRY(names, r.object("names"));
    Reader n(*names, path + ".names.", limits);
    PORTICO_TRY(given, n.string("given", true));
    PORTICO_TRY(family, n.string("family"));
    PORTICO_TRY(dob, r.date("date_of_birth"));
    PORTICO_TRY(sex, r.string("sex"));
    if (sex != "F" && sex != "M" && sex != "X") {
        return reject(path + ".sex: expected F, M or X");
    }
    PORTICO_TRY(nationality, r.string("nationality"));
    PORTICO_TRY(citizenship, r.string("citizenship"));
    PORTICO_TRY(document, r.object("document"));
    Reader d(*document, path + ".document.", limits);
    PORTICO_TRY(docType, d.string("type"));
    PORTICO_TRY(docNumber, d.string("number"));
    PORTICO_TRY(docExpiry, d.date("expiry"));
    PORTICO_TRY(docState, d.string("issuing_state"));
    PORTICO_TRY(window, r.object("window"));
    Reader w(*window, path + ".window.", limits);
    PORTICO_TRY(start, w.time("start"));
    PORTICO_TRY(end, w.time("end"));
    if (end < start) {
        return reject(path + ".window: end before start");
    }
    PORTICO_TRY(status, r.string("status"));
    if (status != "booked" && status != "confirmed" && status != "checked_in" && status != "expired" &&
        status != "cancelled") {
        return reject(path + ".status: unknown status '" + status + "'");
    }
    PORTICO_TRY(lane, r.string("lane", true));
    PORTICO_TRY(address, r.string("intended_address", true));
    PORTICO_TRY(photos, r.array("photo_ids"));
    for (size_t i = 0; i < photos->size(); ++i) {
        const auto& p = (*photos)[i];
        // Photo ids become request URLs: only the documented grammar is stored, never "../x", "a/b", "%2F",
        // "?", "#", CR LF or non-ASCII.
        if (!p.is_string() || !isPhotoId(p.get_ref<const std::string&>())) {
            return reject(path + ".photo_ids[" + std::to_string(i) +
                          "]: not a photo id (1-64 characters of A-Z, a-z, 0-9, '_' and '-')");
        }
        out.photoIds.push_back(p.get<std::string>());
    }
    // The photos are fetched outside the signature: the signed entry carries each one's SHA-256, and a photo is
    // used only when its bytes hash to it.
    PORTICO_TRY(hashes, r.array("photo_sha256"));
    if (hashes->size() != photos->size()) {
        return reject(path + ".photo_sha256: expected one SHA-256 per photo id (" + std::to_string(photos->size()) +
                      "), got " + std::to_string(hashes->size()));
    }
    for (size_t i = 0; i < hashes->size(); ++i) {
        const auto& h = (*hashes)[i];
        const bool hex = h.is_string() && h.get_ref<const std::string&>().size() == 64 &&
                         std::all_of(h.get_ref<const std::string&>().begin(), h.get_ref<const std::string&>().end(),
                                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
        if (!hex) {
            return reject(path + ".photo_sha256[" + std::to_string(i) + "]: expected 64 lower-case hex digits");
        }
        out.photoSha256.push_back(h.get<std::string>());
    }
    PORTICO_TRY(templates, r.array("templates"));
    for (size_t i = 0; i < templates->size(); ++i) {
        const std::string tp = path + ".templates[" + std::to_string(i) + "]";
        const auto& t = (*templates)[i];
        if (!t.is_object()) {
            return reject(tp + ": expected an object");
        }
        Reader tr(t, tp + ".", limits);
        PORTICO_TRY(model, tr.string("model_id"));
        PORTICO_TRY(dim, tr.integer("dimension"));
        auto vec = t.find("vector");
        if (vec == t.end() || !vec->is_string()) {
            return reject(tp + ".vector: expected a base64 string");
        }
        if (dim <= 0 || static_cast<std::size_t>(dim) > limits.maxTemplateDimension) {
            return reject(tp + ".dimension: out of range");
        }
        auto bytes = base64Decode(vec->get_ref<const std::string&>());
        if (!bytes || bytes->size() != static_cast<std::size_t>(dim) * 4) {
            return reject(tp + ".vector: not " + std::to_string(dim) + " little-endian float32 values in base64");
        }
        EnrolledTemplate et;
        et.modelId = model;
        et.vector.resize(static_cast<size_t>(dim));
        for (size_t k = 0; k < et.vector.size(); ++k) {
            std::uint32_t u = 0;
            for (int b = 3; b >= 0; --b) {
                u = (u << 8) | (*bytes)[k * 4 + static_cast<size_t>(b)];
            }
            std::memcpy(&et.vector[k], &u, 4);
            if (!std::isfinite(et.vector[k])) {
                return reject(tp + ".vector: not finite");
            }
        }
        out.templates.push_back(std::move(et));
    }
    out.appointmentId = appointment;
    out.travelerId = traveler;
    out.givenNames = given;
    out.surname = family;
    out.dateOfBirth = dob;
    out.sex = sex;
    out.nationality = nationality;
    out.citizenship = citizenship;
    out.documentType = docType;
    out.documentNumber = docNumber;
    out.documentExpiry = docExpiry;
    out.documentIssuingState = docState;
    out.windowStart = start;
    out.windowEnd = end;
    out.status = status;
    out.lane = lane;
    out.intendedAddress = address;
    return out;
}

} // namespace

bool isPhotoId(std::string_view id) {
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
}

bool isValidUtf8(std::string_view s) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const size_t n = s.size();
    size_t i = 0;
    while (i < n) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        size_t len = 0;
        std::uint32_t cp = 0;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + len > n) {
            return false;
        }
        for (size_t k = 1; k < len; ++k) {
            if ((p[i + k] & 0xC0) != 0x80) {
                return false;
            }
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF)) {
            return false;
        }
        i += len;
    }
    return true;
}

Result<ManifestEntry> parseManifestEntry(std::string_view text, const ParseLimits& limits) {
    const json e = json::parse(text, nullptr, false);
    if (e.is_discarded()) {
        return reject("entry: not JSON");
    }
    return readEntry(e, "entry", limits);
}

Result<Manifest> parseManifest(std::string_view body, const ParseLimits& limits) {
    if (body.size() > limits.maxBytes) {
        return reject("manifest of " + std::to_string(body.size()) + " bytes exceeds the cap of " +
                      std::to_string(limits.maxBytes));
    }
    if (!isValidUtf8(body)) {
        return reject("manifest is not valid UTF-8");
    }
    if (const int depth = jsonDepth(body); depth > limits.maxDepth) {
        return reject("manifest JSON nests " + std::to_string(depth) + " levels deep (limit " +
                      std::to_string(limits.maxDepth) + ")");
    }
    auto parsed = parseWithoutDuplicateKeys(body);
    if (!parsed) {
        return parsed.error();
    }
    const json doc = std::move(parsed.value());
    if (!doc.is_object()) {
        return reject("manifest: expected a JSON object");
    }
    Reader r(doc, "", limits);
    PORTICO_TRY(format, r.string("format"));
    if (format != "portico-manifest") {
        return reject("format: expected 'portico-manifest'");
    }
    PORTICO_TRY(schema, r.integer("schema"));
    if (schema != 1) {
        return reject("schema: unsupported version " + std::to_string(schema));
    }
    Manifest m;
    PORTICO_TRY(port, r.string("port"));
    PORTICO_TRY(kind, r.string("kind"));
    if (kind != "full" && kind != "delta") {
        return reject("kind: expected 'full' or 'delta'");
    }
    PORTICO_TRY(version, r.integer("version"));
    if (version < 1) {
        return reject("version: must be >= 1");
    }
    auto base = doc.find("base_version");
    if (kind == "delta") {
        if (base == doc.end() || !base->is_number_integer()) {
            return reject("base_version: expected an integer in a delta");
        }
        m.baseVersion = base->get<std::int64_t>();
        if (*m.baseVersion > version) {
            return reject("base_version: newer than version");
        }
    } else if (base != doc.end() && !base->is_null()) {
        return reject("base_version: must be null in a full manifest");
    }
    PORTICO_TRY(issued, r.time("issued_at"));
    PORTICO_TRY(expires, r.time("expires_at"));
    if (expires <= issued) {
        return reject("expires_at: not after issued_at");
    }
    PORTICO_TRY(keyId, r.string("key_id"));
    PORTICO_TRY(entries, r.array("entries"));
    PORTICO_TRY(removals, r.array("removals"));
    if (entries->size() > limits.maxEntries) {
        return reject("entries: more than " + std::to_string(limits.maxEntries));
    }
    if (kind == "full" && !removals->empty()) {
        return reject("removals: must be empty in a full manifest");
    }
    m.port = port;
    m.kind = kind == "full" ? ManifestKind::Full : ManifestKind::Delta;
    m.version = version;
    m.issuedAt = issued;
    m.expiresAt = expires;
    m.keyId = keyId;
    m.entries.reserve(entries->size());
    // An appointment id names one entry: a second copy would silently replace the first (which one a verifier
    // keeps is a guess), and an id both upserted and removed has no meaning. The whole manifest is refused.
    std::unordered_map<std::string_view, std::size_t> seen;
    seen.reserve(entries->size());
    for (size_t i = 0; i < entries->size(); ++i) {
        auto e = readEntry((*entries)[i], "entries[" + std::to_string(i) + "]", limits);
        if (!e) {
            return e.error();
        }
        m.entries.push_back(std::move(e.value()));
    }
    for (size_t i = 0; i < m.entries.size(); ++i) {
        auto [at, fresh] = seen.emplace(m.entries[i].appointmentId, i);
        if (!fresh) {
            return reject("entries[" + std::to_string(i) + "].appointment_id: the same appointment as entries[" +
                          std::to_string(at->second) + "]");
        }
    }
    // A photo belongs to one entry: the station keys its cache by photo id.
    std::unordered_map<std::string_view, std::size_t> photoOwner;
    for (size_t i = 0; i < m.entries.size(); ++i) {
        for (size_t k = 0; k < m.entries[i].photoIds.size(); ++k) {
            auto [at, fresh] = photoOwner.emplace(m.entries[i].photoIds[k], i);
            if (!fresh) {
                return reject("entries[" + std::to_string(i) + "].photo_ids[" + std::to_string(k) +
                              "]: the photo is already named by entries[" + std::to_string(at->second) + "]");
            }
        }
    }
    std::unordered_set<std::string_view> removed;
    for (size_t i = 0; i < removals->size(); ++i) {
        const auto& id = (*removals)[i];
        if (!id.is_string() || id.get_ref<const std::string&>().empty() ||
            id.get_ref<const std::string&>().size() > limits.maxStringBytes) {
            return reject("removals[" + std::to_string(i) + "]: expected an appointment id string");
        }
        m.removals.push_back(id.get<std::string>());
    }
    for (size_t i = 0; i < m.removals.size(); ++i) {
        if (!removed.insert(m.removals[i]).second) {
            return reject("removals[" + std::to_string(i) + "]: the same appointment is removed twice");
        }
        if (seen.contains(m.removals[i])) {
            return reject("removals[" + std::to_string(i) + "]: the appointment is also among the entries");
        }
    }
    return m;
}

} // namespace portico::manifest

// libFuzzer target for SseParser.
//
// Feeds the input whole, in pseudo-random chunks (seeded by the first bytes, so a saved input
// replays exactly) and, when it is small, one byte at a time, and aborts when a promise of
// the parser is broken:
//  - every chunking gives the same events, the same finish() result, last event id and retry;
//  - the events are those of a plain model of the spec written here: decode the whole stream
//    as UTF-8 with replacement first (the WHATWG decoder, code point by code point), skip one
//    leading U+FEFF, then split lines and fields on code points;
//  - type, data and id are valid UTF-8; the type is never empty; no CR anywhere, no LF in
//    type or id, no NUL in id.

#include "gateway/SseParser.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <algorithm>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace streamcanvas::gateway;

namespace {

// splitmix64: tiny, and the same sequence on every platform.
class Prng
{
public:
    explicit Prng(quint64 seed)
        : m_state(seed)
    {
    }
    quint64 next()
    {
        quint64 z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    quint64 below(quint64 bound) { return next() % bound; }

private:
    quint64 m_state;
};

struct Outcome {
    QList<SseEvent> events;
    bool pending = false;
    QByteArray lastEventId;
    int retry = -1;
};

QByteArray printable(QByteArrayView bytes)
{
    QByteArray out;
    for (const char c : bytes.first(std::min<qsizetype>(bytes.size(), 400))) {
        const auto byte = uchar(c);
        if (byte >= 0x20 && byte < 0x7F && c != '\\') {
            out.append(c);
        } else {
            char escape[8];
            std::snprintf(escape, sizeof escape, "\\x%02X", unsigned(byte));
            out.append(escape);
        }
    }
    if (bytes.size() > 400)
        out.append("...");
    return out;
}

QByteArray describe(const Outcome &outcome)
{
    QByteArray out = QByteArray::number(outcome.events.size()) + " events";
    for (const SseEvent &event : outcome.events)
        out += "\n  type=" + printable(event.type) + " id=" + printable(event.lastEventId)
            + " data=" + printable(event.data);
    out += "\n  pending=" + QByteArray::number(int(outcome.pending)) + " lastEventId=" + printable(outcome.lastEventId)
        + " retry=" + QByteArray::number(outcome.retry);
    return out;
}

QByteArrayView currentInput;

[[noreturn]] void fail(const char *invariant, const QByteArray &detail)
{
    std::fprintf(stderr, "\n*** SseParser invariant broken: %s\n%s\ninput (%lld bytes): %s\n", invariant,
        detail.constData(), static_cast<long long>(currentInput.size()), printable(currentInput).constData());
    std::fflush(stderr);
    std::abort();
}

bool sameEvent(const SseEvent &a, const SseEvent &b)
{
    return a.type == b.type && a.data == b.data && a.lastEventId == b.lastEventId;
}

bool sameOutcome(const Outcome &a, const Outcome &b)
{
    return a.pending == b.pending && a.lastEventId == b.lastEventId && a.retry == b.retry
        && std::equal(a.events.begin(), a.events.end(), b.events.begin(), b.events.end(), sameEvent);
}

template <typename Chunker>
Outcome parse(QByteArrayView input, Chunker nextLength)
{
    Outcome outcome;
    SseParser parser;
    const auto collect = [&](const SseEvent &event) {
        outcome.events.append(event);
    };
    for (qsizetype position = 0; position < input.size();) {
        const qsizetype length = std::min(nextLength(), input.size() - position);
        parser.feed(input.sliced(position, length), collect);
        position += length;
    }
    outcome.lastEventId = parser.lastEventId();
    outcome.retry = parser.retryMilliseconds().value_or(-1);
    outcome.pending = parser.finish();
    return outcome;
}

// The WHATWG Encoding standard's UTF-8 decoder, step by step as written there.
std::u32string decodeUtf8(QByteArrayView bytes, bool *hadError = nullptr)
{
    std::u32string out;
    char32_t codePoint = 0;
    int needed = 0;
    int seen = 0;
    uchar lower = 0x80;
    uchar upper = 0xBF;
    bool error = false;
    for (qsizetype i = 0; i < bytes.size();) {
        const auto byte = uchar(bytes[i]);
        if (needed == 0) {
            ++i;
            if (byte <= 0x7F) {
                out += char32_t(byte);
            } else if (byte >= 0xC2 && byte <= 0xDF) {
                needed = 1;
                codePoint = byte & 0x1F;
            } else if (byte >= 0xE0 && byte <= 0xEF) {
                if (byte == 0xE0)
                    lower = 0xA0;
                if (byte == 0xED)
                    upper = 0x9F;
                needed = 2;
                codePoint = byte & 0xF;
            } else if (byte >= 0xF0 && byte <= 0xF4) {
                if (byte == 0xF0)
                    lower = 0x90;
                if (byte == 0xF4)
                    upper = 0x8F;
                needed = 3;
                codePoint = byte & 0x7;
            } else {
                out += U'\uFFFD';
                error = true;
            }
            continue;
        }
        if (byte < lower || byte > upper) {
            codePoint = 0;
            needed = seen = 0;
            lower = 0x80;
            upper = 0xBF;
            out += U'\uFFFD';
            error = true;
            continue; // the byte is read again
        }
        ++i;
        lower = 0x80;
        upper = 0xBF;
        codePoint = (codePoint << 6) | (byte & 0x3F);
        if (++seen == needed) {
            out += codePoint;
            codePoint = 0;
            needed = seen = 0;
        }
    }
    if (needed != 0) {
        out += U'\uFFFD';
        error = true;
    }
    if (hadError)
        *hadError = error;
    return out;
}

QByteArray encodeUtf8(const std::u32string &text)
{
    QByteArray out;
    for (const char32_t c : text) {
        if (c < 0x80) {
            out.append(char(c));
        } else if (c < 0x800) {
            out.append(char(0xC0 | (c >> 6)));
            out.append(char(0x80 | (c & 0x3F)));
        } else if (c < 0x10000) {
            out.append(char(0xE0 | (c >> 12)));
            out.append(char(0x80 | ((c >> 6) & 0x3F)));
            out.append(char(0x80 | (c & 0x3F)));
        } else {
            out.append(char(0xF0 | (c >> 18)));
            out.append(char(0x80 | ((c >> 12) & 0x3F)));
            out.append(char(0x80 | ((c >> 6) & 0x3F)));
            out.append(char(0x80 | (c & 0x3F)));
        }
    }
    return out;
}

// "Interpreting an event stream", over the decoded code points, as plainly as it reads.
Outcome model(QByteArrayView input)
{
    Outcome outcome;
    std::u32string stream = decodeUtf8(input);
    if (!stream.empty() && stream.front() == U'\uFEFF')
        stream.erase(0, 1);

    std::u32string data;
    std::u32string type;
    std::u32string idBuffer;
    std::u32string lastId;
    bool fields = false;
    const auto processLine = [&](const std::u32string &line) {
        if (line.empty()) {
            lastId = idBuffer;
            fields = false;
            if (data.empty()) {
                type.clear();
                return;
            }
            data.pop_back();
            outcome.events.append(
                {type.empty() ? QByteArray("message") : encodeUtf8(type), encodeUtf8(data), encodeUtf8(lastId)});
            data.clear();
            type.clear();
            return;
        }
        if (line.front() == U':')
            return;
        fields = true;
        const std::size_t colon = line.find(U':');
        const std::u32string name = line.substr(0, colon);
        std::u32string value = colon == std::u32string::npos ? std::u32string() : line.substr(colon + 1);
        if (!value.empty() && value.front() == U' ')
            value.erase(0, 1);
        if (name == U"event") {
            type = value;
        } else if (name == U"data") {
            data += value;
            data += U'\n';
        } else if (name == U"id") {
            if (value.find(U'\0') == std::u32string::npos)
                idBuffer = value;
        } else if (name == U"retry") {
            if (!value.empty()
                && std::all_of(value.begin(), value.end(), [](char32_t c) { return c >= U'0' && c <= U'9'; })) {
                long long milliseconds = 0;
                for (const char32_t c : value)
                    milliseconds = std::min<long long>(milliseconds * 10 + (c - U'0'), INT_MAX);
                outcome.retry = int(milliseconds);
            }
        }
    };

    std::u32string line;
    for (std::size_t i = 0; i < stream.size(); ++i) {
        const char32_t c = stream[i];
        if (c == U'\r' || c == U'\n') {
            processLine(line);
            line.clear();
            if (c == U'\r' && i + 1 < stream.size() && stream[i + 1] == U'\n')
                ++i;
        } else {
            line += c;
        }
    }
    outcome.lastEventId = encodeUtf8(lastId);
    outcome.pending = !line.empty() || fields;
    return outcome;
}

void checkFields(const Outcome &outcome, const char *run)
{
    const auto check = [&](const QByteArray &field, const char *name, bool lineFeedAllowed) {
        bool invalid = false;
        decodeUtf8(field, &invalid);
        if (invalid)
            fail("a field is not valid UTF-8", QByteArray(run) + ": " + name + "=" + printable(field));
        if (field.contains('\r') || (!lineFeedAllowed && field.contains('\n')))
            fail("a field holds a line end", QByteArray(run) + ": " + name + "=" + printable(field));
    };
    for (const SseEvent &event : outcome.events) {
        check(event.type, "type", false);
        check(event.data, "data", true);
        check(event.lastEventId, "lastEventId", false);
        if (event.type.isEmpty())
            fail("an event has an empty type", run);
        if (event.lastEventId.contains('\0'))
            fail("an event id holds NUL", QByteArray(run) + ": " + printable(event.lastEventId));
    }
    check(outcome.lastEventId, "parser lastEventId", false);
}

std::size_t chunkLength(Prng &prng)
{
    const quint64 kind = prng.below(16);
    if (kind < 10)
        return 1 + std::size_t(prng.below(4)); // splits CRLF, BOMs and UTF-8 sequences
    if (kind < 14)
        return 1 + std::size_t(prng.below(64));
    return 1 + std::size_t(prng.below(1024));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView input(data, qsizetype(size));
    currentInput = input;
    quint64 seed = 0;
    for (std::size_t i = 0; i < std::min<std::size_t>(size, 4); ++i)
        seed = (seed << 8) | data[i];
    Prng prng(seed);

    const Outcome whole = parse(input, [&] { return input.size(); });
    checkFields(whole, "whole");
    const Outcome chunked = parse(input, [&] { return qsizetype(chunkLength(prng)); });
    if (!sameOutcome(whole, chunked))
        fail("chunked feeding differs from feeding the input whole",
            "whole: " + describe(whole) + "\nchunked (seeded by the first 4 bytes): " + describe(chunked));
    if (size <= 4096) {
        const Outcome bytewise = parse(input, [] { return qsizetype(1); });
        if (!sameOutcome(whole, bytewise))
            fail("feeding one byte at a time differs from feeding the input whole",
                "whole: " + describe(whole) + "\none byte at a time: " + describe(bytewise));
    }
    const Outcome expected = model(input);
    if (!sameOutcome(whole, expected))
        fail("the parser differs from the plain model of the spec",
            "parser: " + describe(whole) + "\nmodel: " + describe(expected));
    return 0;
}

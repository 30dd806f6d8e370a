#include "gateway/SseParser.h"

#include <algorithm>
#include <climits>
#include <cstring>

namespace streamcanvas::gateway {

namespace {

constexpr char kBom[] = "\xEF\xBB\xBF";
constexpr char kReplacement[] = "\xEF\xBF\xBD"; // U+FFFD

struct Sequence {
    qsizetype length; // bytes read: the whole sequence, or the maximal invalid part
    bool valid;
};

// Reads the UTF-8 sequence that starts with the non-ASCII byte at `s`, with the bounds of the
// WHATWG UTF-8 decoder (no overlong forms, surrogates or code points past U+10FFFF). When it
// is invalid, `length` is what the decoder turns into one U+FFFD: the lead byte and the
// continuation bytes that were acceptable before the one that was not.
Sequence readSequence(const uchar *s, const uchar *end)
{
    const uchar lead = *s;
    uchar lower = 0x80;
    uchar upper = 0xBF;
    int needed = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        needed = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        needed = 2;
        if (lead == 0xE0)
            lower = 0xA0;
        else if (lead == 0xED)
            upper = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        needed = 3;
        if (lead == 0xF0)
            lower = 0x90;
        else if (lead == 0xF4)
            upper = 0x8F;
    } else {
        return {1, false};
    }
    const uchar *p = s + 1;
    for (int i = 0; i < needed; ++i, ++p) {
        if (p == end || *p < lower || *p > upper)
            return {p - s, false};
        lower = 0x80;
        upper = 0xBF;
    }
    return {p - s, true};
}

// Skips ASCII, eight bytes at a time where it can.
const uchar *skipAscii(const uchar *p, const uchar *end)
{
    while (end - p >= 8) {
        quint64 word;
        std::memcpy(&word, p, sizeof word);
        if (word & 0x8080808080808080ULL)
            break;
        p += 8;
    }
    while (p < end && *p < 0x80)
        ++p;
    return p;
}

bool isValidUtf8(QByteArrayView text)
{
    const uchar *p = reinterpret_cast<const uchar *>(text.data());
    const uchar *end = p + text.size();
    while ((p = skipAscii(p, end)) < end) {
        const Sequence sequence = readSequence(p, end);
        if (!sequence.valid)
            return false;
        p += sequence.length;
    }
    return true;
}

// The spec decodes the stream as UTF-8 with replacement. Line ends, ':' and ' ' are ASCII,
// which the decoder never takes into a sequence, so decoding each value on its own gives the
// same text as decoding the whole stream.
void appendUtf8(QByteArray &out, QByteArrayView text)
{
    if (isValidUtf8(text)) {
        out.append(text);
        return;
    }
    const uchar *start = reinterpret_cast<const uchar *>(text.data());
    const uchar *end = start + text.size();
    const uchar *p = start;
    const uchar *copied = start;
    while ((p = skipAscii(p, end)) < end) {
        const Sequence sequence = readSequence(p, end);
        if (!sequence.valid) {
            out.append(reinterpret_cast<const char *>(copied), p - copied);
            out.append(kReplacement, 3);
            copied = p + sequence.length;
        }
        p += sequence.length;
    }
    out.append(reinterpret_cast<const char *>(copied), end - copied);
}

QByteArray toUtf8(QByteArrayView text)
{
    if (isValidUtf8(text))
        return text.toByteArray();
    QByteArray out;
    appendUtf8(out, text);
    return out;
}

bool equals(QByteArrayView name, const char (&literal)[5])
{
    return std::memcmp(name.data(), literal, 4) == 0;
}

bool equals(QByteArrayView name, const char (&literal)[6])
{
    return std::memcmp(name.data(), literal, 5) == 0;
}

// Empties a buffer but keeps its memory when no one else shares it.
void clearKeepingCapacity(QByteArray &buffer)
{
    if (buffer.isDetached())
        buffer.resize(0);
    else
        buffer = QByteArray();
}

} // namespace

void SseParser::feed(QByteArrayView bytes, const std::function<void(const SseEvent &)> &onEvent)
{
    if (bytes.isEmpty())
        return;
    const char *p = bytes.data();
    const char *end = p + bytes.size();
    if (m_atStreamStart) {
        // One leading BOM is skipped; its bytes may come in separate pieces.
        while (p < end && m_bomMatched < 3 && *p == kBom[m_bomMatched]) {
            ++m_bomMatched;
            ++p;
        }
        if (m_bomMatched < 3 && p == end)
            return; // still possibly a BOM
        if (m_bomMatched < 3)
            m_line.append(kBom, m_bomMatched); // not a BOM after all: the start of the first line
        m_atStreamStart = false;
        m_bomMatched = 0;
        if (p == end)
            return;
    }
    if (m_skipLineFeed) {
        // The CR that ended the previous bytes already ended its line; this LF is its pair.
        m_skipLineFeed = false;
        if (*p == '\n')
            ++p;
    }
    feedLines(p, end, onEvent);
}

void SseParser::feedLines(const char *begin, const char *end, const std::function<void(const SseEvent &)> &onEvent)
{
    const qsizetype size = end - begin;
    // The next CR and LF at or after the scan position, found with memchr and reused until
    // the position passes them, so each byte is looked at once whatever the mix of line ends.
    qsizetype nextLf = -1;
    qsizetype nextCr = -1;
    qsizetype position = 0;
    while (position < size) {
        if (nextLf < position) {
            const void *found = std::memchr(begin + position, '\n', std::size_t(size - position));
            nextLf = found ? static_cast<const char *>(found) - begin : size;
        }
        if (nextCr < position) {
            const void *found = std::memchr(begin + position, '\r', std::size_t(size - position));
            nextCr = found ? static_cast<const char *>(found) - begin : size;
        }
        const qsizetype lineEnd = std::min(nextLf, nextCr);
        if (lineEnd == size) {
            m_line.append(begin + position, size - position);
            return;
        }
        const QByteArrayView piece(begin + position, lineEnd - position);
        if (m_line.isEmpty()) {
            processLine(piece, onEvent);
        } else {
            m_line.append(piece);
            processLine(m_line, onEvent);
            m_line.resize(0);
        }
        position = lineEnd + 1;
        if (begin[lineEnd] == '\r') {
            if (position == size)
                m_skipLineFeed = true;
            else if (begin[position] == '\n')
                ++position;
        }
    }
}

void SseParser::processLine(QByteArrayView line, const std::function<void(const SseEvent &)> &onEvent)
{
    if (line.isEmpty()) {
        dispatch(onEvent);
        return;
    }
    if (line.front() == ':')
        return; // a comment
    m_pendingFields = true;
    const void *colon = std::memchr(line.data(), ':', std::size_t(line.size()));
    if (!colon) {
        processField(line, {});
        return;
    }
    const qsizetype nameLength = static_cast<const char *>(colon) - line.data();
    QByteArrayView value = line.sliced(nameLength + 1);
    if (!value.isEmpty() && value.front() == ' ')
        value = value.sliced(1);
    processField(line.first(nameLength), value);
}

void SseParser::processField(QByteArrayView name, QByteArrayView value)
{
    switch (name.size()) {
    case 2:
        if (name[0] == 'i' && name[1] == 'd' && !std::memchr(value.data(), '\0', std::size_t(value.size())))
            m_lastEventIdBuffer = toUtf8(value);
        break;
    case 4:
        if (equals(name, "data")) {
            appendUtf8(m_event.data, value);
            m_event.data.append('\n');
        }
        break;
    case 5:
        if (equals(name, "event")) {
            m_eventTypeBuffer = toUtf8(value);
        } else if (equals(name, "retry") && !value.isEmpty()) {
            qint64 milliseconds = 0;
            for (const char c : value) {
                if (c < '0' || c > '9')
                    return;
                milliseconds = std::min<qint64>(milliseconds * 10 + (c - '0'), INT_MAX);
            }
            m_retry = int(milliseconds);
        }
        break;
    default:
        break; // unknown fields are ignored
    }
}

void SseParser::dispatch(const std::function<void(const SseEvent &)> &onEvent)
{
    m_lastEventId = m_lastEventIdBuffer;
    m_pendingFields = false;
    if (m_event.data.isEmpty()) {
        m_eventTypeBuffer = QByteArray();
        return;
    }
    m_event.data.chop(1); // the LF after the last data line
    m_event.type = m_eventTypeBuffer.isEmpty() ? QByteArrayLiteral("message") : m_eventTypeBuffer;
    m_event.lastEventId = m_lastEventId;
    if (onEvent)
        onEvent(m_event);
    clearKeepingCapacity(m_event.data);
    m_eventTypeBuffer = QByteArray();
}

void SseParser::discardPending()
{
    m_line.clear();
    m_event.data.clear();
    m_eventTypeBuffer.clear();
    m_pendingFields = false;
}

bool SseParser::finish()
{
    const bool pending = !m_line.isEmpty() || m_pendingFields || (m_atStreamStart && m_bomMatched > 0);
    discardPending();
    // An id that came with the discarded event was never dispatched.
    m_lastEventIdBuffer = m_lastEventId;
    m_atStreamStart = true;
    m_bomMatched = 0;
    m_skipLineFeed = false;
    return pending;
}

std::optional<int> SseParser::retryMilliseconds() const
{
    return m_retry;
}

QByteArray SseParser::lastEventId() const
{
    return m_lastEventId;
}

void SseParser::reset()
{
    *this = SseParser();
}

} // namespace streamcanvas::gateway

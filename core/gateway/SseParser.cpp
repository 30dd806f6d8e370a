#include "gateway/SseParser.h"

#include <algorithm>
#include <bit>
#include <climits>
#include <cstring>
#include <utility>

#if defined(__SSE2__) || defined(_M_X64) || defined(_M_AMD64)
#include <emmintrin.h>
#define STREAMCANVAS_HAVE_SSE2 1
#endif

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
Q_ALWAYS_INLINE Sequence readSequence(const uchar *s, const uchar *end)
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

// Skips ASCII: sixteen bytes at a time with SSE2 (every x86-64 has it), else eight.
const uchar *skipAscii(const uchar *p, const uchar *end)
{
#ifdef STREAMCANVAS_HAVE_SSE2
    while (end - p >= 16) {
        const int highBits = _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i *>(p)));
        if (highBits)
            return p + std::countr_zero(unsigned(highBits));
        p += 16;
    }
#endif
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

// The first CR, LF or non-ASCII byte at or after `p`: one pass finds line ends and the bytes
// whose UTF-8 needs a look. Sixteen bytes at a time with SSE2, else eight (a word holding
// one of them is then looked at byte by byte).
Q_ALWAYS_INLINE const char *findSpecial(const char *p, const char *end)
{
#ifdef STREAMCANVAS_HAVE_SSE2
    const __m128i lineFeed = _mm_set1_epi8('\n');
    const __m128i carriageReturn = _mm_set1_epi8('\r');
    const auto hits = [&](const char *at) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i *>(at));
        const __m128i lineEnds = _mm_or_si128(_mm_cmpeq_epi8(bytes, lineFeed), _mm_cmpeq_epi8(bytes, carriageReturn));
        return unsigned(_mm_movemask_epi8(_mm_or_si128(lineEnds, bytes)));
    };
    // Two blocks per test: lines of a chat stream are a hundred bytes or more.
    while (end - p >= 32) {
        const unsigned found = hits(p) | (hits(p + 16) << 16);
        if (found)
            return p + std::countr_zero(found);
        p += 32;
    }
    if (end - p >= 16) {
        if (const unsigned found = hits(p))
            return p + std::countr_zero(found);
        p += 16;
    }
#else
    constexpr quint64 ones = 0x0101010101010101ULL;
    constexpr quint64 highBits = 0x8080808080808080ULL;
    while (end - p >= 8) {
        quint64 word;
        std::memcpy(&word, p, sizeof word);
        const quint64 lineFeeds = word ^ (ones * '\n');
        const quint64 carriageReturns = word ^ (ones * '\r');
        // A byte of x is zero exactly when the classic (x - 0x01…) & ~x & 0x80… test sees one.
        const quint64 zeroes = ((lineFeeds - ones) & ~lineFeeds) | ((carriageReturns - ones) & ~carriageReturns);
        if ((zeroes | word) & highBits)
            break;
        p += 8;
    }
#endif
    while (p < end && *p != '\n' && *p != '\r' && uchar(*p) < 0x80)
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

void appendReplacingInvalid(QByteArray &out, QByteArrayView text)
{
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

QByteArray toUtf8(QByteArrayView text, bool knownValid)
{
    if (knownValid || isValidUtf8(text))
        return text.toByteArray();
    QByteArray out;
    appendReplacingInvalid(out, text);
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
        if (m_bomMatched < 3) {
            // Not a BOM after all: the start of the first line (invalid UTF-8, checked when the line is complete).
            m_line.append(kBom, std::size_t(m_bomMatched));
            m_lineValid = false;
        }
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
    if (end - p <= 8 && findSpecial(p, end) == end) {
        // A few plain ASCII bytes (a stream arriving byte by byte): they only extend the line.
        m_line.append(p, std::size_t(end - p));
        return;
    }
    feedLines(p, end, onEvent);
}

void SseParser::feedLines(const char *begin, const char *end, const std::function<void(const SseEvent &)> &onEvent)
{
    // One pass: each byte is looked at once, to find the line ends and to check the UTF-8 of
    // the line on the way, so that a valid line (nearly all) is not checked again.
    const char *lineStart = begin;
    const char *p = begin;
    bool lineValid = m_lineValid;
    while ((p = findSpecial(p, end)) < end) {
        const auto byte = uchar(*p);
        if (byte >= 0x80) {
            // A sequence cut by `end` reads as invalid here: its line is checked again once
            // it is complete.
            const Sequence sequence
                = readSequence(reinterpret_cast<const uchar *>(p), reinterpret_cast<const uchar *>(end));
            lineValid = lineValid && sequence.valid;
            p += sequence.length;
            continue;
        }
        if (m_line.empty()) {
            processLine(QByteArrayView(lineStart, p), lineValid, onEvent);
        } else {
            m_line.append(lineStart, std::size_t(p - lineStart));
            processLine(QByteArrayView(m_line.data(), qsizetype(m_line.size())), lineValid, onEvent);
            m_line.clear();
        }
        ++p;
        if (byte == '\r') {
            if (p == end) {
                m_skipLineFeed = true;
                m_lineValid = true;
                return;
            }
            if (*p == '\n')
                ++p;
        }
        lineStart = p;
        lineValid = true;
    }
    m_line.append(lineStart, std::size_t(end - lineStart));
    m_lineValid = lineValid;
}

// The spec decodes the stream as UTF-8 with replacement. Line ends, ':' and ' ' are ASCII,
// which the decoder never takes into a sequence, so decoding each value on its own gives the
// same text as decoding the whole stream.
//
// The spec's data buffer is each value followed by LF, the last LF removed at dispatch; kept
// here as the values joined by LF (and m_hasData) so that dispatching needs no trimming and
// the next event overwrites the bytes of the last one in place. The common case, a value
// already seen to be valid by the line scan, is one resize and one copy.
void SseParser::appendData(QByteArrayView value, bool knownValid)
{
    QByteArray &data = m_event.data;
    const qsizetype at = m_hasData ? data.size() + 1 : 0;
    if (knownValid || isValidUtf8(value)) {
        data.resize(at + value.size());
        char *to = data.data() + at;
        if (m_hasData)
            to[-1] = '\n';
        if (!value.isEmpty())
            std::memcpy(to, value.data(), std::size_t(value.size()));
    } else {
        if (m_hasData)
            data.append('\n');
        else
            data.resize(0);
        appendReplacingInvalid(data, value);
    }
    m_hasData = true;
}

void SseParser::processLine(QByteArrayView line, bool knownValid, const std::function<void(const SseEvent &)> &onEvent)
{
    if (line.isEmpty()) {
        dispatch(onEvent);
        return;
    }
    if (line.front() == ':')
        return; // a comment
    m_pendingFields = true;
    if (line.size() >= 5 && std::memcmp(line.data(), "data:", 5) == 0) {
        // Nearly every line of a chat stream: skip the search for the colon.
        QByteArrayView value = line.sliced(5);
        if (!value.isEmpty() && value.front() == ' ')
            value = value.sliced(1);
        appendData(value, knownValid);
        return;
    }
    const void *colon = std::memchr(line.data(), ':', std::size_t(line.size()));
    if (!colon) {
        processField(line, {}, knownValid);
        return;
    }
    const qsizetype nameLength = static_cast<const char *>(colon) - line.data();
    QByteArrayView value = line.sliced(nameLength + 1);
    if (!value.isEmpty() && value.front() == ' ')
        value = value.sliced(1);
    processField(line.first(nameLength), value, knownValid);
}

void SseParser::processField(QByteArrayView name, QByteArrayView value, bool knownValid)
{
    switch (name.size()) {
    case 2:
        if (name[0] == 'i' && name[1] == 'd'
            && (value.isEmpty() || !std::memchr(value.data(), '\0', std::size_t(value.size())))) {
            m_lastEventIdBuffer = toUtf8(value, knownValid);
            m_lastEventIdBufferChanged = true;
        }
        break;
    case 4:
        if (equals(name, "data"))
            appendData(value, knownValid);
        break;
    case 5:
        if (equals(name, "event")) {
            m_eventTypeBuffer = toUtf8(value, knownValid);
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
    // Assignments only when something changed: most streams never send an id or a type.
    if (m_lastEventIdBufferChanged) {
        m_lastEventId = m_lastEventIdBuffer;
        m_event.lastEventId = m_lastEventId;
        m_lastEventIdBufferChanged = false;
    }
    m_pendingFields = false;
    if (!m_hasData) {
        m_eventTypeBuffer = QByteArray();
        return;
    }
    if (!m_eventTypeBuffer.isEmpty()) {
        m_event.type = std::exchange(m_eventTypeBuffer, QByteArray());
        m_eventTypeIsMessage = false;
    } else if (!m_eventTypeIsMessage) {
        m_event.type = QByteArrayLiteral("message");
        m_eventTypeIsMessage = true;
    }
    if (onEvent)
        onEvent(m_event);
    m_hasData = false; // the next event writes over these bytes, keeping the memory
}

void SseParser::discardPending()
{
    std::string().swap(m_line);
    m_lineValid = true;
    m_event.data.clear();
    m_hasData = false;
    m_eventTypeBuffer.clear();
    m_pendingFields = false;
}

bool SseParser::finish()
{
    const bool pending = !m_line.empty() || m_pendingFields || (m_atStreamStart && m_bomMatched > 0);
    discardPending();
    // An id that came with the discarded event was never dispatched.
    m_lastEventIdBuffer = m_lastEventId;
    m_lastEventIdBufferChanged = false;
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

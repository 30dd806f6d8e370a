#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <functional>
#include <optional>
#include <string>

namespace streamcanvas::gateway {

struct SseEvent {
    QByteArray type;        // "message" when no event field was given
    QByteArray data;        // data lines joined with '\n', valid UTF-8
    QByteArray lastEventId; // the parser's last event id at dispatch time
};

// Incremental parser for a `text/event-stream` body, following the WHATWG HTML rules for
// interpreting an event stream. Bytes may arrive in any chunking (inside a UTF-8 sequence,
// between CR and LF, one at a time) and give the same events. The cost is linear in the
// bytes fed: one pass finds the line ends and checks the UTF-8 on the way, and a line that is
// still arriving is kept, already scanned, until its line end comes.
//
// The stream is UTF-8 with replacement: event type, data and id are always valid UTF-8, an
// invalid sequence becoming U+FFFD as the spec's decoder would. Only a value whose line was
// not seen to be valid in that pass (invalid, or a sequence cut between two feeds) is checked
// again, and only an invalid one is rewritten.
//
// Nothing limits the length of a line or of an event's data here; the transport decides how
// much it accepts.
class SseParser
{
public:
    // Feeds the next bytes of the stream (any chunking: inside a UTF-8 sequence, between CR and LF, one byte at a
    // time). Calls onEvent for each event dispatched by these bytes, in order. The event passed is only valid during
    // the call (copy what is kept; copies are cheap, implicitly shared), and onEvent must not call back into this
    // parser.
    void feed(QByteArrayView bytes, const std::function<void(const SseEvent &)> &onEvent);
    // End of stream: per the spec an event not terminated by a blank line is discarded. Returns true if there were
    // pending undispatched bytes/fields (so the caller can tell a cut-off event). Afterwards the parser expects the
    // next stream from the same source (a reconnection): lastEventId() and retryMilliseconds() are kept, as
    // EventSource keeps them, and a leading BOM is skipped again.
    bool finish();
    // The last "retry" value in ms, if any field set it.
    std::optional<int> retryMilliseconds() const;
    // The id of the last dispatched event block (what a reconnection sends as Last-Event-ID).
    QByteArray lastEventId() const;
    // Forgets everything, as a new parser.
    void reset();

    // Bytes held for the event not dispatched yet: its data so far and an unfinished line.
    // Nothing bounds them in the format, so a caller that must bound memory checks this.
    qsizetype pendingBytes() const { return qsizetype(m_line.size()) + (m_hasData ? m_event.data.size() : 0); }

private:
    void feedLines(const char *begin, const char *end, const std::function<void(const SseEvent &)> &onEvent);
    // `knownValid`: the line is already known to be valid UTF-8.
    void processLine(QByteArrayView line, bool knownValid, const std::function<void(const SseEvent &)> &onEvent);
    void processField(QByteArrayView name, QByteArrayView value, bool knownValid);
    void appendData(QByteArrayView value, bool knownValid);
    void dispatch(const std::function<void(const SseEvent &)> &onEvent);
    void discardPending();

    // The event handed out, reused: m_event.data holds the data values joined by LF (valid
    // only while m_hasData), written in place so that a consumer that does not keep the data
    // costs no allocation; type and id are assigned only when they change.
    SseEvent m_event;
    bool m_hasData = false;
    bool m_eventTypeIsMessage = false;
    QByteArray m_eventTypeBuffer;
    QByteArray m_lastEventIdBuffer;
    bool m_lastEventIdBufferChanged = false;
    // The last event ID string: the id buffer as of the last blank line.
    QByteArray m_lastEventId;
    // The start of a line whose end has not arrived; it holds no CR or LF. A std::string
    // because it grows by a byte at a time when the stream comes that way, and its append
    // is the cheaper.
    std::string m_line;
    // m_line is valid UTF-8 and does not end inside a sequence.
    bool m_lineValid = true;
    std::optional<int> m_retry;
    // How many bytes of a leading BOM have been seen, while the stream start is being read.
    int m_bomMatched = 0;
    bool m_atStreamStart = true;
    // The previous bytes ended with a CR: a LF first in the next bytes belongs to it.
    bool m_skipLineFeed = false;
    // A field line was read since the last blank line.
    bool m_pendingFields = false;
};

} // namespace streamcanvas::gateway

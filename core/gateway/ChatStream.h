#pragma once

#include "ChatRequest.h"
#include "GatewayError.h"
#include "SseParser.h"

#include <QObject>
#include <QPointer>

namespace streamcanvas::gateway {

class GatewayCall;

// One streamed answer. Emits deltas as they arrive and then exactly one of finished,
// interrupted or failed. Whatever arrived stays available through content() and
// reasoning(), whichever way it ended.
//   finished     the gateway sent "data: [DONE]"
//   interrupted  the answer started but ended early (connection lost, silence, no [DONE],
//                cancel()): the partial answer is kept; the caller may offer Retry/Continue
//   failed       no answer could be obtained, or the model reported an error mid-answer
class ChatStream : public QObject
{
    Q_OBJECT

public:
    enum class State { Waiting, Streaming, Finished, Interrupted, Failed };

    // Takes ownership of `call` and starts it.
    explicit ChatStream(GatewayCall *call, QObject *parent = nullptr);
    ~ChatStream() override;

    // Stops at once and keeps what arrived: interrupted (or failed, if nothing had arrived),
    // with GatewayError::Kind::Cancelled.
    void cancel();

    State state() const { return m_state; }
    bool hasEnded() const
    {
        return m_state == State::Finished || m_state == State::Interrupted || m_state == State::Failed;
    }
    QString content() const { return m_content; }
    QString reasoning() const { return m_reasoning; }
    QString finishReason() const { return m_finishReason; }
    std::optional<Usage> usage() const { return m_usage; }
    GatewayError error() const { return m_error; }
    int attempts() const;

Q_SIGNALS:
    void retrying(int nextAttempt, std::chrono::milliseconds delay, const streamcanvas::gateway::GatewayError &reason);
    // The gateway accepted the request and the answer begins.
    void started();
    // Raw bytes of the event stream, as received (for "show what the gateway sent").
    void bytesReceived(const QByteArray &bytes);
    void contentDelta(const QString &text);
    void reasoningDelta(const QString &text);
    void usageReceived(const streamcanvas::gateway::Usage &usage);
    void finishReasonReceived(const QString &reason);

    void finished();
    void interrupted(const streamcanvas::gateway::GatewayError &error);
    void failed(const streamcanvas::gateway::GatewayError &error);

private:
    void onStarted();
    void onBody(const QByteArray &bytes);
    void onEvent(const SseEvent &event);
    void onEnded(const GatewayError &error);
    void handleChunk(const QByteArray &json);
    void end(State state, const GatewayError &error = {});
    GatewayError streamError(GatewayError::Kind kind, const QString &message) const;

    GatewayCall *m_call;
    SseParser m_parser;
    State m_state = State::Waiting;
    bool m_eventStream = true;
    QByteArray m_otherBody;
    QString m_content;
    QString m_reasoning;
    QString m_finishReason;
    std::optional<Usage> m_usage;
    GatewayError m_error;
};

} // namespace streamcanvas::gateway

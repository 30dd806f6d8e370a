#pragma once

#include "gateway/ChatRequest.h"
#include "gateway/GatewayError.h"

#include <QObject>
#include <QStringList>

namespace streamcanvas::gateway {
class ChatStream;
}

namespace streamcanvas::testsupport {

// Records everything a ChatStream emits, and how often each end signal fired, so tests can
// check "exactly one of finished / interrupted / failed".
class ChatRecorder : public QObject
{
    Q_OBJECT

public:
    explicit ChatRecorder(gateway::ChatStream *stream, QObject *parent = nullptr);

    // Spins the event loop until the stream ended (true) or `timeoutMs` passed (false).
    bool waitForEnd(int timeoutMs = 30'000);
    // Spins until at least `count` content deltas arrived.
    bool waitForDeltas(int count, int timeoutMs = 30'000);

    QString outcome() const; // "finished", "interrupted", "failed" or "" while running
    int endSignals() const { return m_finished + m_interrupted + m_failed; }
    QString content() const { return m_content; }
    QString reasoning() const { return m_reasoning; }
    QStringList contentDeltas() const { return m_contentDeltas; }
    std::optional<gateway::Usage> usage() const { return m_usage; }
    QString finishReason() const { return m_finishReason; }
    gateway::GatewayError error() const { return m_error; }
    int retries() const { return m_retries.size(); }
    QList<std::chrono::milliseconds> retryDelays() const { return m_retries; }
    bool started() const { return m_started; }
    qint64 receivedBytes() const { return m_bytes; }

private:
    QString m_content;
    QString m_reasoning;
    QStringList m_contentDeltas;
    std::optional<gateway::Usage> m_usage;
    QString m_finishReason;
    gateway::GatewayError m_error;
    QList<std::chrono::milliseconds> m_retries;
    qint64 m_bytes = 0;
    bool m_started = false;
    int m_finished = 0;
    int m_interrupted = 0;
    int m_failed = 0;
};

} // namespace streamcanvas::testsupport

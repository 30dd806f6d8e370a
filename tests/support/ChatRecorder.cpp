#include "ChatRecorder.h"

#include "gateway/ChatStream.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace streamcanvas::testsupport {

ChatRecorder::ChatRecorder(gateway::ChatStream *stream, QObject *parent)
    : QObject(parent)
{
    using gateway::ChatStream;
    connect(stream, &ChatStream::started, this, [this] { m_started = true; });
    connect(stream, &ChatStream::bytesReceived, this, [this](const QByteArray &bytes) { m_bytes += bytes.size(); });
    connect(stream, &ChatStream::contentDelta, this, [this](const QString &text) {
        m_content += text;
        m_contentDeltas.append(text);
    });
    connect(stream, &ChatStream::reasoningDelta, this, [this](const QString &text) { m_reasoning += text; });
    connect(stream, &ChatStream::usageReceived, this, [this](const gateway::Usage &usage) { m_usage = usage; });
    connect(
        stream, &ChatStream::finishReasonReceived, this, [this](const QString &reason) { m_finishReason = reason; });
    connect(stream, &ChatStream::retrying, this,
        [this](int, std::chrono::milliseconds delay, const gateway::GatewayError &) { m_retries.append(delay); });
    connect(stream, &ChatStream::finished, this, [this] { ++m_finished; });
    connect(stream, &ChatStream::interrupted, this, [this](const gateway::GatewayError &error) {
        ++m_interrupted;
        m_error = error;
    });
    connect(stream, &ChatStream::failed, this, [this](const gateway::GatewayError &error) {
        ++m_failed;
        m_error = error;
    });
}

bool ChatRecorder::waitForEnd(int timeoutMs)
{
    return QTest::qWaitFor([this] { return endSignals() > 0; }, timeoutMs);
}

bool ChatRecorder::waitForDeltas(int count, int timeoutMs)
{
    return QTest::qWaitFor([this, count] { return m_contentDeltas.size() >= count || endSignals() > 0; }, timeoutMs)
        && m_contentDeltas.size() >= count;
}

QString ChatRecorder::outcome() const
{
    if (m_finished)
        return u"finished"_s;
    if (m_interrupted)
        return u"interrupted"_s;
    if (m_failed)
        return u"failed"_s;
    return {};
}

} // namespace streamcanvas::testsupport

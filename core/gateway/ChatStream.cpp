#include "ChatStream.h"

#include "ErrorMapper.h"
#include "GatewayCall.h"
#include "net/NetworkAccessManager.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace streamcanvas::gateway {

namespace {

// A gateway that ignores "stream": true answers with one JSON document; read that much.
constexpr qsizetype maxPlainBody = 4 * 1024 * 1024;
// One event is one token or a few; one this large is a broken or hostile gateway, and
// buffering it would only grow memory without end.
constexpr qsizetype maxEventBytes = 16 * 1024 * 1024;

QString stringField(const QJsonObject &object, QLatin1StringView key)
{
    const QJsonValue value = object.value(key);
    return value.isString() ? value.toString() : QString();
}

} // namespace

ChatStream::ChatStream(GatewayCall *call, QObject *parent)
    : QObject(parent)
    , m_call(call)
{
    m_call->setParent(this);
    connect(m_call, &GatewayCall::retrying, this, &ChatStream::retrying);
    connect(m_call, &GatewayCall::responseStarted, this, &ChatStream::onStarted);
    connect(m_call, &GatewayCall::bodyReceived, this, &ChatStream::onBody);
    connect(m_call, &GatewayCall::ended, this, &ChatStream::onEnded);
    m_call->start();
}

ChatStream::~ChatStream() = default;

int ChatStream::attempts() const
{
    return m_call->attempts();
}

void ChatStream::cancel()
{
    if (!hasEnded())
        m_call->abort();
}

void ChatStream::onStarted()
{
    m_state = State::Streaming;
    const QByteArray type = m_call->contentType().trimmed().toLower();
    m_eventStream = type.startsWith("text/event-stream");
    Q_EMIT started();
}

void ChatStream::onBody(const QByteArray &bytes)
{
    if (hasEnded())
        return;
    Q_EMIT bytesReceived(bytes);
    if (!m_eventStream) {
        if (m_otherBody.size() < maxPlainBody)
            m_otherBody += bytes.left(maxPlainBody - m_otherBody.size());
        return;
    }
    m_parser.feed(bytes, [this](const SseEvent &event) { onEvent(event); });
    if (!hasEnded() && m_parser.pendingBytes() > maxEventBytes) {
        end(State::Failed,
            streamError(GatewayError::Kind::Protocol,
                ErrorMapper::tr("The gateway sent a piece of the answer too large to be a chat event. The answer "
                                "so far is kept.")));
    }
}

void ChatStream::onEvent(const SseEvent &event)
{
    if (hasEnded())
        return;
    if (event.type == "error") {
        end(State::Failed, ErrorMapper(m_call->network().redactor()).fromStreamError(event.data));
        return;
    }
    if (event.data == "[DONE]") {
        end(State::Finished);
        return;
    }
    handleChunk(event.data);
}

void ChatStream::handleChunk(const QByteArray &json)
{
    const QJsonDocument document = QJsonDocument::fromJson(json);
    // Keep-alives and unknown extensions are not chunks; skipping them loses nothing.
    if (!document.isObject())
        return;
    const QJsonObject chunk = document.object();
    if (chunk.contains(u"error"_s)) {
        end(State::Failed, ErrorMapper(m_call->network().redactor()).fromStreamError(json));
        return;
    }

    const QJsonArray choices = chunk.value(u"choices"_s).toArray();
    for (const QJsonValue &choiceValue : choices) {
        const QJsonObject choice = choiceValue.toObject();
        // Only the first choice is shown; n > 1 is never requested.
        if (choice.value(u"index"_s).toInt(0) != 0)
            continue;
        const QJsonObject delta = choice.value(u"delta"_s).toObject();
        QString reasoning = stringField(delta, "reasoning_content"_L1);
        if (reasoning.isEmpty())
            reasoning = stringField(delta, "reasoning"_L1);
        if (!reasoning.isEmpty()) {
            m_reasoning += reasoning;
            Q_EMIT reasoningDelta(reasoning);
        }
        const QString content = stringField(delta, "content"_L1);
        if (!content.isEmpty()) {
            m_content += content;
            Q_EMIT contentDelta(content);
        }
        const QString reason = stringField(choice, "finish_reason"_L1);
        if (!reason.isEmpty()) {
            m_finishReason = reason;
            Q_EMIT finishReasonReceived(reason);
        }
    }

    const QJsonValue usage = chunk.value(u"usage"_s);
    if (usage.isObject()) {
        const QJsonObject object = usage.toObject();
        Usage counts;
        counts.promptTokens = object.value(u"prompt_tokens"_s).toInteger();
        counts.completionTokens = object.value(u"completion_tokens"_s).toInteger();
        counts.totalTokens = object.value(u"total_tokens"_s).toInteger();
        m_usage = counts;
        Q_EMIT usageReceived(counts);
    }
}

void ChatStream::onEnded(const GatewayError &error)
{
    if (hasEnded())
        return;
    if (m_state == State::Waiting) {
        end(State::Failed, error);
        return;
    }
    if (!m_eventStream && !error.isError()) {
        // Not an event stream: an error document, a whole answer from a gateway that does
        // not stream, or something else entirely (a proxy's sign-in page, say).
        const QJsonObject object = QJsonDocument::fromJson(m_otherBody).object();
        if (object.contains(u"error"_s)) {
            end(State::Failed, ErrorMapper(m_call->network().redactor()).fromStreamError(m_otherBody));
            return;
        }
        const QJsonObject message
            = object.value(u"choices"_s).toArray().at(0).toObject().value(u"message"_s).toObject();
        if (message.value(u"content"_s).isString()) {
            m_content = message.value(u"content"_s).toString();
            Q_EMIT contentDelta(m_content);
            end(State::Finished);
            return;
        }
        end(State::Failed,
            streamError(GatewayError::Kind::Protocol,
                ErrorMapper::tr("The gateway answered with something that is not a chat answer. A proxy or "
                                "sign-in page may be in the way.")));
        return;
    }
    if (!error.isError()) {
        m_parser.finish();
        end(State::Interrupted,
            streamError(GatewayError::Kind::Cut,
                ErrorMapper::tr("The answer was cut off: the gateway ended the stream before it was complete.")));
        return;
    }
    end(State::Interrupted, error);
}

GatewayError ChatStream::streamError(GatewayError::Kind kind, const QString &message) const
{
    return {kind, message, m_call->httpStatus(), {}};
}

void ChatStream::end(State state, const GatewayError &error)
{
    m_state = state;
    m_error = error;
    // Stop reading: after [DONE] or an error nothing that follows belongs to the answer.
    m_call->disconnect(this);
    m_call->abort();
    switch (state) {
    case State::Finished:
        Q_EMIT finished();
        break;
    case State::Interrupted:
        Q_EMIT interrupted(error);
        break;
    case State::Failed:
        Q_EMIT failed(error);
        break;
    case State::Waiting:
    case State::Streaming:
        break;
    }
}

} // namespace streamcanvas::gateway

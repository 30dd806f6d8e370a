#include "ChatOutput.h"

#include "CommandStreams.h"
#include "markdown/DocumentText.h"
#include "markdown/TextSanitizer.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace streamcanvas::cli {

namespace {

QString kindName(gateway::GatewayError::Kind kind)
{
    using Kind = gateway::GatewayError::Kind;
    switch (kind) {
    case Kind::None:
        return u"none"_s;
    case Kind::SignIn:
        return u"sign-in"_s;
    case Kind::Permission:
        return u"permission"_s;
    case Kind::NotFound:
        return u"not-found"_s;
    case Kind::TooLarge:
        return u"too-large"_s;
    case Kind::RateLimited:
        return u"rate-limited"_s;
    case Kind::BadRequest:
        return u"bad-request"_s;
    case Kind::Gateway:
        return u"gateway"_s;
    case Kind::Network:
        return u"network"_s;
    case Kind::Tls:
        return u"tls"_s;
    case Kind::Timeout:
        return u"timeout"_s;
    case Kind::NotAllowed:
        return u"not-allowed"_s;
    case Kind::Protocol:
        return u"protocol"_s;
    case Kind::ModelError:
        return u"model-error"_s;
    case Kind::Cut:
        return u"cut"_s;
    case Kind::Cancelled:
        return u"cancelled"_s;
    }
    return u"unknown"_s;
}

} // namespace

ChatOutput::ChatOutput(Format format, bool terminal, CommandStreams &streams)
    : m_format(format)
    , m_terminal(terminal)
    , m_streams(streams)
{
}

void ChatOutput::started()
{
    if (m_format == Format::Json)
        json({{u"event"_s, u"started"_s}});
}

void ChatOutput::retrying(int nextAttempt, std::chrono::milliseconds delay, const gateway::GatewayError &reason)
{
    if (m_format == Format::Json) {
        json({{u"event"_s, u"retrying"_s}, {u"attempt"_s, nextAttempt}, {u"delay_ms"_s, qint64(delay.count())},
            {u"reason"_s, reason.message}});
        return;
    }
    m_streams.printError(tr("%1 Trying again in %2 s (attempt %3)...")
                             .arg(reason.message)
                             .arg(double(delay.count()) / 1000.0, 0, 'f', 1)
                             .arg(nextAttempt)
        + u'\n');
}

void ChatOutput::content(const QString &text)
{
    if (m_inReasoning) {
        m_streams.printError(u"\n"_s);
        m_inReasoning = false;
    }
    m_anyContent = true;
    switch (m_format) {
    case Format::Raw:
        if (m_terminal) {
            QString shown = text;
            markdown::TextSanitizer::sanitize(shown);
            write(shown);
        } else {
            write(text);
        }
        break;
    case Format::Json:
        json({{u"event"_s, u"content"_s}, {u"text"_s, text}});
        break;
    case Format::Text: {
        m_markdown.append(text.toUtf8());
        const markdown::Update update = m_markdown.update();
        printFinalBlocks(update.finalCount);
        break;
    }
    }
}

void ChatOutput::reasoning(const QString &text)
{
    if (m_format == Format::Json) {
        json({{u"event"_s, u"reasoning"_s}, {u"text"_s, text}});
        return;
    }
    m_inReasoning = true;
    QString shown = text;
    markdown::TextSanitizer::sanitize(shown);
    m_streams.printError(shown);
}

void ChatOutput::usage(const gateway::Usage &usage)
{
    if (m_format != Format::Json)
        return;
    json({{u"event"_s, u"usage"_s}, {u"prompt_tokens"_s, usage.promptTokens},
        {u"completion_tokens"_s, usage.completionTokens}, {u"total_tokens"_s, usage.totalTokens}});
}

void ChatOutput::finishReason(const QString &reason)
{
    if (m_format == Format::Json)
        json({{u"event"_s, u"finish_reason"_s}, {u"reason"_s, reason}});
}

void ChatOutput::ended(const QString &how, const gateway::GatewayError &error)
{
    if (m_inReasoning) {
        m_streams.printError(u"\n"_s);
        m_inReasoning = false;
    }
    switch (m_format) {
    case Format::Raw:
        if (m_anyContent)
            write(u"\n"_s);
        break;
    case Format::Text: {
        m_markdown.finish();
        printFinalBlocks(int(m_markdown.document().blocks.size()));
        if (m_printedBlocks > 0)
            write(u"\n"_s);
        break;
    }
    case Format::Json: {
        QJsonObject event{{u"event"_s, how}};
        if (error.isError()) {
            event.insert(u"kind"_s, kindName(error.kind));
            event.insert(u"message"_s, error.message);
            if (error.httpStatus)
                event.insert(u"http_status"_s, error.httpStatus);
        }
        json(event);
        break;
    }
    }
    m_streams.flush();
}

void ChatOutput::printFinalBlocks(int count)
{
    const markdown::Blocks &blocks = m_markdown.document().blocks;
    count = std::min<int>(count, int(blocks.size()));
    if (count <= m_printedBlocks)
        return;
    const markdown::Blocks fresh(blocks.begin() + m_printedBlocks, blocks.begin() + count);
    write((m_printedBlocks > 0 ? u"\n\n"_s : QString()) + markdown::DocumentText::toText(fresh));
    m_printedBlocks = count;
}

void ChatOutput::json(const QJsonObject &object)
{
    if (!m_streams.printBytes(QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n') || !m_streams.flush())
        m_writeFailed = true;
}

void ChatOutput::write(const QString &text)
{
    if (!m_streams.print(text) || !m_streams.flush())
        m_writeFailed = true;
}

} // namespace streamcanvas::cli

#pragma once

#include "gateway/ChatRequest.h"
#include "gateway/GatewayError.h"
#include "markdown/StreamingMarkdown.h"

#include <QCoreApplication>

namespace streamcanvas::cli {

class CommandStreams;

// Writes a streamed answer in one of the chat command's formats:
//   raw   the Markdown as received
//   text  rendered through the sanitizing Markdown core, block by block as blocks become final
//   json  one JSON object per line for every event
// Reasoning goes to stderr in raw and text, so stdout holds only the answer.
class ChatOutput
{
    Q_DECLARE_TR_FUNCTIONS(ChatOutput)

public:
    enum class Format { Raw, Text, Json };

    // `terminal`: stdout is a terminal, so even raw output gets escape sequences and hidden
    // characters made visible (a model must not be able to drive the terminal).
    ChatOutput(Format format, bool terminal, CommandStreams &streams);

    void started();
    void retrying(int nextAttempt, std::chrono::milliseconds delay, const gateway::GatewayError &reason);
    void content(const QString &text);
    void reasoning(const QString &text);
    void usage(const gateway::Usage &usage);
    void finishReason(const QString &reason);
    // The end, whichever it was: prints what is still pending. `how` is "finished",
    // "interrupted" or "failed".
    void ended(const QString &how, const gateway::GatewayError &error);

    bool writeFailed() const { return m_writeFailed; }

private:
    void printFinalBlocks(int count);
    void json(const QJsonObject &object);
    void write(const QString &text);

    Format m_format;
    bool m_terminal;
    CommandStreams &m_streams;
    markdown::StreamingMarkdown m_markdown;
    int m_printedBlocks = 0;
    bool m_anyContent = false;
    bool m_inReasoning = false;
    bool m_writeFailed = false;
};

} // namespace streamcanvas::cli

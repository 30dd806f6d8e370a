#pragma once

#include <QList>
#include <QString>

namespace streamcanvas::gateway {

// One message of a conversation as the OpenAI-compatible API takes it.
struct ChatMessage {
    QString role; // "system", "user" or "assistant"
    QString content;
};

struct ChatRequest {
    QString model;
    QList<ChatMessage> messages;
};

// Token counts the gateway reports at the end of a stream (stream_options.include_usage).
struct Usage {
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
    qint64 totalTokens = 0;

    friend bool operator==(const Usage &, const Usage &) = default;
};

} // namespace streamcanvas::gateway

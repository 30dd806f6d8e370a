#pragma once

#include "markdown/StreamingMarkdown.h"

#include <QObject>
#include <QTimer>

namespace streamcanvas::gui {

class MessageView;

// Feeds a streaming answer into a MessageView. Appends only buffer; the parse and the
// widget update run at most once per frame, so a fast stream of tiny chunks costs one
// update per frame rather than one per chunk.
class StreamingMarkdownController : public QObject
{
    Q_OBJECT

public:
    StreamingMarkdownController(markdown::ParseOptions options, MessageView &view, QObject *parent = nullptr);

    void append(QByteArrayView bytes);
    // Applies everything still pending and the final parse.
    void finish();
    bool isFinished() const { return m_stream.isFinished(); }

    const markdown::StreamingMarkdown &stream() const { return m_stream; }

    static constexpr int frameIntervalMs = 16;

Q_SIGNALS:
    // After each update that reached the view.
    void updated();
    void finished();

private:
    void applyPending();

    markdown::StreamingMarkdown m_stream;
    MessageView &m_view;
    QTimer m_frame;
};

} // namespace streamcanvas::gui

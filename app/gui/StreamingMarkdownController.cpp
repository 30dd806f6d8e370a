#include "StreamingMarkdownController.h"

#include "MessageView.h"

namespace streamcanvas::gui {

StreamingMarkdownController::StreamingMarkdownController(
    markdown::ParseOptions options, MessageView &view, QObject *parent)
    : QObject(parent)
    , m_stream(std::move(options))
    , m_view(view)
{
    m_frame.setSingleShot(true);
    m_frame.setInterval(frameIntervalMs);
    connect(&m_frame, &QTimer::timeout, this, &StreamingMarkdownController::applyPending);
}

void StreamingMarkdownController::append(QByteArrayView bytes)
{
    if (m_stream.isFinished() || bytes.isEmpty())
        return;
    m_stream.append(bytes);
    // Not restarted while running: a steady stream must still be shown every frame.
    if (!m_frame.isActive())
        m_frame.start();
}

void StreamingMarkdownController::finish()
{
    if (m_stream.isFinished())
        return;
    m_frame.stop();
    m_view.applyUpdate(m_stream.finish());
    m_view.setNotices(m_stream.notices());
    m_view.setHiddenCharacters(m_stream.hiddenCharacters());
    Q_EMIT updated();
    Q_EMIT finished();
}

void StreamingMarkdownController::applyPending()
{
    const markdown::Update update = m_stream.update();
    if (!update.changed)
        return;
    m_view.applyUpdate(update);
    m_view.setNotices(m_stream.notices());
    m_view.setHiddenCharacters(m_stream.hiddenCharacters());
    Q_EMIT updated();
}

} // namespace streamcanvas::gui

#pragma once

#include "markdown/ParseOptions.h"

#include <QByteArray>
#include <QMainWindow>
#include <QTimer>

class QScrollArea;

namespace streamcanvas::gui {

class LinkActivator;
class MessageView;
class StreamingMarkdownController;

// For now a window that shows one rendered Markdown answer, either at once or fed in
// small chunks so that streaming can be watched.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // Shows where a hovered link goes in the status bar.
    MainWindow(LinkActivator &links, markdown::ParseOptions options, QWidget *parent = nullptr);

    // Returns false (and says why in the status bar) when the file cannot be read.
    bool openFile(const QString &path, bool streamed);
    void showMarkdown(const QByteArray &markdown, bool streamed);

    MessageView *messageView() const { return m_view; }
    StreamingMarkdownController *controller() const { return m_controller; }

    static constexpr int streamChunkBytes = 24;
    static constexpr int streamIntervalMs = 30;

Q_SIGNALS:
    void answerFinished();

private:
    void feedNextChunk();
    void followTail();

    markdown::ParseOptions m_options;
    QScrollArea *m_scroll = nullptr;
    MessageView *m_view = nullptr;
    StreamingMarkdownController *m_controller = nullptr;
    QByteArray m_pending;
    qsizetype m_fed = 0;
    QTimer m_feed;
    bool m_atBottom = true;
};

} // namespace streamcanvas::gui

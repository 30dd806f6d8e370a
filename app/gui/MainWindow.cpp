#include "MainWindow.h"

#include "LinkActivator.h"
#include "MessageView.h"
#include "StreamingMarkdownController.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QScrollArea>
#include <QScrollBar>
#include <QStatusBar>

namespace streamcanvas::gui {

MainWindow::MainWindow(LinkActivator &links, markdown::ParseOptions options, QWidget *parent)
    : QMainWindow(parent)
    , m_options(std::move(options))
{
    setWindowTitle(tr("StreamCanvas"));
    resize(820, 900);

    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(QStringLiteral("messageScroll"));
    m_scroll->setWidgetResizable(true);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_view = new MessageView(links, m_scroll);
    m_scroll->setWidget(m_view);
    setCentralWidget(m_scroll);

    QScrollBar *bar = m_scroll->verticalScrollBar();
    connect(bar, &QScrollBar::valueChanged, this, [this, bar](int value) { m_atBottom = value >= bar->maximum(); });
    connect(bar, &QScrollBar::rangeChanged, this, &MainWindow::followTail);

    connect(&links, &LinkActivator::hovered, this, [this](const QString &destination) {
        if (destination.isEmpty())
            statusBar()->clearMessage();
        else
            statusBar()->showMessage(destination);
    });

    m_feed.setInterval(streamIntervalMs);
    connect(&m_feed, &QTimer::timeout, this, &MainWindow::feedNextChunk);
}

bool MainWindow::openFile(const QString &path, bool streamed)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        statusBar()->showMessage(tr("Cannot open %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    setWindowTitle(tr("%1 \u2014 StreamCanvas").arg(QFileInfo(path).fileName()));
    showMarkdown(file.readAll(), streamed);
    return true;
}

void MainWindow::showMarkdown(const QByteArray &markdown, bool streamed)
{
    m_feed.stop();
    delete m_controller;
    m_view->clear();
    m_controller = new StreamingMarkdownController(m_options, *m_view, this);
    connect(m_controller, &StreamingMarkdownController::finished, this, &MainWindow::answerFinished);
    m_atBottom = true;
    if (!streamed) {
        m_controller->append(markdown);
        m_controller->finish();
        m_scroll->verticalScrollBar()->setValue(0);
        return;
    }
    m_pending = markdown;
    m_fed = 0;
    statusBar()->showMessage(tr("Receiving\u2026"));
    m_feed.start();
}

void MainWindow::feedNextChunk()
{
    const qsizetype size = std::min<qsizetype>(streamChunkBytes, m_pending.size() - m_fed);
    m_controller->append(QByteArrayView(m_pending).sliced(m_fed, size));
    m_fed += size;
    if (m_fed >= m_pending.size()) {
        m_feed.stop();
        m_controller->finish();
        statusBar()->showMessage(tr("Done"), 3000);
    }
}

void MainWindow::followTail()
{
    // Keep the newest text in view while streaming, unless the reader scrolled up.
    if (m_feed.isActive() && m_atBottom)
        m_scroll->verticalScrollBar()->setValue(m_scroll->verticalScrollBar()->maximum());
}

} // namespace streamcanvas::gui

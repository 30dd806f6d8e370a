#include "DialogLinkConfirmer.h"
#include "DocumentTextView.h"
#include "GuiTestHelpers.h"
#include "LinkActivator.h"
#include "MainWindow.h"
#include "MessageView.h"
#include "RecordingUrlOpener.h"
#include "StreamingMarkdownController.h"
#include "markdown/LinkSafety.h"

#include <QDir>
#include <QImage>
#include <QPixmap>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>
#include <QTextDocument>

using namespace streamcanvas;
using namespace streamcanvas::testsupport;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void opensAndRendersFile();
    void streamsFileToTheSameResult();
    void missingFileIsReported();
    void hoveredLinkShowsDestinationInStatusBar();

private:
    RecordingUrlOpener m_opener;
    gui::DialogLinkConfirmer m_confirmer;
};

static QString hostilePath()
{
    return QStringLiteral(STREAMCANVAS_TEST_DATA_DIR "/gui/hostile.md");
}

void TestMainWindow::opensAndRendersFile()
{
    const markdown::ParseOptions options;
    gui::LinkActivator links(options.allowedLinkSchemes, m_confirmer, m_opener);
    gui::MainWindow window(links, options);
    QVERIFY(window.openFile(hostilePath(), false));
    window.resize(820, 2300);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.windowTitle().contains(QStringLiteral("hostile.md")));

    const markdown::Document expected
        = markdown::StreamingMarkdown::parse(readTestData(QStringLiteral("gui/hostile.md")));
    QCOMPARE(window.messageView()->blockCount(), int(expected.blocks.size()));
    QVERIFY(m_opener.opened.isEmpty());

    // A picture of the rendering, for people to look at (kept in the build tree). Text views
    // settle their height once laid out at the final width, so let pending layouts run first.
    QTest::qWait(100);
    const QImage image = window.grab().toImage();
    QVERIFY(!image.isNull());
    const QString png = QDir(QStringLiteral(STREAMCANVAS_TEST_OUTPUT_DIR)).filePath(QStringLiteral("hostile.png"));
    QVERIFY(image.save(png));
    qInfo("rendering saved to %s", qPrintable(png));
}

void TestMainWindow::streamsFileToTheSameResult()
{
    const markdown::ParseOptions options;
    gui::LinkActivator links(options.allowedLinkSchemes, m_confirmer, m_opener);
    gui::MainWindow window(links, options);
    QSignalSpy finished(&window, &gui::MainWindow::answerFinished);
    QVERIFY(window.openFile(hostilePath(), true));
    window.show();
    QCOMPARE(window.messageView()->blockCount(), 0);
    QVERIFY(finished.wait(30000));

    const markdown::Document expected
        = markdown::StreamingMarkdown::parse(readTestData(QStringLiteral("gui/hostile.md")));
    QCOMPARE(window.messageView()->blockCount(), int(expected.blocks.size()));
    for (int i = 0; i < window.messageView()->blockCount(); ++i)
        QVERIFY(window.messageView()->block(i) == expected.blocks[size_t(i)]);
}

void TestMainWindow::missingFileIsReported()
{
    const markdown::ParseOptions options;
    gui::LinkActivator links(options.allowedLinkSchemes, m_confirmer, m_opener);
    gui::MainWindow window(links, options);
    const QString missing
        = QDir::temp().filePath(QStringLiteral("does-not-exist-%1.md").arg(QCoreApplication::applicationPid()));
    QVERIFY(!window.openFile(missing, false));
    QVERIFY(window.statusBar()->currentMessage().contains(QDir::toNativeSeparators(missing)));
    QCOMPARE(window.messageView()->blockCount(), 0);
}

void TestMainWindow::hoveredLinkShowsDestinationInStatusBar()
{
    const markdown::ParseOptions options;
    gui::LinkActivator links(options.allowedLinkSchemes, m_confirmer, m_opener);
    gui::MainWindow window(links, options);
    QVERIFY(window.openFile(hostilePath(), false));
    window.resize(820, 1200);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    const markdown::Document document
        = markdown::StreamingMarkdown::parse(readTestData(QStringLiteral("gui/hostile.md")));
    const markdown::Inline *link = findLink(document.blocks, QStringLiteral("https://bank.example/login"));
    QVERIFY(link);
    gui::DocumentTextView *view = textViewContaining(window.messageView(), QStringLiteral("bank.example/login"));
    QVERIFY(view);
    const QTextCursor found = view->document()->find(QStringLiteral("bank.example/login"));
    QTextCursor inside(view->document());
    inside.setPosition(found.selectionStart() + 2);
    QTest::mouseMove(view->viewport(), view->cursorRect(inside).center() + QPoint(1, 0));
    // The real destination, not the text that pretends to be one.
    QTRY_COMPARE(window.statusBar()->currentMessage(), markdown::LinkSafety::displayUrl(link->href));
    QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("evil.example")));
}

QTEST_MAIN(TestMainWindow)
#include "tst_MainWindow.moc"

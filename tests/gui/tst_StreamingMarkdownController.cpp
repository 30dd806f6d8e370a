#include "DialogLinkConfirmer.h"
#include "GuiTestHelpers.h"
#include "LinkActivator.h"
#include "MessageView.h"
#include "RecordingUrlOpener.h"
#include "StreamingMarkdownController.h"

#include <QElapsedTimer>
#include <QLabel>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace streamcanvas;
using namespace streamcanvas::testsupport;

class TestStreamingMarkdownController : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void appendsAreCoalescedIntoOneUpdatePerFrame();
    void streamedResultEqualsOneShotParse();
    void finishedBlocksKeepTheirWidgets();
    void badgeCountsHiddenCharactersWhileStreaming();

private:
    RecordingUrlOpener m_opener;
    gui::DialogLinkConfirmer m_confirmer;
    std::unique_ptr<gui::LinkActivator> m_links;
    std::unique_ptr<gui::MessageView> m_view;
};

void TestStreamingMarkdownController::init()
{
    m_links = std::make_unique<gui::LinkActivator>(markdown::ParseOptions{}.allowedLinkSchemes, m_confirmer, m_opener);
    m_view = std::make_unique<gui::MessageView>(*m_links);
    m_view->resize(700, 1500);
    m_view->show();
}

void TestStreamingMarkdownController::cleanup()
{
    m_view.reset();
    m_links.reset();
}

void TestStreamingMarkdownController::appendsAreCoalescedIntoOneUpdatePerFrame()
{
    gui::StreamingMarkdownController controller({}, *m_view);
    QSignalSpy updates(&controller, &gui::StreamingMarkdownController::updated);
    const QByteArray text = "# Title\n\nFirst paragraph with some words.\n\nSecond paragraph.\n\nThird";
    for (char c : text)
        controller.append(QByteArrayView(&c, 1));
    // Appending only buffers.
    QCOMPARE(updates.count(), 0);
    QCOMPARE(m_view->blockCount(), 0);

    QTRY_COMPARE(updates.count(), 1);
    QVERIFY(m_view->blockCount() >= 2);
    QCOMPARE(m_view->blockCount(), int(controller.stream().blocks().size()));
    QTest::qWait(3 * gui::StreamingMarkdownController::frameIntervalMs);
    QCOMPARE(updates.count(), 1);

    const int before = m_view->blockCount();
    controller.append("\n\nFourth.\n\nFifth");
    QTRY_COMPARE(updates.count(), 2);
    QVERIFY(m_view->blockCount() > before);

    controller.finish();
    QCOMPARE(updates.count(), 3);
    QCOMPARE(m_view->blockCount(), 6);
    controller.append("ignored after finish");
    QTest::qWait(3 * gui::StreamingMarkdownController::frameIntervalMs);
    QCOMPARE(updates.count(), 3);
}

void TestStreamingMarkdownController::streamedResultEqualsOneShotParse()
{
    const QByteArray source = readTestData(QStringLiteral("gui/hostile.md"));
    const markdown::Document expected = markdown::StreamingMarkdown::parse(source);

    gui::StreamingMarkdownController controller({}, *m_view);
    QSignalSpy updates(&controller, &gui::StreamingMarkdownController::updated);
    for (qsizetype at = 0; at < source.size(); at += 17) {
        controller.append(QByteArrayView(source).sliced(at, std::min<qsizetype>(17, source.size() - at)));
        if (at % (17 * 8) == 0)
            QTest::qWait(gui::StreamingMarkdownController::frameIntervalMs + 4);
    }
    controller.finish();
    QVERIFY(updates.count() > 3);
    // Far fewer updates than chunks: the frame timer coalesced them.
    QVERIFY(updates.count() < source.size() / 17);

    QCOMPARE(m_view->blockCount(), int(expected.blocks.size()));
    for (int i = 0; i < m_view->blockCount(); ++i)
        QVERIFY2(m_view->block(i) == expected.blocks[size_t(i)], qPrintable(QString::number(i)));
}

void TestStreamingMarkdownController::finishedBlocksKeepTheirWidgets()
{
    gui::StreamingMarkdownController controller({}, *m_view);
    controller.append("# Title\n\nFirst paragraph.\n\nSecond paragraph.\n\nThi");
    QTRY_VERIFY(m_view->blockCount() >= 2);
    const QPointer<QWidget> heading = m_view->blockWidget(0);
    const QPointer<QWidget> paragraph = m_view->blockWidget(1);

    const QByteArray rest = "rd paragraph, growing.\n\nFourth";
    for (char c : rest) {
        controller.append(QByteArrayView(&c, 1));
        QTest::qWait(gui::StreamingMarkdownController::frameIntervalMs / 2);
    }
    controller.append(".\n\n```\ncode\n```\n");
    controller.finish();
    QCOMPARE(m_view->blockCount(), 6);
    QVERIFY(!heading.isNull());
    QVERIFY(!paragraph.isNull());
    QCOMPARE(m_view->blockWidget(0), heading.data());
    QCOMPARE(m_view->blockWidget(1), paragraph.data());
}

void TestStreamingMarkdownController::badgeCountsHiddenCharactersWhileStreaming()
{
    gui::StreamingMarkdownController controller({}, *m_view);
    controller.append("a\u202Eb and c\u200Bd\n\nnext paragraph\n\nlast");
    auto *badge = m_view->findChild<QLabel *>(QStringLiteral("hiddenCharactersBadge"));
    QVERIFY(badge);
    QTRY_VERIFY(!badge->isHidden());
    const int streaming = controller.stream().hiddenCharacters();
    QVERIFY(streaming >= 2);
    QVERIFY(badge->text().contains(QString::number(streaming)));
    controller.finish();
    QVERIFY(badge->text().contains(QString::number(controller.stream().document().hiddenCharacters)));
}

QTEST_MAIN(TestStreamingMarkdownController)
#include "tst_StreamingMarkdownController.moc"

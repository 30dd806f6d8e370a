#include "DialogLinkConfirmer.h"
#include "LinkActivator.h"
#include "RecordingUrlOpener.h"
#include "TextBlockWidget.h"
#include "markdown/LinkSafety.h"
#include "markdown/ParseOptions.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QMenu>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>

using namespace streamcanvas;
using markdown::Block;
using markdown::Inline;
using markdown::Mark;

class TestTextBlockWidget : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void breaksAreSpaceAndLineBreak();
    void marksBecomeCharacterFormats();
    void markupInTextStaysText();
    void safeLinkIsAnAnchorUnsafeLinkIsNot();
    void imageIsTextPlaceholder();
    void headingIsLargerAndBold();
    void heightFitsText();
    void hoverReportsTheRealDestination();
    void copyLinkLocationCopiesTheRealDestination();

private:
    static Inline text(const QString &content, markdown::Marks marks = {});
    static Inline link(const QString &content, const QString &href, bool safe);
    static Block paragraph(markdown::Inlines inlines);
    QTextCharFormat formatAt(const gui::TextBlockWidget &widget, const QString &needle) const;

    testsupport::RecordingUrlOpener m_opener;
    gui::DialogLinkConfirmer m_confirmer;
    std::unique_ptr<gui::LinkActivator> m_links;
};

void TestTextBlockWidget::init()
{
    m_links = std::make_unique<gui::LinkActivator>(markdown::ParseOptions{}.allowedLinkSchemes, m_confirmer, m_opener);
}

void TestTextBlockWidget::cleanup()
{
    m_links.reset();
}

Inline TestTextBlockWidget::text(const QString &content, markdown::Marks marks)
{
    Inline item;
    item.text = content;
    item.marks = marks;
    return item;
}

Inline TestTextBlockWidget::link(const QString &content, const QString &href, bool safe)
{
    Inline item;
    item.kind = Inline::Kind::Link;
    item.href = href;
    item.safe = safe;
    item.children.push_back(text(content));
    return item;
}

Block TestTextBlockWidget::paragraph(markdown::Inlines inlines)
{
    Block block;
    block.inlines = std::move(inlines);
    return block;
}

QTextCharFormat TestTextBlockWidget::formatAt(const gui::TextBlockWidget &widget, const QString &needle) const
{
    const QTextCursor found = widget.document()->find(needle);
    if (found.isNull())
        return {};
    QTextCursor inside(widget.document());
    inside.setPosition(found.selectionStart() + 1);
    return inside.charFormat();
}

void TestTextBlockWidget::breaksAreSpaceAndLineBreak()
{
    Inline soft;
    soft.kind = Inline::Kind::SoftBreak;
    Inline hard;
    hard.kind = Inline::Kind::HardBreak;
    gui::TextBlockWidget widget(paragraph({text(QStringLiteral("one")), soft, text(QStringLiteral("two")), hard,
                                    text(QStringLiteral("three"))}),
        *m_links);
    QCOMPARE(widget.document()->toPlainText(), QStringLiteral("one two\nthree"));
    // A hard break stays inside the paragraph.
    QCOMPARE(widget.document()->blockCount(), 1);
}

void TestTextBlockWidget::marksBecomeCharacterFormats()
{
    gui::TextBlockWidget widget(
        paragraph({text(QStringLiteral("bold"), Mark::Strong), text(QStringLiteral(" slanted"), Mark::Emphasis),
            text(QStringLiteral(" gone"), Mark::Strike), text(QStringLiteral(" mono"), Mark::Code)}),
        *m_links);
    QCOMPARE(formatAt(widget, QStringLiteral("bold")).fontWeight(), int(QFont::Bold));
    QVERIFY(formatAt(widget, QStringLiteral("slanted")).fontItalic());
    QVERIFY(!formatAt(widget, QStringLiteral("slanted")).fontStrikeOut());
    QVERIFY(formatAt(widget, QStringLiteral("gone")).fontStrikeOut());
    QVERIFY(formatAt(widget, QStringLiteral("mono")).fontFixedPitch());
    QVERIFY(!formatAt(widget, QStringLiteral("bold")).fontFixedPitch());
}

void TestTextBlockWidget::markupInTextStaysText()
{
    const QString markup = QStringLiteral("<b>not bold</b> <img src=\"https://x.example/a.png\"> &amp; **no**");
    gui::TextBlockWidget widget(paragraph({text(markup)}), *m_links);
    QCOMPARE(widget.document()->toPlainText(), markup);
    QCOMPARE(
        formatAt(widget, QStringLiteral("not bold")).fontWeight(), formatAt(widget, QStringLiteral("no")).fontWeight());
    QVERIFY(!formatAt(widget, QStringLiteral("not bold")).isAnchor());
}

void TestTextBlockWidget::safeLinkIsAnAnchorUnsafeLinkIsNot()
{
    const QString unsafe = QStringLiteral("javascript:alert(1)");
    gui::TextBlockWidget widget(paragraph({link(QStringLiteral("good"), QStringLiteral("https://example.com/"), true),
                                    text(QStringLiteral(" and ")), link(QStringLiteral("evil"), unsafe, false)}),
        *m_links);
    QVERIFY(formatAt(widget, QStringLiteral("good")).isAnchor());
    QVERIFY(!formatAt(widget, QStringLiteral("evil")).isAnchor());
    // The unsafe destination is shown, muted and not clickable.
    const QTextCharFormat destination = formatAt(widget, unsafe);
    QVERIFY(!destination.isAnchor());
    QCOMPARE(destination.foreground().color(), widget.palette().color(QPalette::PlaceholderText));
    QCOMPARE(widget.links().size(), size_t(1));
    QCOMPARE(widget.links().front().href, QStringLiteral("https://example.com/"));
    QCOMPARE(widget.links().front().visibleText, QStringLiteral("good"));
}

void TestTextBlockWidget::imageIsTextPlaceholder()
{
    Inline image;
    image.kind = Inline::Kind::Image;
    image.text = QStringLiteral("chart");
    image.href = QStringLiteral("https://img.example.org/c.png");
    gui::TextBlockWidget widget(paragraph({text(QStringLiteral("see ")), image}), *m_links);
    const QString shown = widget.document()->toPlainText();
    QVERIFY(shown.contains(QStringLiteral("chart")));
    QVERIFY(shown.contains(markdown::LinkSafety::displayHost(image.href)));
    QVERIFY(!shown.contains(QStringLiteral("c.png")));
}

void TestTextBlockWidget::headingIsLargerAndBold()
{
    Block heading = paragraph({text(QStringLiteral("Title"))});
    heading.kind = Block::Kind::Heading;
    heading.level = 1;
    gui::TextBlockWidget big(heading, *m_links);
    gui::TextBlockWidget body(paragraph({text(QStringLiteral("Title"))}), *m_links);
    QCOMPARE(formatAt(big, QStringLiteral("Title")).fontWeight(), int(QFont::Bold));
    QVERIFY(QFontInfo(formatAt(big, QStringLiteral("Title")).font()).pointSizeF()
        > QFontInfo(formatAt(body, QStringLiteral("Title")).font()).pointSizeF());
}

void TestTextBlockWidget::heightFitsText()
{
    QString longText;
    for (int i = 0; i < 60; ++i)
        longText += QStringLiteral("word%1 ").arg(i);
    gui::TextBlockWidget one(paragraph({text(QStringLiteral("short"))}), *m_links);
    gui::TextBlockWidget many(paragraph({text(longText)}), *m_links);
    for (gui::TextBlockWidget *widget : {&one, &many}) {
        widget->resize(300, 10);
        widget->show();
        QVERIFY(QTest::qWaitForWindowExposed(widget));
        QTRY_COMPARE(widget->height(), qCeil(widget->document()->size().height()));
    }
    QVERIFY(many.height() > 3 * one.height());
}

void TestTextBlockWidget::hoverReportsTheRealDestination()
{
    const QString href = QStringLiteral("https://\u0430pple.example/x");
    gui::TextBlockWidget widget(paragraph({link(QStringLiteral("https://apple.example/x"), href, true)}), *m_links);
    widget.resize(400, 40);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    QSignalSpy hovered(m_links.get(), &gui::LinkActivator::hovered);
    QTextCursor inside(widget.document());
    inside.setPosition(5);
    QTest::mouseMove(widget.viewport(), widget.cursorRect(inside).center() + QPoint(1, 0));
    QTRY_VERIFY(!hovered.isEmpty());
    QCOMPARE(hovered.last().first().toString(), markdown::LinkSafety::displayUrl(href));
}

void TestTextBlockWidget::copyLinkLocationCopiesTheRealDestination()
{
    const QString href = QStringLiteral("https://\u0430pple.example/x?y=1");
    gui::TextBlockWidget widget(
        paragraph({text(QStringLiteral("plain words ")), link(QStringLiteral("the link"), href, true)}), *m_links);
    widget.resize(400, 40);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    const auto pointAt = [&](const QString &needle) {
        QTextCursor inside(widget.document());
        inside.setPosition(widget.document()->find(needle).selectionStart() + 2);
        return widget.cursorRect(inside).center() + QPoint(1, 0);
    };

    const std::unique_ptr<QMenu> onLink(widget.createContextMenu(pointAt(QStringLiteral("the link"))));
    QAction *copyLink = onLink->findChild<QAction *>(QStringLiteral("link-copy"));
    QVERIFY(copyLink);
    QVERIFY(copyLink->isEnabled());
    QGuiApplication::clipboard()->clear();
    copyLink->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), markdown::LinkSafety::displayUrl(href));

    const std::unique_ptr<QMenu> onText(widget.createContextMenu(pointAt(QStringLiteral("plain"))));
    const QList<QAction *> actions = onText->actions();
    QVERIFY(std::none_of(
        actions.begin(), actions.end(), [](const QAction *action) { return action->objectName() == u"link-copy"; }));
}

QTEST_MAIN(TestTextBlockWidget)
#include "tst_TextBlockWidget.moc"

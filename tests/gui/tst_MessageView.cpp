#include "CodeBlockWidget.h"
#include "DialogLinkConfirmer.h"
#include "DocumentTextView.h"
#include "GuiTestHelpers.h"
#include "ImagePlaceholderWidget.h"
#include "LinkActivator.h"
#include "LinkConfirmationDialog.h"
#include "MessageView.h"
#include "ModalDialogWatcher.h"
#include "RecordingUrlOpener.h"
#include "markdown/LinkSafety.h"
#include "markdown/StreamingMarkdown.h"
#include "markdown/TextSanitizer.h"

#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QLayout>
#include <QPointer>
#include <QScrollArea>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>

#include <memory>

using namespace streamcanvas;
using namespace streamcanvas::testsupport;
using markdown::Block;
using markdown::LinkSafety;

class TestMessageView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void everyLabelIsPlainText();
    void noTextViewOpensLinksItself();
    void everyAnchorIsAnAllowedLink();
    void javascriptLinkIsNotClickable();
    void idnLinkAsksWithPunycodeHostBeforeOpening();
    void declinedLinkIsNotOpened();
    void misleadingLinkTextShowsWarning();
    void imageIsPlaceholderWithAltAndHost();
    void noNetworkObjectExists();
    void hiddenCharactersAreVisibleAndCounted();
    void rawHtmlIsLiteralText();
    void taskItemsAreReadOnlyCheckBoxes();
    void codeBlockKeepsTabs();
    void noticesAreShown();
    void updateKeepsWidgetsBeforeFirstChanged();
    void updateDropsBlocksPastTheReplacement();
    void unchangedUpdateTouchesNothing();

private:
    void showHostile();

    testsupport::RecordingUrlOpener m_opener;
    gui::DialogLinkConfirmer m_confirmer;
    std::unique_ptr<gui::LinkActivator> m_links;
    std::unique_ptr<QScrollArea> m_scroll;
    gui::MessageView *m_view = nullptr;
    markdown::Document m_document;
};

void TestMessageView::init()
{
    m_opener.opened.clear();
    m_links = std::make_unique<gui::LinkActivator>(markdown::ParseOptions{}.allowedLinkSchemes, m_confirmer, m_opener);
    m_scroll = std::make_unique<QScrollArea>();
    m_scroll->setWidgetResizable(true);
    m_view = new gui::MessageView(*m_links, m_scroll.get());
    m_scroll->setWidget(m_view);
    m_scroll->resize(760, 2400);
    showHostile();
}

void TestMessageView::cleanup()
{
    m_scroll.reset();
    m_links.reset();
}

void TestMessageView::showHostile()
{
    m_document = markdown::StreamingMarkdown::parse(readTestData(QStringLiteral("gui/hostile.md")));
    QVERIFY(m_document.blocks.size() > 10);
    m_view->setDocument(m_document);
    m_scroll->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_scroll.get()));
}

void TestMessageView::everyLabelIsPlainText()
{
    const auto labels = m_view->findChildren<QLabel *>();
    QVERIFY(!labels.isEmpty());
    for (const QLabel *label : labels)
        QCOMPARE(label->textFormat(), Qt::PlainText);
}

void TestMessageView::noTextViewOpensLinksItself()
{
    const auto browsers = m_view->findChildren<QTextBrowser *>();
    QVERIFY(browsers.size() >= 5);
    for (const QTextBrowser *browser : browsers) {
        QVERIFY(!browser->openLinks());
        QVERIFY(!browser->openExternalLinks());
        QVERIFY(browser->isReadOnly());
    }
}

void TestMessageView::everyAnchorIsAnAllowedLink()
{
    const QStringList allowed = markdown::ParseOptions{}.allowedLinkSchemes;
    int anchors = 0;
    for (const gui::DocumentTextView *view : m_view->findChildren<gui::DocumentTextView *>()) {
        for (QTextBlock block = view->document()->begin(); block.isValid(); block = block.next()) {
            for (auto it = block.begin(); !it.atEnd(); ++it) {
                const QTextCharFormat format = it.fragment().charFormat();
                if (!format.isAnchor())
                    continue;
                ++anchors;
                bool ok = false;
                const int index = format.anchorHref().toInt(&ok);
                QVERIFY2(ok, qPrintable(format.anchorHref()));
                QVERIFY(index >= 0 && index < int(view->links().size()));
                QVERIFY2(LinkSafety::isAllowed(view->links()[size_t(index)].href, allowed),
                    qPrintable(view->links()[size_t(index)].href));
            }
        }
    }
    // normal link, IDN link, misleading link, table link
    QVERIFY(anchors >= 4);
}

void TestMessageView::javascriptLinkIsNotClickable()
{
    const markdown::Inline *link = findLink(m_document.blocks, QStringLiteral("click me"));
    QVERIFY(link);
    QVERIFY(!link->safe);

    gui::DocumentTextView *view = textViewContaining(m_view, QStringLiteral("click me"));
    QVERIFY(view);
    // The destination is shown next to the text, not hidden behind it.
    QVERIFY(!view->document()->find(QStringLiteral("<javascript:alert(document.cookie)>")).isNull());

    ModalDialogWatcher watcher(ModalDialogWatcher::Answer::Accept);
    QVERIFY(clickText(view, QStringLiteral("click me")));
    QVERIFY(clickText(view, QStringLiteral("a data page")));
    QVERIFY(clickText(view, QStringLiteral("local file")));
    QTest::qWait(150);
    QCOMPARE(watcher.seen(), 0);
    QVERIFY(m_opener.opened.isEmpty());
}

void TestMessageView::idnLinkAsksWithPunycodeHostBeforeOpening()
{
    const markdown::Inline *link = findLink(m_document.blocks, QStringLiteral("Apple support"));
    QVERIFY(link);
    QVERIFY(link->safe);
    const QString expectedHost = QString::fromLatin1(QUrl::toAce(QStringLiteral("\u0430pple.example")));
    QVERIFY(expectedHost.startsWith(u"xn--"));

    QString shownDestination;
    QString shownHost;
    qsizetype openedWhileAsking = -1;
    ModalDialogWatcher watcher(ModalDialogWatcher::Answer::Accept);
    watcher.setInspector([&](QDialog *dialog) {
        auto *confirmation = qobject_cast<gui::LinkConfirmationDialog *>(dialog);
        QVERIFY(confirmation);
        shownDestination = confirmation->destination();
        shownHost = confirmation->findChild<QLabel *>(QStringLiteral("host"))->text();
        openedWhileAsking = m_opener.opened.size();
    });

    gui::DocumentTextView *view = textViewContaining(m_view, QStringLiteral("Apple support"));
    QVERIFY(view);
    QVERIFY(clickText(view, QStringLiteral("Apple support")));
    QTRY_COMPARE(m_opener.opened.size(), 1);

    QCOMPARE(watcher.seen(), 1);
    QCOMPARE(openedWhileAsking, 0);
    QCOMPARE(shownDestination, LinkSafety::displayUrl(link->href));
    QVERIFY2(shownDestination.startsWith(QStringLiteral("https://") + expectedHost + QStringLiteral("/support")),
        qPrintable(shownDestination));
    QVERIFY(shownDestination.contains(QStringLiteral("id=7")));
    QVERIFY2(shownHost.contains(expectedHost), qPrintable(shownHost));
    QCOMPARE(m_opener.opened.first().host(QUrl::FullyEncoded), expectedHost);
    QCOMPARE(m_opener.opened.first().toString(), shownDestination);
}

void TestMessageView::declinedLinkIsNotOpened()
{
    ModalDialogWatcher watcher(ModalDialogWatcher::Answer::Reject);
    gui::DocumentTextView *view = textViewContaining(m_view, QStringLiteral("normal link"));
    QVERIFY(view);
    QVERIFY(clickText(view, QStringLiteral("normal link")));
    QTRY_COMPARE(watcher.seen(), 1);
    QTest::qWait(50);
    QVERIFY(m_opener.opened.isEmpty());
}

void TestMessageView::misleadingLinkTextShowsWarning()
{
    const QString text = QStringLiteral("https://bank.example/login");
    bool warned = false;
    bool warningVisible = false;
    ModalDialogWatcher watcher(ModalDialogWatcher::Answer::Reject);
    watcher.setInspector([&](QDialog *dialog) {
        auto *confirmation = qobject_cast<gui::LinkConfirmationDialog *>(dialog);
        QVERIFY(confirmation);
        warned = confirmation->warnsAboutText();
        warningVisible = confirmation->findChild<QLabel *>(QStringLiteral("warning"))->isVisible();
    });
    gui::DocumentTextView *view = textViewContaining(m_view, text);
    QVERIFY(view);
    QVERIFY(clickText(view, text));
    QTRY_COMPARE(watcher.seen(), 1);
    QVERIFY(warned);
    QVERIFY(warningVisible);
    QVERIFY(m_opener.opened.isEmpty());
}

void TestMessageView::imageIsPlaceholderWithAltAndHost()
{
    const markdown::Inline *image = findImage(m_document.blocks, QStringLiteral("tracking pixel"));
    QVERIFY(image);
    const QString host = LinkSafety::displayHost(image->href);
    QVERIFY(!host.isEmpty());

    const auto cards = m_view->findChildren<gui::ImagePlaceholderWidget *>();
    QCOMPARE(cards.size(), 1);
    QVERIFY(cards.first()->altText().contains(QStringLiteral("tracking pixel")));
    QVERIFY(cards.first()->hostText().contains(host));

    // An image inside a paragraph becomes a text placeholder with the same information.
    const markdown::Inline *inlineImage = findImage(m_document.blocks, QStringLiteral("diagram"));
    QVERIFY(inlineImage);
    const QString placeholder = gui::InlineWriter::imagePlaceholder(*inlineImage);
    QVERIFY(placeholder.contains(QStringLiteral("diagram")));
    QVERIFY(placeholder.contains(LinkSafety::displayHost(inlineImage->href)));
    QVERIFY(textViewContaining(m_view, placeholder));
}

void TestMessageView::noNetworkObjectExists()
{
    QList<QObject *> pending{qApp};
    for (QWidget *top : QApplication::topLevelWidgets())
        pending.append(top);
    int visited = 0;
    while (!pending.isEmpty()) {
        QObject *object = pending.takeLast();
        ++visited;
        QVERIFY2(!object->inherits("QNetworkAccessManager"), object->metaObject()->className());
        QVERIFY2(!object->inherits("QNetworkReply"), object->metaObject()->className());
        pending.append(object->children());
    }
    QVERIFY(visited > 50);
#ifdef Q_OS_LINUX
    QFile maps(QStringLiteral("/proc/self/maps"));
    QVERIFY(maps.open(QIODevice::ReadOnly));
    QVERIFY(!maps.readAll().contains("libQt6Network"));
#endif
}

void TestMessageView::hiddenCharactersAreVisibleAndCounted()
{
    QVERIFY(m_document.hiddenCharacters >= 5);
    const auto *badge = m_view->findChild<QLabel *>(QStringLiteral("hiddenCharactersBadge"));
    QVERIFY(badge);
    QVERIFY(badge->isVisible());
    QVERIFY2(badge->text().contains(QString::number(m_document.hiddenCharacters)), qPrintable(badge->text()));

    QVERIFY(textViewContaining(m_view, markdown::TextSanitizer::visibleToken(0x202E)));
    for (const gui::DocumentTextView *view : m_view->findChildren<gui::DocumentTextView *>()) {
        const QString text = view->document()->toRawText();
        QVERIFY(!text.contains(QChar(0x202E)));
        QVERIFY(!text.contains(QChar(0x200B)));
        QVERIFY(!text.contains(QChar(0x1B)));
    }

    m_view->setHiddenCharacters(0);
    QVERIFY(badge->isHidden());
}

void TestMessageView::rawHtmlIsLiteralText()
{
    QVERIFY(textViewContaining(m_view, QStringLiteral("<script>alert(\"xss\")</script>")));
    QVERIFY(textViewContaining(m_view, QStringLiteral("<img src=\"https://evil.example/x.png\"")));
    QVERIFY(textViewContaining(m_view, QStringLiteral("<b>bold?</b>")));
}

void TestMessageView::taskItemsAreReadOnlyCheckBoxes()
{
    const auto boxes = m_view->findChildren<QCheckBox *>();
    QCOMPARE(boxes.size(), 2);
    int done = 0;
    for (const QCheckBox *box : boxes) {
        QVERIFY(!box->isEnabled());
        done += box->isChecked() ? 1 : 0;
    }
    QCOMPARE(done, 1);
}

void TestMessageView::codeBlockKeepsTabs()
{
    const auto blocks = m_view->findChildren<gui::CodeBlockWidget *>();
    const auto it = std::find_if(blocks.begin(), blocks.end(),
        [](const gui::CodeBlockWidget *widget) { return widget->code().contains(QStringLiteral("def greet")); });
    QVERIFY(it != blocks.end());
    QVERIFY(
        (*it)->code().contains(QStringLiteral("\tif name:\t# tab before the comment\n\t\treturn \"hi \" + name   \n")));
}

void TestMessageView::noticesAreShown()
{
    markdown::ParseOptions tight;
    tight.maxTableColumns = 2;
    const markdown::Document limited
        = markdown::StreamingMarkdown::parse(readTestData(QStringLiteral("gui/hostile.md")), tight);
    QVERIFY(!limited.notices.isEmpty());
    m_view->setDocument(limited);
    const auto notices = m_view->findChildren<QLabel *>(QStringLiteral("notice"));
    QCOMPARE(notices.size(), 1);
    QCOMPARE(notices.first()->text(), gui::MessageView::noticeText(markdown::Notice::Kind::TableColumnsLimited));
    QCOMPARE(notices.first()->textFormat(), Qt::PlainText);

    m_view->setDocument(m_document);
    QVERIFY(m_view->findChildren<QLabel *>(QStringLiteral("notice")).isEmpty());
}

void TestMessageView::updateKeepsWidgetsBeforeFirstChanged()
{
    const int count = m_view->blockCount();
    QCOMPARE(count, int(m_document.blocks.size()));
    std::vector<QPointer<QWidget>> before;
    for (int i = 0; i < count; ++i)
        before.emplace_back(m_view->blockWidget(i));

    const int first = 3;
    const int changed = first + 1;
    markdown::Update update;
    update.firstChanged = first;
    markdown::Blocks replacement(m_document.blocks.begin() + first, m_document.blocks.end());
    update.replacement = replacement;
    Block &edited = replacement[size_t(changed - first)];
    QCOMPARE(edited.kind, Block::Kind::Paragraph);
    markdown::Inline extra;
    extra.text = QStringLiteral(" (edited)");
    edited.inlines.push_back(extra);
    update.changed = true;
    m_view->applyUpdate(update);

    QCOMPARE(m_view->blockCount(), count);
    for (int i = 0; i < count; ++i) {
        if (i == changed) {
            QVERIFY(before[size_t(i)].isNull());
            QVERIFY(m_view->blockWidget(i) != nullptr);
            QVERIFY(textViewContaining(m_view->blockWidget(i), QStringLiteral("(edited)")));
        } else {
            // Before firstChanged untouched; in the replacement, equal blocks keep their widget.
            QVERIFY2(!before[size_t(i)].isNull() && m_view->blockWidget(i) == before[size_t(i)].data(),
                qPrintable(QString::number(i)));
        }
    }
    // The new widget took the old one's place in the layout.
    QTRY_VERIFY(m_view->blockWidget(changed)->isVisible());
    m_view->layout()->activate();
    for (int i = 1; i < count; ++i)
        QVERIFY(m_view->blockWidget(i - 1)->geometry().bottom() < m_view->blockWidget(i)->geometry().top());
}

void TestMessageView::updateDropsBlocksPastTheReplacement()
{
    const int count = m_view->blockCount();
    QPointer<QWidget> kept = m_view->blockWidget(1);
    QPointer<QWidget> last = m_view->blockWidget(count - 1);
    markdown::Update update;
    update.firstChanged = 2;
    const markdown::Blocks replacement(m_document.blocks.begin() + 2, m_document.blocks.begin() + 4);
    update.replacement = replacement;
    update.changed = true;
    m_view->applyUpdate(update);
    QCOMPARE(m_view->blockCount(), 4);
    QCOMPARE(m_view->blockWidget(1), kept.data());
    QVERIFY(last.isNull());
}

void TestMessageView::unchangedUpdateTouchesNothing()
{
    QPointer<QWidget> first = m_view->blockWidget(0);
    markdown::Update update;
    update.firstChanged = 0;
    update.changed = false;
    m_view->applyUpdate(update);
    QCOMPARE(m_view->blockCount(), int(m_document.blocks.size()));
    QCOMPARE(m_view->blockWidget(0), first.data());
}

QTEST_MAIN(TestMessageView)
#include "tst_MessageView.moc"

#include "DialogLinkConfirmer.h"
#include "LinkActivator.h"
#include "LinkConfirmationDialog.h"
#include "ModalDialogWatcher.h"
#include "RecordingUrlOpener.h"
#include "markdown/LinkSafety.h"
#include "markdown/ParseOptions.h"

#include <QSignalSpy>
#include <QTest>

using namespace streamcanvas;
using namespace streamcanvas::testsupport;

class TestLinkActivator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void refusesDisallowedSchemesWithoutAsking_data();
    void refusesDisallowedSchemesWithoutAsking();
    void opensOnlyAfterConfirmation();
    void declinedIsNotOpened();
    void requestedActivationRunsAfterTheClick();
};

void TestLinkActivator::refusesDisallowedSchemesWithoutAsking_data()
{
    QTest::addColumn<QString>("href");
    QTest::newRow("javascript") << QStringLiteral("javascript:alert(1)");
    QTest::newRow("mixed case") << QStringLiteral("JaVaScRiPt:alert(1)");
    QTest::newRow("data") << QStringLiteral("data:text/html;base64,PHNjcmlwdD4=");
    QTest::newRow("file") << QStringLiteral("file:///etc/passwd");
    QTest::newRow("relative") << QStringLiteral("/etc/passwd");
}

void TestLinkActivator::refusesDisallowedSchemesWithoutAsking()
{
    QFETCH(QString, href);
    RecordingUrlOpener opener;
    gui::DialogLinkConfirmer confirmer;
    gui::LinkActivator links(markdown::ParseOptions{}.allowedLinkSchemes, confirmer, opener);
    QSignalSpy refused(&links, &gui::LinkActivator::refused);
    ModalDialogWatcher watcher(ModalDialogWatcher::Answer::Accept);

    QVERIFY(!links.activate(href, QStringLiteral("text"), nullptr));
    QCOMPARE(watcher.seen(), 0);
    QVERIFY(opener.opened.isEmpty());
    QCOMPARE(refused.count(), 1);
}

void TestLinkActivator::opensOnlyAfterConfirmation()
{
    RecordingUrlOpener opener;
    gui::DialogLinkConfirmer confirmer;
    gui::LinkActivator links(markdown::ParseOptions{}.allowedLinkSchemes, confirmer, opener);
    const QString href = QStringLiteral("https://\u0430pple.example/x?y=1");

    qsizetype openedWhileAsking = -1;
    QString shown;
    ModalDialogWatcher watcher(ModalDialogWatcher::Answer::Accept);
    watcher.setInspector([&](QDialog *dialog) {
        openedWhileAsking = opener.opened.size();
        shown = qobject_cast<gui::LinkConfirmationDialog *>(dialog)->destination();
    });
    QVERIFY(links.activate(href, QStringLiteral("Apple"), nullptr));
    QCOMPARE(watcher.seen(), 1);
    QCOMPARE(openedWhileAsking, 0);
    QCOMPARE(opener.opened.size(), 1);
    // What opens is exactly what was shown.
    QCOMPARE(opener.opened.first().toString(), shown);
    QCOMPARE(shown, markdown::LinkSafety::displayUrl(href));
}

void TestLinkActivator::declinedIsNotOpened()
{
    RecordingUrlOpener opener;
    gui::DialogLinkConfirmer confirmer;
    gui::LinkActivator links(markdown::ParseOptions{}.allowedLinkSchemes, confirmer, opener);
    ModalDialogWatcher watcher(ModalDialogWatcher::Answer::Reject);
    QVERIFY(!links.activate(QStringLiteral("https://example.com/"), QStringLiteral("x"), nullptr));
    QCOMPARE(watcher.seen(), 1);
    QVERIFY(opener.opened.isEmpty());
}

void TestLinkActivator::requestedActivationRunsAfterTheClick()
{
    RecordingUrlOpener opener;
    gui::DialogLinkConfirmer confirmer;
    gui::LinkActivator links(markdown::ParseOptions{}.allowedLinkSchemes, confirmer, opener);
    ModalDialogWatcher watcher(ModalDialogWatcher::Answer::Accept);
    auto *origin = new QWidget;
    links.requestActivation(QStringLiteral("https://example.com/"), QStringLiteral("x"), origin);
    // The widget that was clicked may be gone by the time the dialog opens.
    delete origin;
    QCOMPARE(watcher.seen(), 0);
    QTRY_COMPARE(opener.opened.size(), 1);
    QCOMPARE(watcher.seen(), 1);
}

QTEST_MAIN(TestLinkActivator)
#include "tst_LinkActivator.moc"

#include "LinkConfirmationDialog.h"
#include "markdown/LinkSafety.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTest>

using namespace streamcanvas;
using markdown::LinkSafety;

class TestLinkConfirmationDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsFullDestination();
    void idnHostIsPunycode();
    void warnsWhenTextLooksLikeAnotherAddress();
    void noWarningForPlainText();
    void everythingIsPlainText();
    void cancelIsTheDefault();
    void openAccepts();
};

void TestLinkConfirmationDialog::showsFullDestination()
{
    const QString href = QStringLiteral("https://example.com/a/very/long/path?with=query&and=more#fragment");
    gui::LinkConfirmationDialog dialog(href, QStringLiteral("docs"));
    QCOMPARE(dialog.destination(), LinkSafety::displayUrl(href));
    QVERIFY(dialog.destination().contains(QStringLiteral("/a/very/long/path?with=query&and=more#fragment")));
    QCOMPARE(dialog.host(), QStringLiteral("example.com"));
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("idnNote"))->isHidden());
}

void TestLinkConfirmationDialog::idnHostIsPunycode()
{
    const QString unicodeHost = QStringLiteral("\u0430pple.example");
    const QString href = QStringLiteral("https://") + unicodeHost + QStringLiteral("/login");
    const QString ace = QString::fromLatin1(QUrl::toAce(unicodeHost));
    QVERIFY(ace.startsWith(u"xn--"));

    gui::LinkConfirmationDialog dialog(href, QStringLiteral("Apple"));
    QCOMPARE(dialog.host(), ace);
    QCOMPARE(dialog.destination(), QStringLiteral("https://") + ace + QStringLiteral("/login"));
    QVERIFY(!dialog.destination().contains(unicodeHost));
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("host"))->text().contains(ace));
    QVERIFY(!dialog.findChild<QLabel *>(QStringLiteral("idnNote"))->isHidden());
}

void TestLinkConfirmationDialog::warnsWhenTextLooksLikeAnotherAddress()
{
    const QString text = QStringLiteral("https://bank.example/login");
    gui::LinkConfirmationDialog dialog(QStringLiteral("https://evil.example/steal"), text);
    QVERIFY(dialog.warnsAboutText());
    auto *warning = dialog.findChild<QLabel *>(QStringLiteral("warning"));
    QVERIFY(!warning->isHidden());
    QVERIFY(warning->text().contains(text));
}

void TestLinkConfirmationDialog::noWarningForPlainText()
{
    gui::LinkConfirmationDialog dialog(QStringLiteral("https://evil.example/steal"), QStringLiteral("see here"));
    QVERIFY(!dialog.warnsAboutText());
    QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("warning"))->isHidden());
}

void TestLinkConfirmationDialog::everythingIsPlainText()
{
    gui::LinkConfirmationDialog dialog(
        QStringLiteral("https://evil.example/<b>x</b>"), QStringLiteral("<a href=\"https://bank.example\">bank</a>"));
    const auto labels = dialog.findChildren<QLabel *>();
    QVERIFY(labels.size() >= 3);
    for (const QLabel *label : labels)
        QCOMPARE(label->textFormat(), Qt::PlainText);
    QVERIFY(dialog.findChild<QPlainTextEdit *>(QStringLiteral("destination"))->isReadOnly());
}

void TestLinkConfirmationDialog::cancelIsTheDefault()
{
    gui::LinkConfirmationDialog dialog(QStringLiteral("https://example.com/"), QStringLiteral("x"));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *cancel = dialog.findChild<QPushButton *>(QStringLiteral("cancelButton"));
    auto *open = dialog.findChild<QPushButton *>(QStringLiteral("openButton"));
    QVERIFY(cancel && open);
    QVERIFY(cancel->isDefault());
    QVERIFY(!open->isDefault());
    QTest::keyClick(&dialog, Qt::Key_Escape);
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
}

void TestLinkConfirmationDialog::openAccepts()
{
    gui::LinkConfirmationDialog dialog(QStringLiteral("https://example.com/"), QStringLiteral("x"));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("openButton")), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
}

QTEST_MAIN(TestLinkConfirmationDialog)
#include "tst_LinkConfirmationDialog.moc"

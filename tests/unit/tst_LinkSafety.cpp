#include "markdown/LinkSafety.h"

#include <QTest>

using namespace streamcanvas::markdown;

class tst_LinkSafety : public QObject
{
    Q_OBJECT

private slots:
    void allowedSchemes_data();
    void allowedSchemes();
    void policyDecidesTheList();
    void hostsAreShownAsPunycode();
    void misleadingText_data();
    void misleadingText();

private:
    const QStringList m_defaults{u"https"_qs, u"http"_qs, u"mailto"_qs};
};

void tst_LinkSafety::allowedSchemes_data()
{
    QTest::addColumn<QString>("href");
    QTest::addColumn<bool>("allowed");

    QTest::newRow("https") << u"https://example.com/a?b#c"_qs << true;
    QTest::newRow("http") << u"http://example.com"_qs << true;
    QTest::newRow("mailto") << u"mailto:someone@example.com"_qs << true;
    QTest::newRow("upper case scheme") << u"HTTPS://example.com"_qs << true;
    QTest::newRow("javascript") << u"javascript:alert(1)"_qs << false;
    QTest::newRow("mixed case javascript") << u"JaVaScRiPt:alert(1)"_qs << false;
    QTest::newRow("percent-encoded scheme") << u"java%73cript:alert(1)"_qs << false;
    QTest::newRow("tab inside scheme") << u"java\tscript:alert(1)"_qs << false;
    QTest::newRow("newline inside scheme") << u"java\nscript:alert(1)"_qs << false;
    QTest::newRow("leading control and space") << u"\u0001 javascript:alert(1)"_qs << false;
    QTest::newRow("data") << u"data:text/html;base64,PHNjcmlwdD4="_qs << false;
    QTest::newRow("file") << u"file:///etc/passwd"_qs << false;
    QTest::newRow("vbscript") << u"vbscript:msgbox"_qs << false;
    QTest::newRow("relative") << u"/internal/path"_qs << false;
    QTest::newRow("scheme-relative") << u"//evil.example/x"_qs << false;
    QTest::newRow("no host") << u"https:///path"_qs << false;
    QTest::newRow("user info deceives") << u"https://bank.example@evil.example/"_qs << false;
    QTest::newRow("encoded colon is not a scheme") << u"https%3A//evil.example"_qs << false;
    QTest::newRow("empty mailto") << u"mailto:"_qs << false;
    QTest::newRow("https with spaces around") << u"  https://example.com  "_qs << true;
}

void tst_LinkSafety::allowedSchemes()
{
    QFETCH(QString, href);
    QFETCH(bool, allowed);
    QCOMPARE(LinkSafety::isAllowed(href, m_defaults), allowed);
}

void tst_LinkSafety::policyDecidesTheList()
{
    QVERIFY(!LinkSafety::isAllowed(u"http://example.com"_qs, {u"https"_qs}));
    QVERIFY(LinkSafety::isAllowed(u"https://example.com"_qs, {u"https"_qs}));
    QCOMPARE(LinkSafety::scheme(u"java%73cript:x"_qs), u"javascript"_qs);
    QCOMPARE(LinkSafety::scheme(u"no scheme here"_qs), QString());
}

void tst_LinkSafety::hostsAreShownAsPunycode()
{
    // "аpple" with a Cyrillic а
    QCOMPARE(LinkSafety::displayHost(u"https://\u0430pple.example/login"_qs), u"xn--pple-43d.example"_qs);
    QVERIFY(LinkSafety::displayUrl(u"https://\u0430pple.example/login"_qs)
                .startsWith(u"https://xn--pple-43d.example/login"_qs));
    QCOMPARE(LinkSafety::displayHost(u"https://example.com/x.png?secret=1"_qs), u"example.com"_qs);
    QCOMPARE(LinkSafety::displayHost(u"/relative.png"_qs), QString());
}

void tst_LinkSafety::misleadingText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("href");
    QTest::addColumn<bool>("misleads");

    QTest::newRow("plain words") << u"click here"_qs << u"https://evil.example"_qs << false;
    QTest::newRow("same host") << u"https://example.com/docs"_qs << u"https://example.com/other"_qs << false;
    QTest::newRow("www is the same host") << u"www.example.com"_qs << u"https://example.com"_qs << false;
    QTest::newRow("different host") << u"https://bank.example"_qs << u"https://evil.example/login"_qs << true;
    QTest::newRow("bare domain elsewhere") << u"paypal.com"_qs << u"https://paypa1.example"_qs << true;
    QTest::newRow("lookalike IDN") << u"apple.example"_qs << u"https://\u0430pple.example"_qs << true;
}

void tst_LinkSafety::misleadingText()
{
    QFETCH(QString, text);
    QFETCH(QString, href);
    QFETCH(bool, misleads);
    QCOMPARE(LinkSafety::textMisleads(text, href), misleads);
}

QTEST_GUILESS_MAIN(tst_LinkSafety)
#include "tst_LinkSafety.moc"

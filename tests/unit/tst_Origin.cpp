#include "net/Origin.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace streamcanvas::net;

class tst_Origin : public QObject
{
    Q_OBJECT

private slots:
    void of_data();
    void of();
    void same_data();
    void same();
};

void tst_Origin::of_data()
{
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<QString>("origin");

    QTest::newRow("https default port") << QUrl(u"https://gw.example.com/v1/chat"_s) << u"https://gw.example.com:443"_s;
    QTest::newRow("http default port") << QUrl(u"http://gw.example.com"_s) << u"http://gw.example.com:80"_s;
    QTest::newRow("explicit port") << QUrl(u"https://gw.example.com:8443/x?y#z"_s) << u"https://gw.example.com:8443"_s;
    QTest::newRow("explicit default port") << QUrl(u"https://gw.example.com:443/"_s) << u"https://gw.example.com:443"_s;
    QTest::newRow("upper case") << QUrl(u"HTTPS://GW.Example.COM/"_s) << u"https://gw.example.com:443"_s;
    QTest::newRow("user info ignored") << QUrl(u"https://user:pw@gw.example.com/"_s) << u"https://gw.example.com:443"_s;
    QTest::newRow("IDN as punycode") << QUrl(u"https://bücher.example/"_s) << u"https://xn--bcher-kva.example:443"_s;
    QTest::newRow("IPv4") << QUrl(u"http://127.0.0.1:8080/"_s) << u"http://127.0.0.1:8080"_s;
    QTest::newRow("IPv6") << QUrl(u"https://[::1]:8443/"_s) << u"https://[::1]:8443"_s;
    QTest::newRow("IPv6 default port") << QUrl(u"https://[2001:db8::1]/"_s) << u"https://[2001:db8::1]:443"_s;
    QTest::newRow("ftp") << QUrl(u"ftp://gw.example.com/"_s) << QString();
    QTest::newRow("file") << QUrl(u"file:///etc/passwd"_s) << QString();
    QTest::newRow("data") << QUrl(u"data:text/plain,hello"_s) << QString();
    QTest::newRow("wss") << QUrl(u"wss://gw.example.com/"_s) << QString();
    QTest::newRow("relative") << QUrl(u"/v1/chat"_s) << QString();
    QTest::newRow("no host") << QUrl(u"https:///path"_s) << QString();
    QTest::newRow("empty") << QUrl() << QString();
    QTest::newRow("invalid") << QUrl(u"https://exa mple.com/"_s, QUrl::StrictMode) << QString();
}

void tst_Origin::of()
{
    QFETCH(QUrl, url);
    QFETCH(QString, origin);
    QCOMPARE(Origin::of(url), origin);
}

void tst_Origin::same_data()
{
    QTest::addColumn<QUrl>("a");
    QTest::addColumn<QUrl>("b");
    QTest::addColumn<bool>("same");

    const QUrl gateway(u"https://gw.example.com/v1/chat"_s);
    QTest::newRow("other path") << gateway << QUrl(u"https://gw.example.com/other?x=1"_s) << true;
    QTest::newRow("explicit default port") << gateway << QUrl(u"https://gw.example.com:443/"_s) << true;
    QTest::newRow("host case") << gateway << QUrl(u"https://GW.EXAMPLE.COM/"_s) << true;
    QTest::newRow("https to http") << gateway << QUrl(u"http://gw.example.com/v1/chat"_s) << false;
    QTest::newRow("other port") << gateway << QUrl(u"https://gw.example.com:8443/"_s) << false;
    QTest::newRow("sub-domain") << gateway << QUrl(u"https://evil.gw.example.com/"_s) << false;
    QTest::newRow("suffix trick") << gateway << QUrl(u"https://gw.example.com.evil.example/"_s) << false;
    QTest::newRow("user info trick") << gateway << QUrl(u"https://gw.example.com@evil.example/"_s) << false;
    QTest::newRow("not http") << QUrl(u"file:///a"_s) << QUrl(u"file:///a"_s) << false;
    QTest::newRow("both empty") << QUrl() << QUrl() << false;
}

void tst_Origin::same()
{
    QFETCH(QUrl, a);
    QFETCH(QUrl, b);
    QFETCH(bool, same);
    QCOMPARE(Origin::same(a, b), same);
    QCOMPARE(Origin::same(b, a), same);
}

QTEST_APPLESS_MAIN(tst_Origin)
#include "tst_Origin.moc"

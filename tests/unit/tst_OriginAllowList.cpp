#include "net/OriginAllowList.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace streamcanvas::net;

class tst_OriginAllowList : public QObject
{
    Q_OBJECT

private slots:
    void allows_data();
    void allows();
    void emptyListAllowsNothing();
    void originsAreNormalisedAndUnique();
};

void tst_OriginAllowList::allows_data()
{
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<bool>("allowed");

    QTest::newRow("gateway path") << QUrl(u"https://gw.example.com/v1/chat/completions"_s) << true;
    QTest::newRow("gateway root") << QUrl(u"https://gw.example.com"_s) << true;
    QTest::newRow("gateway explicit port") << QUrl(u"https://gw.example.com:443/v1/models"_s) << true;
    QTest::newRow("gateway upper case") << QUrl(u"https://GW.example.com/"_s) << true;
    QTest::newRow("idp on its port") << QUrl(u"https://login.example.com:8443/realms/x/token"_s) << true;
    QTest::newRow("idp on default port") << QUrl(u"https://login.example.com/realms/x"_s) << false;
    QTest::newRow("gateway over http") << QUrl(u"http://gw.example.com/v1/chat"_s) << false;
    QTest::newRow("gateway other port") << QUrl(u"https://gw.example.com:444/"_s) << false;
    QTest::newRow("sub-domain") << QUrl(u"https://api.gw.example.com/"_s) << false;
    QTest::newRow("look-alike") << QUrl(u"https://gw.example.com.evil.example/"_s) << false;
    QTest::newRow("user info trick") << QUrl(u"https://gw.example.com@evil.example/"_s) << false;
    QTest::newRow("internal http host allowed by entry") << QUrl(u"http://10.0.0.7:8080/health"_s) << true;
    QTest::newRow("file") << QUrl(u"file:///etc/passwd"_s) << false;
    QTest::newRow("data") << QUrl(u"data:,x"_s) << false;
    QTest::newRow("relative") << QUrl(u"/v1/chat"_s) << false;
    QTest::newRow("empty") << QUrl() << false;
}

void tst_OriginAllowList::allows()
{
    QFETCH(QUrl, url);
    QFETCH(bool, allowed);
    const OriginAllowList list({QUrl(u"https://gw.example.com/v1"_s), QUrl(u"https://login.example.com:8443"_s),
        QUrl(u"http://10.0.0.7:8080/"_s), QUrl(u"ftp://files.example.com/"_s), QUrl()});
    QCOMPARE(list.allows(url), allowed);
}

void tst_OriginAllowList::emptyListAllowsNothing()
{
    const OriginAllowList list;
    QVERIFY(!list.allows(QUrl(u"https://gw.example.com/"_s)));
    QVERIFY(list.origins().isEmpty());
    // An entry that is not http(s) allows nothing, not even itself.
    const OriginAllowList ftp({QUrl(u"ftp://files.example.com/"_s)});
    QVERIFY(!ftp.allows(QUrl(u"ftp://files.example.com/"_s)));
    QVERIFY(ftp.origins().isEmpty());
}

void tst_OriginAllowList::originsAreNormalisedAndUnique()
{
    const OriginAllowList list({QUrl(u"https://GW.example.com/v1/chat"_s), QUrl(u"https://gw.example.com:443/"_s),
        QUrl(u"http://gw.example.com"_s)});
    QCOMPARE(list.origins(), (QList<QUrl>{QUrl(u"https://gw.example.com:443"_s), QUrl(u"http://gw.example.com:80"_s)}));
}

QTEST_APPLESS_MAIN(tst_OriginAllowList)
#include "tst_OriginAllowList.moc"

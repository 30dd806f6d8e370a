#include "TestCertificates.h"
#include "net/PublicKeyPin.h"

#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace streamcanvas::net;
using streamcanvas::testsupport::TestCertificates;

class tst_PublicKeyPin : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void digestMatchesOpenssl_data();
    void digestMatchesOpenssl();
    void unreadableCertificateHasNoDigest();
    void linkedChain();
    void chainMatches();

private:
    QByteArray digestOf(const QString &name) const { return PublicKeyPin::sha256(m_certificates.certificate(name)); }

    TestCertificates m_certificates;
};

void tst_PublicKeyPin::initTestCase()
{
    if (QStandardPaths::findExecutable(u"openssl"_s).isEmpty())
        QSKIP("the openssl command line is needed to make test certificates");
    QString error;
    QVERIFY2(m_certificates.generate(&error), qPrintable(error));
    for (const QString &name : {u"ca"_s, u"server"_s, u"other"_s})
        QVERIFY(!m_certificates.certificate(name).isNull());
}

void tst_PublicKeyPin::digestMatchesOpenssl_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("CA") << u"ca"_s;
    QTest::newRow("server") << u"server"_s;
    QTest::newRow("unrelated") << u"other"_s;
}

void tst_PublicKeyPin::digestMatchesOpenssl()
{
    QFETCH(QString, name);
    QString error;
    const QByteArray expected = m_certificates.opensslPin(name, &error);
    QVERIFY2(!expected.isEmpty(), qPrintable(error));
    QCOMPARE(PublicKeyPin::sha256Base64(m_certificates.certificate(name)), expected);
    QCOMPARE(PublicKeyPin::sha256(m_certificates.certificate(name)).size(), 32);
    QCOMPARE(PublicKeyPin::sha256(m_certificates.certificate(name)), QByteArray::fromBase64(expected));
}

void tst_PublicKeyPin::unreadableCertificateHasNoDigest()
{
    QVERIFY(PublicKeyPin::sha256(QSslCertificate()).isEmpty());
    QVERIFY(PublicKeyPin::sha256Base64(QSslCertificate()).isEmpty());
    QVERIFY(digestOf(u"ca"_s) != digestOf(u"server"_s));
    QVERIFY(digestOf(u"server"_s) != digestOf(u"other"_s));
}

void tst_PublicKeyPin::linkedChain()
{
    const QSslCertificate ca = m_certificates.certificate(u"ca"_s);
    const QSslCertificate server = m_certificates.certificate(u"server"_s);
    const QSslCertificate other = m_certificates.certificate(u"other"_s);
    QCOMPARE(PublicKeyPin::linkedChain({server, ca}), (QList<QSslCertificate>{server, ca}));
    QCOMPARE(PublicKeyPin::linkedChain({server}), (QList<QSslCertificate>{server}));
    // Appended certificates that did not issue the one before them are not part of it.
    QCOMPARE(PublicKeyPin::linkedChain({server, other, ca}), (QList<QSslCertificate>{server}));
    QCOMPARE(PublicKeyPin::linkedChain({server, server}), (QList<QSslCertificate>{server}));
    QCOMPARE(PublicKeyPin::linkedChain({ca, server}), (QList<QSslCertificate>{ca}));
    QVERIFY(PublicKeyPin::linkedChain({}).isEmpty());
}

void tst_PublicKeyPin::chainMatches()
{
    const QSslCertificate ca = m_certificates.certificate(u"ca"_s);
    const QSslCertificate server = m_certificates.certificate(u"server"_s);
    const QSslCertificate other = m_certificates.certificate(u"other"_s);
    const QByteArray caPin = digestOf(u"ca"_s);
    const QByteArray serverPin = digestOf(u"server"_s);
    const QByteArray otherPin = digestOf(u"other"_s);

    QVERIFY(PublicKeyPin::chainMatches({server, ca}, {serverPin}));
    QVERIFY(PublicKeyPin::chainMatches({server, ca}, {caPin}));
    QVERIFY(PublicKeyPin::chainMatches({server, ca}, {otherPin, caPin}));
    QVERIFY(!PublicKeyPin::chainMatches({server, ca}, {otherPin}));
    // The pinned key only counts where it really signed the chain.
    QVERIFY(!PublicKeyPin::chainMatches({server, other}, {otherPin}));
    QVERIFY(!PublicKeyPin::chainMatches({server, other, ca}, {caPin}));
    // A CA the server does not send cannot be matched.
    QVERIFY(!PublicKeyPin::chainMatches({server}, {caPin}));
    QVERIFY(!PublicKeyPin::chainMatches({}, {serverPin}));
    QVERIFY(!PublicKeyPin::chainMatches({server, ca}, {}));
}

QTEST_GUILESS_MAIN(tst_PublicKeyPin)
#include "tst_PublicKeyPin.moc"

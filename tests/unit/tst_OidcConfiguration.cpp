#include "auth/OidcConfiguration.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using streamcanvas::auth::OidcConfiguration;

namespace {

const QString issuer = u"https://login.example.com/realms/staff"_s;

QJsonObject valid()
{
    return {
        {u"issuer"_s, issuer},
        {u"authorization_endpoint"_s, QString(issuer + u"/auth"_s)},
        {u"token_endpoint"_s, QString(issuer + u"/token"_s)},
        {u"jwks_uri"_s, QString(issuer + u"/certs"_s)},
        {u"device_authorization_endpoint"_s, QString(issuer + u"/device"_s)},
        {u"revocation_endpoint"_s, QString(issuer + u"/revoke"_s)},
        {u"end_session_endpoint"_s, QString(issuer + u"/logout"_s)},
        {u"code_challenge_methods_supported"_s, QJsonArray{u"plain"_s, u"S256"_s}},
        {u"authorization_response_iss_parameter_supported"_s, true},
    };
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson();
}

} // namespace

class tst_OidcConfiguration : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesAValidDocument()
    {
        QString error;
        const auto configuration = OidcConfiguration::parse(json(valid()), issuer, &error);
        QVERIFY2(configuration, qPrintable(error));
        QCOMPARE(configuration->tokenEndpoint, QUrl(QString(issuer + u"/token"_s)));
        QCOMPARE(configuration->deviceAuthorizationEndpoint, QUrl(QString(issuer + u"/device"_s)));
        QVERIFY(configuration->issParameterSupported);
    }

    void optionalEndpointsMayBeMissing()
    {
        QJsonObject document = valid();
        document.remove(u"device_authorization_endpoint"_s);
        document.remove(u"revocation_endpoint"_s);
        document.remove(u"end_session_endpoint"_s);
        document.remove(u"code_challenge_methods_supported"_s);
        QString error;
        const auto configuration = OidcConfiguration::parse(json(document), issuer, &error);
        QVERIFY2(configuration, qPrintable(error));
        QVERIFY(configuration->revocationEndpoint.isEmpty());
    }

    void refused_data()
    {
        QTest::addColumn<QByteArray>("document");
        QTest::addColumn<QString>("issuerExpected");
        QTest::addColumn<QString>("phrase");
        const auto with = [](const QString &key, const QJsonValue &value) {
            QJsonObject document = valid();
            if (value.isUndefined())
                document.remove(key);
            else
                document.insert(key, value);
            return json(document);
        };
        QTest::newRow("not JSON") << QByteArray("<html>") << issuer << u"discovery document"_s;
        QTest::newRow("other issuer") << with(u"issuer"_s, u"https://evil.example.com"_s) << issuer
                                      << u"different issuer"_s;
        QTest::newRow("issuer with trailing slash")
            << with(u"issuer"_s, QString(issuer + u'/')) << issuer << u"different issuer"_s;
        QTest::newRow("issuer case") << with(u"issuer"_s, issuer.toUpper()) << issuer << u"different issuer"_s;
        QTest::newRow("no token endpoint")
            << with(u"token_endpoint"_s, QJsonValue::Undefined) << issuer << u"token_endpoint"_s;
        QTest::newRow("http token endpoint")
            << with(u"token_endpoint"_s, u"http://login.example.com/token"_s) << issuer << u"not a secure address"_s;
        QTest::newRow("javascript jwks") << with(u"jwks_uri"_s, u"javascript:alert(1)"_s) << issuer
                                         << u"not a secure address"_s;
        QTest::newRow("no S256") << with(u"code_challenge_methods_supported"_s, QJsonArray{u"plain"_s}) << issuer
                                 << u"S256"_s;
    }

    void refused()
    {
        QFETCH(QByteArray, document);
        QFETCH(QString, issuerExpected);
        QFETCH(QString, phrase);
        QString error;
        QVERIFY(!OidcConfiguration::parse(document, issuerExpected, &error));
        QVERIFY2(error.contains(phrase), qPrintable(error));
    }

    void discoveryUrl()
    {
        QCOMPARE(OidcConfiguration::discoveryUrl(issuer),
            QUrl(u"https://login.example.com/realms/staff/.well-known/openid-configuration"_s));
        QCOMPARE(OidcConfiguration::discoveryUrl(u"https://idp.example.com/"_s),
            QUrl(u"https://idp.example.com/.well-known/openid-configuration"_s));
    }
};

QTEST_GUILESS_MAIN(tst_OidcConfiguration)
#include "tst_OidcConfiguration.moc"

#include "policy/ConnectionProfile.h"
#include "policy/UserSettings.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace streamcanvas::policy;

namespace {

QJsonObject validProfile()
{
    return QJsonObject{{u"format"_s, u"streamcanvas-connection"_s}, {u"version"_s, 1}, {u"name"_s, u"Example Corp"_s},
        {u"gateway"_s, u"https://ai.example.com/v1/"_s}, {u"auth"_s, u"oidc"_s},
        {u"issuer"_s, u"https://login.example.com"_s}, {u"clientId"_s, u"streamcanvas-desktop"_s},
        {u"scopes"_s, QJsonArray{u"openid"_s, u"offline_access"_s}}};
}

ConnectionProfile::Result parse(const QJsonObject &object)
{
    return ConnectionProfile::parse(
        PolicySchema::builtIn(), QJsonDocument(object).toJson(), u"connection profile example.json"_s);
}

} // namespace

class tst_ConnectionProfile : public QObject
{
    Q_OBJECT

private slots:
    void validProfileBecomesUserValues();
    void refused_data();
    void refused();
    void notJson();
    void forbiddenByPolicy();
    void userSettingsRoundTrip();
    void damagedSettingsFileIsAnErrorNotAnEmptySlate();
};

void tst_ConnectionProfile::validProfileBecomesUserValues()
{
    const ConnectionProfile::Result result = parse(validProfile());
    QVERIFY2(result.ok(), qPrintable(result.errors.join(u'\n')));
    QCOMPARE(result.name, u"Example Corp"_s);
    QCOMPARE(result.values.size(), 5);
    QHash<QString, QJsonValue> values;
    for (const UserValue &value : result.values) {
        QCOMPARE(value.origin, u"connection profile example.json"_s);
        values.insert(value.name, value.value);
    }
    QCOMPARE(values.value(u"GatewayUrl"_s), QJsonValue(u"https://ai.example.com/v1"_s)); // normalised
    QCOMPARE(values.value(u"AuthMode"_s), QJsonValue(u"oidc"_s));
    QCOMPARE(values.value(u"OidcIssuer"_s), QJsonValue(u"https://login.example.com"_s));
    QCOMPARE(values.value(u"OidcScopes"_s), QJsonValue(QJsonArray{u"openid"_s, u"offline_access"_s}));

    // As the user's own values they resolve below mandatory policy and above recommended.
    const ResolvedPolicy resolved = PolicyResolver::resolve(PolicySchema::builtIn(), {}, result.values);
    QCOMPARE(resolved.entry(PolicyKey::GatewayUrl).source, ValueSource::UserSetting);
    QCOMPARE(resolved.effective().gatewayUrl(), QUrl(u"https://ai.example.com/v1"_s));
}

void tst_ConnectionProfile::refused_data()
{
    QTest::addColumn<QJsonObject>("profile");
    QTest::addColumn<QStringList>("errors");

    QJsonObject object = validProfile();
    object.insert(u"apiKey"_s, u"sk-live-123"_s);
    QTest::newRow("an API key") << object
                                << QStringList{u"apiKey: a connection profile never holds secrets; remove it (users "
                                               u"store keys and passwords in the keychain)"_s};
    object = validProfile();
    object.insert(u"client_secret"_s, u"s3cret"_s);
    QTest::newRow("a client secret") << object
                                     << QStringList{u"client_secret: a connection profile never holds secrets; remove "
                                                    u"it (users store keys and passwords in the keychain)"_s};
    object = validProfile();
    object.insert(u"gateway"_s, u"http://ai.example.com"_s);
    QTest::newRow("plain http") << object
                                << QStringList{uR"(gateway: expected an https address, got "http://ai.example.com")"_s};
    object = validProfile();
    object.insert(u"scopes"_s, QJsonArray{u"openid"_s, 7});
    QTest::newRow("a scope that is a number") << object << QStringList{u"scopes[1]: expected a string, got 7"_s};
    object = validProfile();
    object.insert(u"proxy"_s, u"http://proxy:3128"_s);
    QTest::newRow("an unknown entry")
        << object
        << QStringList{
               u"proxy: unknown entry (known: gateway, auth, issuer, clientId, scopes, resource, caCertificates)"_s};
    object = validProfile();
    object.remove(u"gateway"_s);
    QTest::newRow("no gateway") << object << QStringList{u"gateway: missing; a profile names at least the gateway"_s};
    object = validProfile();
    object.insert(u"format"_s, u"something-else"_s);
    object.insert(u"version"_s, 2);
    QTest::newRow("another format") << object
                                    << QStringList{
                                           uR"(format: expected "streamcanvas-connection", got "something-else")"_s,
                                           u"version: expected 1, got 2"_s};
    object = validProfile();
    object.insert(u"caCertificates"_s, u"-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n"_s);
    QTest::newRow("a broken certificate")
        << object
        << QStringList{
               u"caCertificates: expected PEM certificates (-----BEGIN "
               u"CERTIFICATE----- ...), got \"-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n\""_s};
}

void tst_ConnectionProfile::refused()
{
    QFETCH(QJsonObject, profile);
    QFETCH(QStringList, errors);
    const ConnectionProfile::Result result = parse(profile);
    QCOMPARE(result.errors, errors);
    QVERIFY(result.values.isEmpty()); // all or nothing
}

void tst_ConnectionProfile::notJson()
{
    const auto result = ConnectionProfile::parse(PolicySchema::builtIn(), "gateway = https://x", u"x"_s);
    QCOMPARE(result.errors, QStringList{u"not valid JSON: illegal value at offset 1"_s});
    const auto big = ConnectionProfile::parse(
        PolicySchema::builtIn(), QByteArray(ConnectionProfile::maxFileSize + 1, ' '), u"x"_s);
    QCOMPARE(big.errors, QStringList{u"the profile is larger than 1048576 bytes"_s});
}

void tst_ConnectionProfile::forbiddenByPolicy()
{
    QVERIFY(!ConnectionProfile::forbiddenBy(PolicyResolver::resolve(PolicySchema::builtIn(), {}, {})));

    PolicySourceReading off;
    off.values = {{u"AllowUserConnections"_s, false, PolicyLevel::Mandatory, PolicyScope::Machine, u"/etc/a.json"_s}};
    QCOMPARE(
        ConnectionProfile::forbiddenBy(PolicyResolver::resolve(PolicySchema::builtIn(), {off}, {})).value_or(QString()),
        u"your organization does not allow setting up connections (AllowUserConnections is false in /etc/a.json)"_s);

    PolicySourceReading managed;
    managed.values
        = {{u"GatewayUrl"_s, u"https://ai.example.com"_s, PolicyLevel::Mandatory, PolicyScope::User, u"HKCU"_s}};
    QCOMPARE(ConnectionProfile::forbiddenBy(PolicyResolver::resolve(PolicySchema::builtIn(), {managed}, {}))
                 .value_or(QString()),
        u"the connection is managed by your organization (GatewayUrl is set in HKCU)"_s);

    // A recommended gateway is only a default: the user may still bring their own.
    PolicySourceReading recommended;
    recommended.values
        = {{u"GatewayUrl"_s, u"https://ai.example.com"_s, PolicyLevel::Recommended, PolicyScope::Machine, u"r"_s}};
    QVERIFY(!ConnectionProfile::forbiddenBy(PolicyResolver::resolve(PolicySchema::builtIn(), {recommended}, {})));
}

void tst_ConnectionProfile::userSettingsRoundTrip()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"config/streamcanvas/settings.json"_s);
    UserSettings settings(file);
    QString error;
    QVERIFY(settings.load(&error)); // no file yet: no settings
    QVERIFY(settings.values().isEmpty());
    settings.setValue(u"GatewayUrl"_s, u"https://ai.example.com"_s);
    settings.setValue(u"LogLevel"_s, u"info"_s);
    settings.setProfileName(u"Example Corp"_s);
    QVERIFY2(settings.save(&error), qPrintable(error));

    UserSettings again(file);
    QVERIFY(again.load(&error));
    QCOMPARE(again.profileName(), u"Example Corp"_s);
    const QList<UserValue> values = again.values();
    QCOMPARE(values.size(), 2);
    QCOMPARE(values.at(0).name, u"GatewayUrl"_s);
    // A connection value names the profile it came from; anything else is a plain setting.
    QCOMPARE(values.at(0).origin, u"connection profile \u201cExample Corp\u201d (%1)"_s.arg(file));
    QCOMPARE(values.at(1).name, u"LogLevel"_s);
    QCOMPARE(values.at(1).origin, u"user settings (%1)"_s.arg(file));
}

void tst_ConnectionProfile::damagedSettingsFileIsAnErrorNotAnEmptySlate()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"settings.json"_s);
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write("{\"version\": 1, \"values\": {\"GatewayUrl\": ");
    out.close();
    UserSettings settings(file);
    QString error;
    QVERIFY(!settings.load(&error));
    QVERIFY2(error.startsWith(u"the settings file %1 is damaged"_s.arg(file)), qPrintable(error));
    QVERIFY(settings.values().isEmpty());
}

QTEST_GUILESS_MAIN(tst_ConnectionProfile)
#include "tst_ConnectionProfile.moc"

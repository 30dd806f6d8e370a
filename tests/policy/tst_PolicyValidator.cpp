#include "policy/PolicySchema.h"
#include "policy/PolicyValidator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace streamcanvas::policy;

namespace {

QJsonValue json(const QByteArray &text)
{
    // Wrapped in an array so that scalars parse too.
    return QJsonDocument::fromJson(QByteArray("[") + text + "]").array().at(0);
}

} // namespace

class tst_PolicyValidator : public QObject
{
    Q_OBJECT

private slots:
    void messages_data();
    void messages();
    void normalises_data();
    void normalises();
    void normalisingTwiceChangesNothing();
    void everyDefaultAndExampleIsValid();
    void neverRepeatsUserInfo();
};

void tst_PolicyValidator::messages_data()
{
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("message");

    const auto row = [](const char *name, const char *policy, const char *value, const QString &message) {
        QTest::newRow(name) << QString::fromLatin1(policy) << QByteArray(value) << message;
    };
    row("url: http elsewhere", "GatewayUrl", R"("http://ai.example.com")",
        uR"(GatewayUrl: expected an https address, got "http://ai.example.com")"_s);
    row("url: a number", "GatewayUrl", "42", u"GatewayUrl: expected an https address, got 42"_s);
    row("url: not a url", "OidcIssuer", R"("login example com")",
        uR"(OidcIssuer: expected an https address, got "login example com")"_s);
    row("url: query", "GatewayUrl", R"("https://ai.example.com/v1?key=1")",
        uR"(GatewayUrl: the address must not contain a user name, password, query or fragment, got "https://ai.example.com/v1?key=1")"_s);
    row("url: javascript", "SupportUrl", "\"javascript:alert(1)\"",
        u"SupportUrl: expected an https address, got \"javascript:alert(1)\""_s);
    row("enum", "AuthMode", R"("saml")", uR"(AuthMode: expected one of "oidc", "api-key", "none", got "saml")"_s);
    row("enum: case", "ProxyMode", R"("Fixed")",
        uR"(ProxyMode: expected one of "system", "direct", "fixed", got "Fixed")"_s);
    row("bool: string", "PreferDeviceSignIn", R"("yes")",
        uR"(PreferDeviceSignIn: expected true or false, got "yes")"_s);
    row("bool: 2", "HistoryEnabled", "2", u"HistoryEnabled: expected true or false, got 2"_s);
    row("int: range", "HistoryRetentionDays", "5000",
        u"HistoryRetentionDays: expected a whole number from 0 to 3650, got 5000"_s);
    row("int: negative", "HistoryRetentionDays", "-1",
        u"HistoryRetentionDays: expected a whole number from 0 to 3650, got -1"_s);
    row("int: fraction", "HistoryRetentionDays", "1.5",
        u"HistoryRetentionDays: expected a whole number from 0 to 3650, got 1.5"_s);
    row("int: string", "HistoryRetentionDays", R"("90")",
        uR"(HistoryRetentionDays: expected a whole number from 0 to 3650, got "90")"_s);
    row("list: item type", "AllowedModels", R"(["gpt-4o", "llama", 42])",
        u"AllowedModels[2]: expected a string, got 42"_s);
    row("list: not a list", "AllowedModels", R"("gpt-4o")", uR"(AllowedModels: expected a list, got "gpt-4o")"_s);
    row("list: model id with space", "AllowedModels", R"(["gpt 4"])",
        uR"(AllowedModels[0]: expected a model id, with * for any characters, got "gpt 4")"_s);
    row("list: scope", "OidcScopes", R"(["openid", "ai chat"])",
        uR"(OidcScopes[1]: expected a scope without spaces, got "ai chat")"_s);
    row("list: never a javascript link", "AllowedLinkSchemes", R"(["https", "javascript"])",
        uR"(AllowedLinkSchemes[1]: "javascript" links are never allowed, got "javascript")"_s);
    row("list: file links", "AllowedLinkSchemes", R"(["FILE"])",
        uR"(AllowedLinkSchemes[0]: "FILE" links are never allowed, got "FILE")"_s);
    row("list: host pattern", "TrustedLinkHosts", R"(["*.example.com", "https://x.example.com"])",
        uR"(TrustedLinkHosts[1]: expected a host name, optionally with "*.", got "https://x.example.com")"_s);
    row("list: origin with a path", "AdditionalAllowedHosts", R"(["https://files.example.com/docs"])",
        uR"(AdditionalAllowedHosts[0]: expected an origin such as https://host[:port], without a path, got "https://files.example.com/docs")"_s);
    row("dictionary: not an object", "PinnedPublicKeys", R"(["x"])",
        u"PinnedPublicKeys: expected an object, got a list"_s);
    row("dictionary: bad pin", "PinnedPublicKeys", R"({"ai.example.com": ["short"]})",
        uR"(PinnedPublicKeys["ai.example.com"][0]: expected the base64 SHA-256 of a public key (44 characters), got "short")"_s);
    row("dictionary: bad host", "PinnedPublicKeys",
        R"({"bad host!": ["47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="]})",
        uR"(PinnedPublicKeys["bad host!"]: expected a host name)"_s);
    row("dictionary: pins not a list", "PinnedPublicKeys", R"({"ai.example.com": "x"})",
        uR"(PinnedPublicKeys["ai.example.com"]: expected a list, got "x")"_s);
    row("properties: range", "RequestTimeouts", R"({"idleSeconds": 0})",
        u"RequestTimeouts.idleSeconds: expected a whole number from 1 to 3600, got 0"_s);
    row("properties: unknown", "RequestTimeouts", R"({"totalSeconds": 10})",
        u"RequestTimeouts.totalSeconds: unknown entry (known: connectSeconds, firstByteSeconds, idleSeconds)"_s);
    row("string: type", "OidcClientId", "true", u"OidcClientId: expected a string, got true"_s);
    row("string: client id with space", "OidcClientId", R"("my app")",
        uR"(OidcClientId: expected a name without spaces or control characters, got "my app")"_s);
    row("string: too long", "DataClassificationNotice", nullptr, {}); // filled below
    row("string: hidden character", "LoginBanner", "\"Authorized use only\\u202e\"",
        u"LoginBanner: contains an invisible or control character at position 20, got \"Authorized use only\u202e\""_s);
    row("pem", "ExtraCaCertificates", R"("not a certificate")",
        uR"(ExtraCaCertificates: expected PEM certificates (-----BEGIN CERTIFICATE----- ...), got "not a certificate")"_s);
    row("proxy: scheme", "ProxyServer", R"("socks5://proxy.example.com:1080")",
        u"ProxyServer: expected http://[user@]host:port"_s);
    row("proxy: no port", "ProxyServer", R"("http://proxy.example.com")",
        u"ProxyServer: expected http://[user@]host:port"_s);
}

void tst_PolicyValidator::messages()
{
    QFETCH(QString, policy);
    QFETCH(QByteArray, value);
    QFETCH(QString, message);
    QJsonValue input = json(value);
    if (value.isNull()) {
        input = QString(201, u'x');
        message = u"DataClassificationNotice: longer than 200 characters (201)"_s;
    }
    const PolicyDefinition *definition = PolicySchema::builtIn().find(policy);
    QVERIFY(definition);
    const PolicyValidator::Result result = PolicyValidator::validate(*definition, input);
    QVERIFY(!result.ok());
    QCOMPARE(result.errors, QStringList{message});
}

void tst_PolicyValidator::normalises_data()
{
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("normalised");

    QTest::newRow("url: trailing slash, case") << u"GatewayUrl"_s << QByteArray(R"("HTTPS://AI.Example.com/v1/")")
                                               << QByteArray(R"("https://ai.example.com/v1")");
    QTest::newRow("url: http on this computer")
        << u"GatewayUrl"_s << QByteArray(R"("http://127.0.0.1:8080")") << QByteArray(R"("http://127.0.0.1:8080")");
    QTest::newRow("bool from a registry DWORD") << u"PreferDeviceSignIn"_s << QByteArray("1") << QByteArray("true");
    QTest::newRow("bool from 0") << u"HistoryEnabled"_s << QByteArray("0") << QByteArray("false");
    QTest::newRow("int") << u"HistoryRetentionDays"_s << QByteArray("90.0") << QByteArray("90");
    QTest::newRow("pins: host lower-cased")
        << u"PinnedPublicKeys"_s
        << QByteArray(R"({"AI.example.com": ["47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="]})")
        << QByteArray(R"({"ai.example.com": ["47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="]})");
    QTest::newRow("timeouts: the rest keep their default")
        << u"RequestTimeouts"_s << QByteArray(R"({"idleSeconds": 300})")
        << QByteArray(R"({"connectSeconds": 15, "firstByteSeconds": 60, "idleSeconds": 300})");
    QTest::newRow("proxy without scheme")
        << u"ProxyServer"_s << QByteArray(R"("proxy.example.com:3128")") << QByteArray(R"("proxy.example.com:3128")");
    QTest::newRow("lines of a REG_MULTI_SZ")
        << u"LoginBanner"_s << QByteArray(R"(["Authorized use only.", "Activity is logged."])")
        << QByteArray(R"("Authorized use only.\nActivity is logged.")");
    QTest::newRow("model pattern") << u"AllowedModels"_s << QByteArray(R"(["gpt-4o*", "llama-3.1-70b"])")
                                   << QByteArray(R"(["gpt-4o*", "llama-3.1-70b"])");
}

void tst_PolicyValidator::normalises()
{
    QFETCH(QString, policy);
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, normalised);
    const PolicyValidator::Result result
        = PolicyValidator::validate(*PolicySchema::builtIn().find(policy), json(value));
    QVERIFY2(result.ok(), qPrintable(result.errors.join(u'\n')));
    QCOMPARE(result.value, json(normalised));
}

void tst_PolicyValidator::normalisingTwiceChangesNothing()
{
    // What the app uses is exactly what validation accepted: found by fuzz_policy, where
    // QUrl took two rounds to normalise a path.
    const PolicyDefinition &gateway = *PolicySchema::builtIn().find(u"GatewayUrl");
    for (const QString &url : {u"https://ai.example.comhttp:///v0"_s, u"https://log////////////////in.example.com"_s,
             u"https://ai.example.com///v1"_s, u"https://ai.example.com/a//./b/../c/"_s,
             u"https://ai.example.com/./v1//"_s, u"https://AI.example.com:443/v1/%7e"_s}) {
        const PolicyValidator::Result once = PolicyValidator::validate(gateway, url);
        QVERIFY2(once.ok(), qPrintable(url));
        const PolicyValidator::Result twice = PolicyValidator::validate(gateway, once.value);
        QVERIFY2(twice.ok(), qPrintable(url));
        QCOMPARE(twice.value, once.value);
    }
}

void tst_PolicyValidator::everyDefaultAndExampleIsValid()
{
    const QJsonArray policies
        = QJsonDocument::fromJson(policySchemaJson().toByteArray()).object().value(u"policies"_s).toArray();
    QCOMPARE(policies.size(), policyKeyCount);
    for (const PolicyDefinition &definition : PolicySchema::builtIn().definitions()) {
        if (!definition.defaultValue.isNull()) {
            const auto result = PolicyValidator::validate(definition, definition.defaultValue);
            QVERIFY2(result.ok(), qPrintable(definition.name + u": "_s + result.errors.join(u"; "_s)));
            QCOMPARE(result.value, definition.defaultValue);
        }
        const QJsonValue example = policies.at(int(definition.key)).toObject().value(u"example"_s);
        QVERIFY2(!example.isUndefined(), qPrintable(definition.name));
        if (definition.rule.format == u"pem"_s)
            continue; // the example is an abbreviated certificate
        const auto result = PolicyValidator::validate(definition, example);
        QVERIFY2(result.ok(), qPrintable(definition.name + u": "_s + result.errors.join(u"; "_s)));
    }
}

void tst_PolicyValidator::neverRepeatsUserInfo()
{
    for (const char *policy : {"GatewayUrl", "ProxyServer", "OidcIssuer"}) {
        const auto result = PolicyValidator::validate(*PolicySchema::builtIn().find(QString::fromLatin1(policy)),
            u"http://alice:hunter2@ai.example.com:3128/v1"_s);
        QVERIFY(!result.ok());
        QVERIFY2(!result.errors.join(u' ').contains(u"hunter2"_s), qPrintable(result.errors.join(u' ')));
    }
}

QTEST_GUILESS_MAIN(tst_PolicyValidator)
#include "tst_PolicyValidator.moc"

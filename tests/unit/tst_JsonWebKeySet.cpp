#include "TestTokenSigner.h"
#include "auth/JsonWebKeySet.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <openssl/evp.h>

using namespace Qt::StringLiterals;
using namespace streamcanvas::auth;

class tst_JsonWebKeySet : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void readsRsaAndEcKeys();
    void optionalMembersMayBeAbsent();
    void leavesOutUnusableKeys_data();
    void leavesOutUnusableKeys();
    void acceptsModulusWithLeadingZero();
    void refusesDocumentsThatAreNoKeySet_data();
    void refusesDocumentsThatAreNoKeySet();
    void emptyKeySetIsValid();
    void sharedKeyIdPrefersTheSigningKey();
    void readsAtMostMaximumKeys();
    void refusesOversizedDocument();

private:
    static QString b64(const QByteArray &bytes) { return QString::fromLatin1(TestTokenSigner::base64Url(bytes)); }
    static QByteArray unb64(const QJsonValue &value)
    {
        return QByteArray::fromBase64(value.toString().toLatin1(), QByteArray::Base64UrlEncoding);
    }
    // `jwk` with one member replaced, or removed when `value` is undefined.
    static QJsonObject with(QJsonObject jwk, const QString &member, const QJsonValue &value)
    {
        if (value.isUndefined())
            jwk.remove(member);
        else
            jwk.insert(member, value);
        return jwk;
    }

    TestTokenSigner::Key m_rsa;
    TestTokenSigner::Key m_ec;
};

void tst_JsonWebKeySet::initTestCase()
{
    m_rsa = TestTokenSigner::generateRsa(2048);
    m_ec = TestTokenSigner::generateEc("P-256");
}

void tst_JsonWebKeySet::readsRsaAndEcKeys()
{
    const QByteArray json = TestTokenSigner::jwks({
        TestTokenSigner::publicJwk(m_rsa.get(), u"rsa-1"_s, u"RS256"_s, u"sig"_s),
        TestTokenSigner::publicJwk(m_ec.get(), u"ec-1"_s, u"ES256"_s, u"sig"_s),
    });
    const JsonWebKeySet set = JsonWebKeySet::fromJson(json);

    QVERIFY(set.isValid());
    QCOMPARE(set.warnings(), QStringList());
    QCOMPARE(set.size(), 2);

    const JsonWebKey *rsa = set.find(u"rsa-1"_s);
    QVERIFY(rsa);
    QCOMPARE(rsa->kid, u"rsa-1"_s);
    QCOMPARE(rsa->kty, u"RSA"_s);
    QCOMPARE(rsa->alg, u"RS256"_s);
    QCOMPARE(rsa->use, u"sig"_s);
    QCOMPARE(rsa->bits, 2048);
    QVERIFY(rsa->publicKey);
    // The key OpenSSL holds is the generated one's public half.
    QCOMPARE(EVP_PKEY_eq(rsa->publicKey.get(), m_rsa.get()), 1);
    QVERIFY(EVP_PKEY_eq(rsa->publicKey.get(), m_ec.get()) != 1);

    const JsonWebKey *ec = set.find(u"ec-1"_s);
    QVERIFY(ec);
    QCOMPARE(ec->kty, u"EC"_s);
    QCOMPARE(ec->alg, u"ES256"_s);
    QCOMPARE(ec->bits, 256);
    QCOMPARE(EVP_PKEY_eq(ec->publicKey.get(), m_ec.get()), 1);

    QCOMPARE(set.find(u"rsa-2"_s), nullptr);
    QCOMPARE(set.find(u"RSA-1"_s), nullptr);
    QCOMPARE(set.find(QString()), nullptr);
}

void tst_JsonWebKeySet::optionalMembersMayBeAbsent()
{
    const JsonWebKeySet set = JsonWebKeySet::fromJson(TestTokenSigner::jwks({
        TestTokenSigner::publicJwk(m_ec.get(), QString()),
        TestTokenSigner::publicJwk(m_rsa.get(), u"enc"_s, u"RSA-OAEP"_s, u"enc"_s),
    }));
    QCOMPARE(set.warnings(), QStringList());
    QCOMPARE(set.size(), 2);

    const JsonWebKey &anonymous = set.keys().at(0);
    QVERIFY(anonymous.kid.isEmpty());
    QVERIFY(anonymous.alg.isEmpty());
    QVERIFY(anonymous.use.isEmpty());
    QVERIFY(anonymous.isForSignatures());
    QCOMPARE(set.find(QString()), &anonymous);

    // Encryption keys are kept as published; JwtValidator refuses to check signatures with them.
    const JsonWebKey *encryption = set.find(u"enc"_s);
    QVERIFY(encryption);
    QCOMPARE(encryption->use, u"enc"_s);
    QVERIFY(!encryption->isForSignatures());
}

void tst_JsonWebKeySet::leavesOutUnusableKeys_data()
{
    QTest::addColumn<QJsonValue>("key");

    const QJsonObject rsa = TestTokenSigner::publicJwk(m_rsa.get(), u"bad"_s);
    const QJsonObject ec = TestTokenSigner::publicJwk(m_ec.get(), u"bad"_s);
    const QByteArray n = unb64(rsa.value(u"n"_s));
    const QByteArray x = unb64(ec.value(u"x"_s));
    QByteArray y = unb64(ec.value(u"y"_s));

    const TestTokenSigner::Key rsa1024 = TestTokenSigner::generateRsa(1024);
    QTest::newRow("RSA 1024 bits") << QJsonValue(TestTokenSigner::publicJwk(rsa1024.get(), u"bad"_s));
    QTest::newRow("RSA 2040 bits") << QJsonValue(with(rsa, u"n"_s, b64(n.left(255))));
    QTest::newRow("RSA without n") << QJsonValue(with(rsa, u"n"_s, QJsonValue::Undefined));
    QTest::newRow("RSA without e") << QJsonValue(with(rsa, u"e"_s, QJsonValue::Undefined));
    QTest::newRow("RSA n empty") << QJsonValue(with(rsa, u"n"_s, QString()));
    QTest::newRow("RSA n a number") << QJsonValue(with(rsa, u"n"_s, 12345));
    QTest::newRow("RSA n standard base64")
        << QJsonValue(with(rsa, u"n"_s, QString::fromLatin1(n.toBase64(QByteArray::OmitTrailingEquals))));
    QTest::newRow("RSA n padded") << QJsonValue(
        with(rsa, u"n"_s, QString::fromLatin1(n.toBase64(QByteArray::Base64UrlEncoding))));
    QTest::newRow("RSA n even") << QJsonValue(with(rsa, u"n"_s, b64(n.left(n.size() - 1) + char(n.back() & ~1))));
    QTest::newRow("RSA n over 16384 bits") << QJsonValue(with(rsa, u"n"_s, b64(QByteArray(2049, '\x7f') + '\x01')));
    QTest::newRow("RSA e = 1") << QJsonValue(with(rsa, u"e"_s, u"AQ"_s));
    QTest::newRow("RSA e even") << QJsonValue(with(rsa, u"e"_s, u"AQAA"_s));
    QTest::newRow("RSA e over 256 bits") << QJsonValue(with(rsa, u"e"_s, b64(QByteArray(32, '\xff') + '\x01')));

    const TestTokenSigner::Key p384 = TestTokenSigner::generateEc("P-384");
    QTest::newRow("EC P-384") << QJsonValue(TestTokenSigner::publicJwk(p384.get(), u"bad"_s));
    QTest::newRow("EC P-384 named P-256")
        << QJsonValue(with(TestTokenSigner::publicJwk(p384.get(), u"bad"_s), u"crv"_s, u"P-256"_s));
    QTest::newRow("EC secp256k1") << QJsonValue(with(ec, u"crv"_s, u"secp256k1"_s));
    QTest::newRow("EC without crv") << QJsonValue(with(ec, u"crv"_s, QJsonValue::Undefined));
    QTest::newRow("EC crv lower case") << QJsonValue(with(ec, u"crv"_s, u"p-256"_s));
    QTest::newRow("EC without y") << QJsonValue(with(ec, u"y"_s, QJsonValue::Undefined));
    QTest::newRow("EC x 31 bytes") << QJsonValue(with(ec, u"x"_s, b64(x.mid(1))));
    QTest::newRow("EC x 33 bytes") << QJsonValue(with(ec, u"x"_s, b64('\0' + x)));
    QTest::newRow("EC x and y zero") << QJsonValue(
        with(with(ec, u"x"_s, b64(QByteArray(32, '\0'))), u"y"_s, b64(QByteArray(32, '\0'))));
    y[31] = char(y[31] ^ 1);
    QTest::newRow("EC point not on the curve") << QJsonValue(with(ec, u"y"_s, b64(y)));

    QTest::newRow("symmetric key") << QJsonValue(
        QJsonObject{{u"kty"_s, u"oct"_s}, {u"kid"_s, u"bad"_s}, {u"k"_s, b64("secret shared with no one"_ba)}});
    QTest::newRow("Ed25519") << QJsonValue(
        QJsonObject{{u"kty"_s, u"OKP"_s}, {u"crv"_s, u"Ed25519"_s}, {u"x"_s, b64(QByteArray(32, 'x'))}});
    QTest::newRow("kty lower case") << QJsonValue(with(rsa, u"kty"_s, u"rsa"_s));
    QTest::newRow("without kty") << QJsonValue(with(rsa, u"kty"_s, QJsonValue::Undefined));
    QTest::newRow("kty a number") << QJsonValue(with(rsa, u"kty"_s, 1));
    QTest::newRow("kid a number") << QJsonValue(with(rsa, u"kid"_s, 7));
    QTest::newRow("use an array") << QJsonValue(with(rsa, u"use"_s, QJsonArray{u"sig"_s}));
    QTest::newRow("alg null") << QJsonValue(with(rsa, u"alg"_s, QJsonValue::Null));
    QTest::newRow("a string") << QJsonValue(u"not a key"_s);
    QTest::newRow("null") << QJsonValue(QJsonValue::Null);
}

void tst_JsonWebKeySet::leavesOutUnusableKeys()
{
    QFETCH(QJsonValue, key);

    // The bad key sits between two good ones, which must both survive it.
    const QByteArray json = TestTokenSigner::jwks({
        TestTokenSigner::publicJwk(m_ec.get(), u"good-1"_s),
        key,
        TestTokenSigner::publicJwk(m_rsa.get(), u"good-2"_s),
    });
    const JsonWebKeySet set = JsonWebKeySet::fromJson(json);

    QVERIFY(set.isValid());
    QCOMPARE(set.size(), 2);
    QVERIFY(set.find(u"good-1"_s));
    QVERIFY(set.find(u"good-2"_s));
    QCOMPARE(set.find(u"bad"_s), nullptr);
    QCOMPARE(set.warnings().size(), 1);
    QVERIFY2(set.warnings().first().contains(u"left out"_s), qPrintable(set.warnings().first()));
}

void tst_JsonWebKeySet::acceptsModulusWithLeadingZero()
{
    // RFC 7518 says not to, and some libraries do anyway; the size is that of the number.
    QJsonObject rsa = TestTokenSigner::publicJwk(m_rsa.get(), u"rsa-1"_s);
    rsa.insert(u"n"_s, b64('\0' + unb64(rsa.value(u"n"_s))));
    const JsonWebKeySet set = JsonWebKeySet::fromJson(TestTokenSigner::jwks({rsa}));
    QCOMPARE(set.warnings(), QStringList());
    QVERIFY(set.find(u"rsa-1"_s));
    QCOMPARE(set.find(u"rsa-1"_s)->bits, 2048);
    QCOMPARE(EVP_PKEY_eq(set.find(u"rsa-1"_s)->publicKey.get(), m_rsa.get()), 1);
}

void tst_JsonWebKeySet::refusesDocumentsThatAreNoKeySet_data()
{
    QTest::addColumn<QByteArray>("json");

    const QByteArray key = QJsonDocument(TestTokenSigner::publicJwk(m_ec.get(), u"ec-1"_s)).toJson();
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("not JSON") << "keys: []"_ba;
    QTest::newRow("truncated") << QByteArray("{\"keys\":[" + key).chopped(3);
    QTest::newRow("array of keys") << ('[' + key + ']');
    QTest::newRow("a single key") << key;
    QTest::newRow("keys an object") << ("{\"keys\":" + key + '}');
    QTest::newRow("keys null") << "{\"keys\":null}"_ba;
    QTest::newRow("no keys") << "{\"key\":[]}"_ba;
}

void tst_JsonWebKeySet::refusesDocumentsThatAreNoKeySet()
{
    QFETCH(QByteArray, json);

    const JsonWebKeySet set = JsonWebKeySet::fromJson(json);
    QVERIFY(!set.isValid());
    QVERIFY(set.isEmpty());
    QCOMPARE(set.warnings().size(), 1);
}

void tst_JsonWebKeySet::emptyKeySetIsValid()
{
    const JsonWebKeySet set = JsonWebKeySet::fromJson("{\"keys\":[]}");
    QVERIFY(set.isValid());
    QVERIFY(set.isEmpty());
    QCOMPARE(set.warnings(), QStringList());

    const JsonWebKeySet defaultSet;
    QVERIFY(!defaultSet.isValid());
    QVERIFY(defaultSet.isEmpty());
}

void tst_JsonWebKeySet::sharedKeyIdPrefersTheSigningKey()
{
    const JsonWebKeySet set = JsonWebKeySet::fromJson(TestTokenSigner::jwks({
        TestTokenSigner::publicJwk(m_rsa.get(), u"shared"_s, u"RSA-OAEP"_s, u"enc"_s),
        TestTokenSigner::publicJwk(m_ec.get(), u"shared"_s, QString(), u"sig"_s),
    }));
    QCOMPARE(set.size(), 2);
    QCOMPARE(set.warnings().size(), 1);
    const JsonWebKey *found = set.find(u"shared"_s);
    QVERIFY(found);
    QCOMPARE(found->kty, u"EC"_s);

    // Two signing keys with one id: the first published.
    const JsonWebKeySet twoSigning = JsonWebKeySet::fromJson(TestTokenSigner::jwks({
        TestTokenSigner::publicJwk(m_rsa.get(), u"shared"_s),
        TestTokenSigner::publicJwk(m_ec.get(), u"shared"_s),
    }));
    QVERIFY(twoSigning.find(u"shared"_s));
    QCOMPARE(twoSigning.find(u"shared"_s)->kty, u"RSA"_s);
}

void tst_JsonWebKeySet::readsAtMostMaximumKeys()
{
    QJsonArray keys;
    for (int i = 0; i < JsonWebKeySet::maximumKeys + 5; ++i)
        keys.append(TestTokenSigner::publicJwk(m_ec.get(), u"ec-%1"_s.arg(i)));
    const JsonWebKeySet set = JsonWebKeySet::fromJson(TestTokenSigner::jwks(keys));
    QVERIFY(set.isValid());
    QCOMPARE(set.size(), JsonWebKeySet::maximumKeys);
    QVERIFY(set.find(u"ec-%1"_s.arg(JsonWebKeySet::maximumKeys - 1)));
    QCOMPARE(set.find(u"ec-%1"_s.arg(JsonWebKeySet::maximumKeys)), nullptr);
    QCOMPARE(set.warnings().size(), 1);
}

void tst_JsonWebKeySet::refusesOversizedDocument()
{
    QJsonObject key = TestTokenSigner::publicJwk(m_ec.get(), u"ec-1"_s);
    key.insert(u"x5c-padding"_s, QString(JsonWebKeySet::maximumDocumentBytes, u'a'));
    const QByteArray json = TestTokenSigner::jwks({key});
    QVERIFY(json.size() > JsonWebKeySet::maximumDocumentBytes);
    const JsonWebKeySet set = JsonWebKeySet::fromJson(json);
    QVERIFY(!set.isValid());
    QVERIFY(set.isEmpty());
}

QTEST_GUILESS_MAIN(tst_JsonWebKeySet)
#include "tst_JsonWebKeySet.moc"

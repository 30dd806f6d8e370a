#include "FakeClock.h"
#include "JwtTestFixture.h"
#include "TestTokenSigner.h"
#include "auth/JsonWebKeySet.h"
#include "auth/JwtValidator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace streamcanvas::auth;

Q_DECLARE_METATYPE(streamcanvas::auth::JwtError)

class tst_JwtValidator
    : public QObject
    , private JwtTestFixture
{
    Q_OBJECT

private slots:
    void initTestCase();

    void acceptsValidTokens_data();
    void acceptsValidTokens();

    void headerMembers_data();
    void headerMembers();
    void accessTokenType_data();
    void accessTokenType();
    void refusesAlgorithms_data();
    void refusesAlgorithms();
    void algorithmNone();
    void hmacWithThePublicKeyAsSecret();

    void keyOfAnotherType_data();
    void keyOfAnotherType();
    void keyRestrictions_data();
    void keyRestrictions();
    void keySelection();
    void rotatedKeyIsFoundAfterRefetch();

    void tamperedTokens_data();
    void tamperedTokens();
    void ecdsaSignatureInDerIsRefused();

    void malformed_data();
    void malformed();
    void hugeTokenIsRefusedBeforeDecoding();

private:
    static QByteArray b64(const QByteArray &bytes) { return TestTokenSigner::base64Url(bytes); }
    static QByteArray json(const QJsonObject &object) { return QJsonDocument(object).toJson(QJsonDocument::Compact); }

    // The private key for a key id of m_keys.
    EVP_PKEY *keyFor(const QString &kid) const;
    QByteArray signedToken(const QJsonObject &header, const QJsonObject &claims) const;
    JwtValidation validate(const QByteArray &token) const { return validate(token, m_keys, expectations()); }
    JwtValidation validate(
        QByteArrayView token, const JsonWebKeySet &keys, const JwtValidator::Expectations &expected) const
    {
        return JwtValidator(m_clock).validate(token, keys, expected);
    }

    FakeClock m_clock{now()};
    TestTokenSigner::Key m_rsa;
    TestTokenSigner::Key m_ec;
    TestTokenSigner::Key m_otherRsa;
    TestTokenSigner::Key m_otherEc;
    // rsa-1 (no alg, no use) and ec-1 (alg ES256, use sig), as a provider publishes them.
    JsonWebKeySet m_keys;
};

void tst_JwtValidator::initTestCase()
{
    m_rsa = TestTokenSigner::generateRsa(2048);
    m_ec = TestTokenSigner::generateEc("P-256");
    m_otherRsa = TestTokenSigner::generateRsa(2048);
    m_otherEc = TestTokenSigner::generateEc("P-256");
    m_keys = JsonWebKeySet::fromJson(TestTokenSigner::jwks({
        TestTokenSigner::publicJwk(m_rsa.get(), u"rsa-1"_s),
        TestTokenSigner::publicJwk(m_ec.get(), u"ec-1"_s, u"ES256"_s, u"sig"_s),
    }));
    QCOMPARE(m_keys.warnings(), QStringList());
    QCOMPARE(m_keys.size(), 2);
}

EVP_PKEY *tst_JwtValidator::keyFor(const QString &kid) const
{
    return kid.startsWith(u"ec") ? m_ec.get() : m_rsa.get();
}

QByteArray tst_JwtValidator::signedToken(const QJsonObject &header, const QJsonObject &claims) const
{
    return TestTokenSigner::token(header, claims, keyFor(header.value(u"kid"_s).toString()));
}

// --- What must be accepted ----------------------------------------------------------------------

void tst_JwtValidator::acceptsValidTokens_data()
{
    QTest::addColumn<QString>("alg");
    QTest::addColumn<QString>("kid");

    QTest::newRow("RS256") << u"RS256"_s << u"rsa-1"_s;
    QTest::newRow("PS256") << u"PS256"_s << u"rsa-1"_s;
    QTest::newRow("ES256") << u"ES256"_s << u"ec-1"_s;
}

void tst_JwtValidator::acceptsValidTokens()
{
    QFETCH(QString, alg);
    QFETCH(QString, kid);

    const QJsonObject claims = validClaims();
    // Several tokens: ECDSA and PSS signatures differ every time, and each must pass.
    for (int i = 0; i < 5; ++i) {
        const QByteArray token = signedToken(header(alg, kid), claims);
        const JwtValidation result = validate(token);
        QVERIFY2(refusalProblem(result, token, JwtError::None).isEmpty(),
            qPrintable(refusalProblem(result, token, JwtError::None)));
        QCOMPARE(result.claims, claims);
        QCOMPARE(result.header.value(u"alg"_s).toString(), alg);
        QCOMPARE(result.header.value(u"kid"_s).toString(), kid);
    }
}

// --- The header and the choice of algorithm ------------------------------------------------

void tst_JwtValidator::headerMembers_data()
{
    QTest::addColumn<QJsonObject>("set");
    QTest::addColumn<QStringList>("remove");
    QTest::addColumn<JwtError>("expected");

    const QStringList none;
    QTest::newRow("as issued") << QJsonObject() << none << JwtError::None;
    QTest::newRow("typ absent") << QJsonObject() << QStringList{u"typ"_s} << JwtError::None;
    QTest::newRow("typ jwt") << QJsonObject{{u"typ"_s, u"jwt"_s}} << none << JwtError::None;
    QTest::newRow("typ application/jwt") << QJsonObject{{u"typ"_s, u"application/jwt"_s}} << none << JwtError::None;
    // Members that could send a naive client fetching keys elsewhere are ignored.
    QTest::newRow("jku, x5u and jwk") << QJsonObject{{u"jku"_s, u"https://attacker.test/jwks"_s},
        {u"x5u"_s, u"https://attacker.test/cert"_s},
        {u"jwk"_s, TestTokenSigner::publicJwk(m_otherRsa.get(), u"rsa-1"_s)}}
                                      << none << JwtError::None;

    QTest::newRow("typ at+jwt") << QJsonObject{{u"typ"_s, u"at+jwt"_s}} << none << JwtError::WrongType;
    QTest::newRow("typ JOSE") << QJsonObject{{u"typ"_s, u"JOSE"_s}} << none << JwtError::WrongType;
    QTest::newRow("typ with a space") << QJsonObject{{u"typ"_s, u"JWT "_s}} << none << JwtError::WrongType;
    QTest::newRow("typ text/jwt") << QJsonObject{{u"typ"_s, u"text/jwt"_s}} << none << JwtError::WrongType;
    QTest::newRow("typ empty") << QJsonObject{{u"typ"_s, QString()}} << none << JwtError::WrongType;
    QTest::newRow("typ a number") << QJsonObject{{u"typ"_s, 1}} << none << JwtError::WrongType;
    QTest::newRow("crit") << QJsonObject{{u"crit"_s, QJsonArray{u"exp"_s}}, {u"exp"_s, nowSeconds() + 60}} << none
                          << JwtError::CriticalHeader;
    QTest::newRow("crit b64") << QJsonObject{{u"crit"_s, QJsonArray{u"b64"_s}}, {u"b64"_s, false}} << none
                              << JwtError::CriticalHeader;
    QTest::newRow("crit empty") << QJsonObject{{u"crit"_s, QJsonArray()}} << none << JwtError::CriticalHeader;
    QTest::newRow("crit null") << QJsonObject{{u"crit"_s, QJsonValue::Null}} << none << JwtError::CriticalHeader;
    QTest::newRow("kid a number") << QJsonObject{{u"kid"_s, 1}} << none << JwtError::Malformed;
    QTest::newRow("alg missing") << QJsonObject() << QStringList{u"alg"_s} << JwtError::Malformed;
    QTest::newRow("alg a number") << QJsonObject{{u"alg"_s, 256}} << none << JwtError::Malformed;
    QTest::newRow("alg in an array") << QJsonObject{{u"alg"_s, QJsonArray{u"RS256"_s}}} << none << JwtError::Malformed;
}

void tst_JwtValidator::headerMembers()
{
    QFETCH(QJsonObject, set);
    QFETCH(QStringList, remove);
    QFETCH(JwtError, expected);

    // Signed with the right key whatever the header says, so only the header can fail.
    const QJsonObject tokenHeader = patched(header(u"RS256"_s, u"rsa-1"_s), set, remove);
    const QByteArray input = TestTokenSigner::signingInput(tokenHeader, validClaims());
    const QByteArray token = input + '.' + b64(TestTokenSigner::sign(u"RS256"_s, m_rsa.get(), input));
    const JwtValidation result = validate(token);
    QVERIFY2(refusalProblem(result, token, expected).isEmpty(), qPrintable(refusalProblem(result, token, expected)));
    if (expected != JwtError::Malformed)
        QCOMPARE(result.header, tokenHeader);
}

void tst_JwtValidator::accessTokenType_data()
{
    QTest::addColumn<QJsonValue>("typ");
    QTest::addColumn<JwtError>("expected");

    QTest::newRow("at+jwt") << QJsonValue(u"at+jwt"_s) << JwtError::None;
    QTest::newRow("application/at+jwt") << QJsonValue(u"application/at+jwt"_s) << JwtError::None;
    QTest::newRow("AT+JWT") << QJsonValue(u"AT+JWT"_s) << JwtError::None;
    QTest::newRow("absent") << QJsonValue(QJsonValue::Undefined) << JwtError::None;
    QTest::newRow("JWT") << QJsonValue(u"JWT"_s) << JwtError::WrongType;
    QTest::newRow("application/at+jwt+x") << QJsonValue(u"application/at+jwt+x"_s) << JwtError::WrongType;
}

void tst_JwtValidator::accessTokenType()
{
    QFETCH(QJsonValue, typ);
    QFETCH(JwtError, expected);

    JwtValidator::Expectations expected_ = expectations();
    expected_.acceptedTypes = QStringList{u"at+jwt"_s};
    expected_.nonce.clear();
    QJsonObject tokenHeader = header(u"PS256"_s, u"rsa-1"_s);
    tokenHeader.remove(u"typ"_s);
    if (!typ.isUndefined())
        tokenHeader.insert(u"typ"_s, typ);
    const QByteArray token = signedToken(tokenHeader, patched(validClaims(), {}, {u"nonce"_s}));
    const JwtValidation result = validate(token, m_keys, expected_);
    QVERIFY2(refusalProblem(result, token, expected).isEmpty(), qPrintable(refusalProblem(result, token, expected)));

    // An empty list accepts no typ at all, and still a token without one.
    expected_.acceptedTypes.clear();
    const JwtError withoutTypes = typ.isUndefined() ? JwtError::None : JwtError::WrongType;
    QCOMPARE(validate(token, m_keys, expected_).error, withoutTypes);
}

void tst_JwtValidator::refusesAlgorithms_data()
{
    QTest::addColumn<QString>("alg");

    for (const char *alg : {"none", "None", "NONE", "nOnE", "HS256", "HS384", "HS512", "RS384", "RS512", "PS384",
             "PS512", "ES384", "ES512", "ES256K", "EdDSA", "rs256", "Rs256", "RS256 ", " RS256", "", "RSA-OAEP", "dir"})
        QTest::newRow(*alg ? alg : "empty") << QString::fromUtf8(alg);
    QTest::newRow("RS256 with NUL") << u"RS256\0"_s;
}

void tst_JwtValidator::refusesAlgorithms()
{
    QFETCH(QString, alg);

    for (const QString &kid : {u"rsa-1"_s, u"ec-1"_s, QString()}) {
        // A signature that is good for the key, by RS256 or ES256: the header's alg must decide.
        const QByteArray input = TestTokenSigner::signingInput(header(alg, kid), validClaims());
        const QString realAlg = kid == u"ec-1" ? u"ES256"_s : u"RS256"_s;
        const QByteArray token = input + '.' + b64(TestTokenSigner::sign(realAlg, keyFor(kid), input));
        const JwtValidation result = validate(token);
        QVERIFY2(refusalProblem(result, token, JwtError::AlgorithmNotAllowed).isEmpty(),
            qPrintable(kid + u": " + refusalProblem(result, token, JwtError::AlgorithmNotAllowed)));
    }
}

void tst_JwtValidator::algorithmNone()
{
    // RFC 7519 §6.1's unsecured JWT, as an attacker would send it, with and without a kid.
    for (const QJsonObject &tokenHeader : {QJsonObject{{u"alg"_s, u"none"_s}}, header(u"none"_s, u"rsa-1"_s)}) {
        const QByteArray input = TestTokenSigner::signingInput(tokenHeader, validClaims());
        const QByteArray withEmptySignature = input + '.';
        QVERIFY(
            refusalProblem(validate(withEmptySignature), withEmptySignature, JwtError::AlgorithmNotAllowed).isEmpty());
        const QByteArray withSignature = input + '.' + b64(TestTokenSigner::sign(u"RS256"_s, m_rsa.get(), input));
        QVERIFY(refusalProblem(validate(withSignature), withSignature, JwtError::AlgorithmNotAllowed).isEmpty());
        const QByteArray withGarbage = input + ".c2lnbmF0dXJl";
        QVERIFY(refusalProblem(validate(withGarbage), withGarbage, JwtError::AlgorithmNotAllowed).isEmpty());
        // Without the third part it is not even a JWS.
        QVERIFY(refusalProblem(validate(input), input, JwtError::Malformed).isEmpty());
    }
}

void tst_JwtValidator::hmacWithThePublicKeyAsSecret()
{
    // The classic confusion: a verifier that takes "HS256" from the header would use the
    // published RSA key's bytes as the HMAC secret, which the attacker knows too.
    const QByteArray pem = TestTokenSigner::publicKeyPem(m_rsa.get());
    const QByteArray jwkJson = json(TestTokenSigner::publicJwk(m_rsa.get(), u"rsa-1"_s));
    const QByteArray modulus = QByteArray::fromBase64(
        TestTokenSigner::publicJwk(m_rsa.get(), {}).value(u"n"_s).toString().toLatin1(), QByteArray::Base64UrlEncoding);
    for (const QByteArray &secret : {pem, jwkJson, modulus}) {
        for (const QString &kid : {u"rsa-1"_s, QString()}) {
            const QByteArray input = TestTokenSigner::signingInput(header(u"HS256"_s, kid), validClaims());
            const QByteArray mac = QMessageAuthenticationCode::hash(input, secret, QCryptographicHash::Sha256);
            const QByteArray token = input + '.' + b64(mac);
            const JwtValidation result = validate(token);
            QVERIFY2(refusalProblem(result, token, JwtError::AlgorithmNotAllowed).isEmpty(),
                qPrintable(refusalProblem(result, token, JwtError::AlgorithmNotAllowed)));
        }
    }
}

// --- Keys ------------------------------------------------------------------------------------

void tst_JwtValidator::keyOfAnotherType_data()
{
    QTest::addColumn<QString>("alg");
    QTest::addColumn<QString>("kid");

    QTest::newRow("RS256 on the EC key") << u"RS256"_s << u"ec-1"_s;
    QTest::newRow("PS256 on the EC key") << u"PS256"_s << u"ec-1"_s;
    QTest::newRow("ES256 on an RSA key") << u"ES256"_s << u"rsa-1"_s;
}

void tst_JwtValidator::keyOfAnotherType()
{
    QFETCH(QString, alg);
    QFETCH(QString, kid);

    // Signed by the key the alg needs, so that only the key's type is wrong.
    const QByteArray input = TestTokenSigner::signingInput(header(alg, kid), validClaims());
    EVP_PKEY *signer = alg == u"ES256" ? m_ec.get() : m_rsa.get();
    const QByteArray token = input + '.' + b64(TestTokenSigner::sign(alg, signer, input));
    const JwtValidation result = validate(token);
    QVERIFY2(refusalProblem(result, token, JwtError::KeyMismatch).isEmpty(),
        qPrintable(refusalProblem(result, token, JwtError::KeyMismatch)));
}

void tst_JwtValidator::keyRestrictions_data()
{
    QTest::addColumn<QString>("keyAlg");
    QTest::addColumn<QString>("keyUse");
    QTest::addColumn<QString>("alg");
    QTest::addColumn<JwtError>("expected");

    QTest::newRow("use sig") << QString() << u"sig"_s << u"RS256"_s << JwtError::None;
    QTest::newRow("use enc") << QString() << u"enc"_s << u"RS256"_s << JwtError::KeyMismatch;
    QTest::newRow("use SIG") << QString() << u"SIG"_s << u"RS256"_s << JwtError::KeyMismatch;
    QTest::newRow("use something else") << QString() << u"tls"_s << u"RS256"_s << JwtError::KeyMismatch;
    QTest::newRow("alg matches") << u"PS256"_s << QString() << u"PS256"_s << JwtError::None;
    QTest::newRow("key for PS256, token RS256") << u"PS256"_s << QString() << u"RS256"_s << JwtError::KeyMismatch;
    QTest::newRow("key for RS256, token PS256") << u"RS256"_s << QString() << u"PS256"_s << JwtError::KeyMismatch;
    QTest::newRow("key for RS512") << u"RS512"_s << u"sig"_s << u"RS256"_s << JwtError::KeyMismatch;
    QTest::newRow("key for RSA-OAEP, use enc") << u"RSA-OAEP"_s << u"enc"_s << u"RS256"_s << JwtError::KeyMismatch;
}

void tst_JwtValidator::keyRestrictions()
{
    QFETCH(QString, keyAlg);
    QFETCH(QString, keyUse);
    QFETCH(QString, alg);
    QFETCH(JwtError, expected);

    const JsonWebKeySet keys = JsonWebKeySet::fromJson(TestTokenSigner::jwks({
        TestTokenSigner::publicJwk(m_rsa.get(), u"rsa-1"_s, keyAlg, keyUse),
        TestTokenSigner::publicJwk(m_ec.get(), u"ec-1"_s),
    }));
    QCOMPARE(keys.size(), 2);
    const QByteArray token = signedToken(header(alg, u"rsa-1"_s), validClaims());
    const JwtValidation result = validate(token, keys, expectations());
    QVERIFY2(refusalProblem(result, token, expected).isEmpty(), qPrintable(refusalProblem(result, token, expected)));
}

void tst_JwtValidator::keySelection()
{
    const QJsonObject claims = validClaims();
    const auto check = [&](const QByteArray &token, const JsonWebKeySet &keys, JwtError expected) {
        return refusalProblem(validate(token, keys, expectations()), token, expected);
    };
    const JsonWebKeySet rsaOnly
        = JsonWebKeySet::fromJson(TestTokenSigner::jwks({TestTokenSigner::publicJwk(m_rsa.get(), u"rsa-1"_s)}));
    const JsonWebKeySet anonymousRsa
        = JsonWebKeySet::fromJson(TestTokenSigner::jwks({TestTokenSigner::publicJwk(m_rsa.get(), QString())}));

    const QByteArray unknownKid = signedToken(header(u"RS256"_s, u"rsa-2"_s), claims);
    QVERIFY2(check(unknownKid, m_keys, JwtError::UnknownKey).isEmpty(),
        qPrintable(check(unknownKid, m_keys, JwtError::UnknownKey)));
    QVERIFY(check(unknownKid, rsaOnly, JwtError::UnknownKey).isEmpty());
    // A token that names a key is checked with that key or not at all.
    QVERIFY(check(unknownKid, anonymousRsa, JwtError::UnknownKey).isEmpty());

    const QByteArray noKid = signedToken(header(u"RS256"_s, QString()), claims);
    QVERIFY2(
        check(noKid, m_keys, JwtError::UnknownKey).isEmpty(), qPrintable(check(noKid, m_keys, JwtError::UnknownKey)));
    QVERIFY2(check(noKid, rsaOnly, JwtError::None).isEmpty(), qPrintable(check(noKid, rsaOnly, JwtError::None)));
    QVERIFY(check(noKid, anonymousRsa, JwtError::None).isEmpty());

    const QByteArray named = signedToken(header(u"RS256"_s, u"rsa-1"_s), claims);
    QVERIFY(check(named, rsaOnly, JwtError::None).isEmpty());
    QVERIFY(check(named, JsonWebKeySet::fromJson("{\"keys\":[]}"), JwtError::UnknownKey).isEmpty());
    QVERIFY(check(named, JsonWebKeySet(), JwtError::UnknownKey).isEmpty());
    QVERIFY(check(noKid, JsonWebKeySet(), JwtError::UnknownKey).isEmpty());
}

void tst_JwtValidator::rotatedKeyIsFoundAfterRefetch()
{
    // The provider starts signing with a new key before this client has seen the new set.
    const QByteArray token = TestTokenSigner::token(header(u"RS256"_s, u"rsa-2031"_s), validClaims(), m_otherRsa.get());
    QCOMPARE(validate(token).error, JwtError::UnknownKey);

    const JsonWebKeySet refetched = JsonWebKeySet::fromJson(TestTokenSigner::jwks({
        TestTokenSigner::publicJwk(m_rsa.get(), u"rsa-1"_s),
        TestTokenSigner::publicJwk(m_otherRsa.get(), u"rsa-2031"_s),
    }));
    const JwtValidation result = validate(token, refetched, expectations());
    QVERIFY2(result.ok, qPrintable(result.message));
}

// --- Signatures ------------------------------------------------------------------------------

void tst_JwtValidator::tamperedTokens_data()
{
    QTest::addColumn<QString>("alg");
    QTest::addColumn<QString>("kid");

    QTest::newRow("RS256") << u"RS256"_s << u"rsa-1"_s;
    QTest::newRow("PS256") << u"PS256"_s << u"rsa-1"_s;
    QTest::newRow("ES256") << u"ES256"_s << u"ec-1"_s;
}

void tst_JwtValidator::tamperedTokens()
{
    QFETCH(QString, alg);
    QFETCH(QString, kid);

    const QJsonObject tokenHeader = header(alg, kid);
    const QByteArray input = TestTokenSigner::signingInput(tokenHeader, validClaims());
    const QByteArray signature = TestTokenSigner::sign(alg, keyFor(kid), input);
    const QByteArray headerPart = input.first(input.indexOf('.'));
    QVERIFY(validate(input + '.' + b64(signature)).ok);

    QList<std::pair<const char *, QByteArray>> tampered;
    const QJsonObject otherSubject = patched(validClaims(), {{u"sub"_s, u"admin"_s}});
    tampered.append({"payload replaced", headerPart + '.' + b64(json(otherSubject)) + '.' + b64(signature)});
    const QJsonObject otherExpiry = patched(validClaims(), {{u"exp"_s, nowSeconds() + 365 * day}});
    tampered.append({"exp extended", headerPart + '.' + b64(json(otherExpiry)) + '.' + b64(signature)});
    const QByteArray otherHeader = b64(json(patched(tokenHeader, {{u"typ"_s, u"jwt"_s}})));
    tampered.append({"header changed", otherHeader + input.sliced(headerPart.size()) + '.' + b64(signature)});
    for (const qsizetype at : {qsizetype(0), signature.size() / 2, signature.size() - 1}) {
        QByteArray flipped = signature;
        flipped[at] = char(flipped[at] ^ 0x01);
        tampered.append({"signature bit flipped", input + '.' + b64(flipped)});
    }
    tampered.append({"signature shortened", input + '.' + b64(signature.chopped(1))});
    tampered.append({"signature lengthened", input + '.' + b64(signature + '\0')});
    tampered.append({"signature with a leading zero", input + '.' + b64('\0' + signature)});
    tampered.append({"signature empty", input + '.'});
    tampered.append({"signature all zero", input + '.' + b64(QByteArray(signature.size(), '\0'))});
    tampered.append({"signature all ones", input + '.' + b64(QByteArray(signature.size(), '\xff'))});
    EVP_PKEY *otherKey = kid == u"ec-1" ? m_otherEc.get() : m_otherRsa.get();
    tampered.append({"signed by another key", input + '.' + b64(TestTokenSigner::sign(alg, otherKey, input))});
    const QByteArray otherInput = TestTokenSigner::signingInput(tokenHeader, otherSubject);
    tampered.append(
        {"signature of another token", input + '.' + b64(TestTokenSigner::sign(alg, keyFor(kid), otherInput))});

    for (const auto &[what, token] : std::as_const(tampered)) {
        const QString problem = refusalProblem(validate(token), token, JwtError::BadSignature);
        QVERIFY2(problem.isEmpty(), qPrintable(QString::fromLatin1(what) + u": " + problem));
    }
}

void tst_JwtValidator::ecdsaSignatureInDerIsRefused()
{
    const QByteArray input = TestTokenSigner::signingInput(header(u"ES256"_s, u"ec-1"_s), validClaims());
    for (int i = 0; i < 5; ++i) {
        const QByteArray der = TestTokenSigner::signEcdsaDer(m_ec.get(), input);
        // The same signature as R || S passes: the only fault is the form.
        const QByteArray raw = TestTokenSigner::ecdsaDerToRaw(der, 32);
        QCOMPARE(raw.size(), 64);
        QVERIFY(validate(input + '.' + b64(raw)).ok);
        const QByteArray token = input + '.' + b64(der);
        const JwtValidation result = validate(token);
        QVERIFY2(refusalProblem(result, token, JwtError::BadSignature).isEmpty(),
            qPrintable(refusalProblem(result, token, JwtError::BadSignature)));
        // Nor does R || S with the halves swapped pass.
        const QByteArray swapped = input + '.' + b64(raw.sliced(32) + raw.first(32));
        QCOMPARE(validate(swapped).error, JwtError::BadSignature);
    }
}

// --- Form --------------------------------------------------------------------------------------

void tst_JwtValidator::malformed_data()
{
    QTest::addColumn<QByteArray>("token");

    const QByteArray valid = signedToken(header(u"RS256"_s, u"rsa-1"_s), validClaims());
    QVERIFY(validate(valid).ok);
    const QList<QByteArray> parts = valid.split('.');
    const QByteArray headerPart = parts.at(0);
    const QByteArray payloadPart = parts.at(1);
    const QByteArray signaturePart = parts.at(2);
    // A properly signed token around any header and payload bytes.
    const auto signedRaw = [this](const QByteArray &headerBytes, const QByteArray &payloadBytes) -> QByteArray {
        const QByteArray input = b64(headerBytes) + '.' + b64(payloadBytes);
        return input + '.' + b64(TestTokenSigner::sign(u"RS256"_s, m_rsa.get(), input));
    };
    const QByteArray goodHeader = json(header(u"RS256"_s, u"rsa-1"_s));
    const QByteArray goodPayload = json(validClaims());

    QTest::newRow("empty") << QByteArray();
    QTest::newRow("one dot") << "."_ba;
    QTest::newRow("two dots") << ".."_ba;
    QTest::newRow("two parts") << headerPart + '.' + payloadPart;
    QTest::newRow("four parts") << valid + ".c2ln";
    QTest::newRow("four parts, last empty") << valid + '.';
    QTest::newRow("JWE, five parts") << headerPart + ".ZW5j.aXY." + payloadPart + ".dGFn";
    QTest::newRow("leading space") << ' ' + valid;
    QTest::newRow("trailing newline") << valid + '\n';
    QTest::newRow("Bearer prefix") << "Bearer " + valid;
    QTest::newRow("header empty") << '.' + payloadPart + '.' + signaturePart;
    QTest::newRow("header not base64url") << "eyJ*bGciOiJSUzI1NiJ9." + payloadPart + '.' + signaturePart;
    QTest::newRow("header padded") << headerPart + "=." + payloadPart + '.' + signaturePart;
    QTest::newRow("header standard base64")
        << headerPart.first(4) + '+' + headerPart.sliced(5) + '.' + payloadPart + '.' + signaturePart;
    QTest::newRow("signature padded") << valid + '=';
    QTest::newRow("signature not base64url") << headerPart + '.' + payloadPart + ".c2ln*bmF0dXJl";
    // 256 bytes end in two characters, the last with 4 unused bits.
    QTest::newRow("signature with unused bits set")
        << headerPart + '.' + payloadPart + '.' + signaturePart.chopped(1) + (signaturePart.back() == 'B' ? 'C' : 'B');
    QTest::newRow("header not JSON") << signedRaw("alg=RS256", goodPayload);
    QTest::newRow("header truncated JSON") << signedRaw(goodHeader.chopped(1), goodPayload);
    QTest::newRow("header JSON array") << signedRaw("[\"alg\",\"RS256\"]", goodPayload);
    QTest::newRow("header JSON string") << signedRaw("\"RS256\"", goodPayload);
    QTest::newRow("header JSON null") << signedRaw("null", goodPayload);
    QTest::newRow("header with trailing NUL") << signedRaw(goodHeader + '\0', goodPayload);
    QTest::newRow("header with trailing garbage") << signedRaw(goodHeader + "{}", goodPayload);
    QTest::newRow("header empty object") << signedRaw("{}", goodPayload);
    QTest::newRow("payload empty (signed)") << signedRaw(goodHeader, QByteArray());
    QTest::newRow("payload not JSON (signed)") << signedRaw(goodHeader, "iss=" + issuer().toUtf8());
    QTest::newRow("payload JSON array (signed)") << signedRaw(goodHeader, '[' + goodPayload + ']');
    QTest::newRow("payload JSON number (signed)") << signedRaw(goodHeader, "1");
    QTest::newRow("payload invalid UTF-8 (signed)")
        << signedRaw(goodHeader, goodPayload.chopped(1) + ",\"x\":\"\xff\"}");
    const QByteArray badPayloadInput = b64(goodHeader) + ".e30*";
    QTest::newRow("payload not base64url (signed)")
        << badPayloadInput + '.' + b64(TestTokenSigner::sign(u"RS256"_s, m_rsa.get(), badPayloadInput));
}

void tst_JwtValidator::malformed()
{
    QFETCH(QByteArray, token);

    const JwtValidation result = validate(token);
    QVERIFY2(refusalProblem(result, token, JwtError::Malformed).isEmpty(),
        qPrintable(refusalProblem(result, token, JwtError::Malformed)));
}

void tst_JwtValidator::hugeTokenIsRefusedBeforeDecoding()
{
    // A megabyte of claims, properly signed: refused for its size before anything is decoded.
    QJsonObject claims = validClaims();
    claims.insert(u"padding"_s, QString(1024 * 1024, u'x'));
    const QByteArray token = signedToken(header(u"RS256"_s, u"rsa-1"_s), claims);
    QVERIFY(token.size() > 1024 * 1024);

    const JwtValidation result = validate(token);
    QVERIFY2(refusalProblem(result, token, JwtError::Malformed).isEmpty(),
        qPrintable(refusalProblem(result, token, JwtError::Malformed)));
    // Nothing was decoded: the size alone refused it.
    QVERIFY(result.header.isEmpty());

    // Just within the limit, the same claims are read.
    claims.insert(u"padding"_s, QString(JwtValidator::maximumTokenBytes / 2, u'x'));
    const QByteArray large = signedToken(header(u"RS256"_s, u"rsa-1"_s), claims);
    QVERIFY(large.size() <= JwtValidator::maximumTokenBytes);
    QVERIFY(validate(large).ok);
}

QTEST_GUILESS_MAIN(tst_JwtValidator)
#include "tst_JwtValidator.moc"

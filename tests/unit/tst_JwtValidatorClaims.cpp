#include "FakeClock.h"
#include "JwtTestFixture.h"
#include "TestTokenSigner.h"
#include "auth/JsonWebKeySet.h"
#include "auth/JwtValidator.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace streamcanvas::auth;

Q_DECLARE_METATYPE(streamcanvas::auth::JwtError)

// JwtValidator's checks of the claims and of time, on tokens whose signature is good.
class tst_JwtValidatorClaims
    : public QObject
    , private JwtTestFixture
{
    Q_OBJECT

private slots:
    void initTestCase();
    void claims_data();
    void claims();
    void expectationsAreHonoured_data();
    void expectationsAreHonoured();
    void clockDecidesExpiry();

private:
    EVP_PKEY *keyFor(const QString &kid) const { return kid.startsWith(u"ec") ? m_ec.get() : m_rsa.get(); }
    QByteArray signedToken(const QJsonObject &header, const QJsonObject &claims) const
    {
        return TestTokenSigner::token(header, claims, keyFor(header.value(u"kid"_s).toString()));
    }
    JwtValidation validate(const QByteArray &token) const { return validate(token, m_keys, expectations()); }
    JwtValidation validate(
        QByteArrayView token, const JsonWebKeySet &keys, const JwtValidator::Expectations &expected) const
    {
        return JwtValidator(m_clock).validate(token, keys, expected);
    }

    FakeClock m_clock{now()};
    TestTokenSigner::Key m_rsa;
    TestTokenSigner::Key m_ec;
    JsonWebKeySet m_keys;
};

void tst_JwtValidatorClaims::initTestCase()
{
    m_rsa = TestTokenSigner::generateRsa(2048);
    m_ec = TestTokenSigner::generateEc("P-256");
    m_keys = JsonWebKeySet::fromJson(TestTokenSigner::jwks({
        TestTokenSigner::publicJwk(m_rsa.get(), u"rsa-1"_s),
        TestTokenSigner::publicJwk(m_ec.get(), u"ec-1"_s),
    }));
    QCOMPARE(m_keys.size(), 2);
}

void tst_JwtValidatorClaims::claims_data()
{
    QTest::addColumn<QJsonObject>("set");
    QTest::addColumn<QStringList>("remove");
    QTest::addColumn<JwtError>("expected");

    const QStringList none;
    const JwtError ok = JwtError::None;
    QTest::newRow("as issued") << QJsonObject() << none << ok;
    QTest::newRow("aud array with the client") << QJsonObject{{u"aud"_s, QJsonArray{clientId()}}} << none << ok;
    QTest::newRow("aud array, azp the client")
        << QJsonObject{{u"aud"_s, QJsonArray{u"gateway"_s, clientId()}}, {u"azp"_s, clientId()}} << none << ok;
    QTest::newRow("aud string, azp the client") << QJsonObject{{u"azp"_s, clientId()}} << none << ok;
    QTest::newRow("exp fractional") << QJsonObject{{u"exp"_s, double(nowSeconds()) + 600.5}} << none << ok;
    QTest::newRow("exp within skew") << QJsonObject{{u"exp"_s, nowSeconds() - 119}} << none << ok;
    QTest::newRow("nbf now") << QJsonObject{{u"nbf"_s, nowSeconds()}} << none << ok;
    QTest::newRow("nbf within skew") << QJsonObject{{u"nbf"_s, nowSeconds() + 120}} << none << ok;
    QTest::newRow("iat within skew") << QJsonObject{{u"iat"_s, nowSeconds() + 120}} << none << ok;
    QTest::newRow("iat a day ago") << QJsonObject{{u"iat"_s, nowSeconds() - day}} << none << ok;
    QTest::newRow("iat a day and skew ago") << QJsonObject{{u"iat"_s, nowSeconds() - day - 120}} << none << ok;
    QTest::newRow("unknown claims") << QJsonObject{{u"groups"_s, QJsonArray{u"staff"_s}}, {u"acr"_s, u"1"_s},
        {u"at_hash"_s, u"x"_s}} << none
                                    << ok;

    QTest::newRow("iss missing") << QJsonObject() << QStringList{u"iss"_s} << JwtError::MissingClaim;
    QTest::newRow("iss another") << QJsonObject{{u"iss"_s, u"https://idp.other.test/realms/corp"_s}} << none
                                 << JwtError::WrongIssuer;
    QTest::newRow("iss a prefix") << QJsonObject{{u"iss"_s, issuer().chopped(1)}} << none << JwtError::WrongIssuer;
    QTest::newRow("iss with a suffix") << QJsonObject{{u"iss"_s, QString(issuer() + u".evil.test")}} << none
                                       << JwtError::WrongIssuer;
    QTest::newRow("iss with a trailing slash")
        << QJsonObject{{u"iss"_s, QString(issuer() + u'/')}} << none << JwtError::WrongIssuer;
    QTest::newRow("iss in capitals") << QJsonObject{{u"iss"_s, issuer().toUpper()}} << none << JwtError::WrongIssuer;
    QTest::newRow("iss empty") << QJsonObject{{u"iss"_s, QString()}} << none << JwtError::WrongIssuer;
    QTest::newRow("iss in an array") << QJsonObject{{u"iss"_s, QJsonArray{issuer()}}} << none << JwtError::WrongIssuer;

    QTest::newRow("sub missing") << QJsonObject() << QStringList{u"sub"_s} << JwtError::MissingClaim;
    QTest::newRow("sub empty") << QJsonObject{{u"sub"_s, QString()}} << none << JwtError::MissingClaim;
    QTest::newRow("sub a number") << QJsonObject{{u"sub"_s, 42}} << none << JwtError::Malformed;

    QTest::newRow("aud missing") << QJsonObject() << QStringList{u"aud"_s} << JwtError::MissingClaim;
    QTest::newRow("aud another client") << QJsonObject{{u"aud"_s, u"other-app"_s}} << none << JwtError::WrongAudience;
    QTest::newRow("aud a prefix") << QJsonObject{{u"aud"_s, clientId().chopped(1)}} << none << JwtError::WrongAudience;
    QTest::newRow("aud with a suffix") << QJsonObject{{u"aud"_s, QString(clientId() + u"-2")}} << none
                                       << JwtError::WrongAudience;
    QTest::newRow("aud array without the client")
        << QJsonObject{{u"aud"_s, QJsonArray{u"gateway"_s, u"other-app"_s}}} << none << JwtError::WrongAudience;
    QTest::newRow("aud empty array") << QJsonObject{{u"aud"_s, QJsonArray()}} << none << JwtError::WrongAudience;
    QTest::newRow("aud a number") << QJsonObject{{u"aud"_s, 1}} << none << JwtError::Malformed;
    QTest::newRow("aud array with a number")
        << QJsonObject{{u"aud"_s, QJsonArray{clientId(), 1}}} << none << JwtError::Malformed;
    QTest::newRow("aud array without azp")
        << QJsonObject{{u"aud"_s, QJsonArray{clientId(), u"gateway"_s}}} << none << JwtError::WrongAuthorizedParty;
    QTest::newRow("aud array, azp another") << QJsonObject{{u"aud"_s, QJsonArray{clientId(), u"gateway"_s}},
        {u"azp"_s, u"gateway"_s}} << none << JwtError::WrongAuthorizedParty;
    QTest::newRow("aud string, azp another")
        << QJsonObject{{u"azp"_s, u"gateway"_s}} << none << JwtError::WrongAuthorizedParty;
    QTest::newRow("azp a number") << QJsonObject{{u"azp"_s, 3}} << none << JwtError::WrongAuthorizedParty;

    QTest::newRow("exp missing") << QJsonObject() << QStringList{u"exp"_s} << JwtError::MissingClaim;
    QTest::newRow("exp a string") << QJsonObject{{u"exp"_s, QString::number(nowSeconds() + 600)}} << none
                                  << JwtError::Malformed;
    QTest::newRow("exp past the skew") << QJsonObject{{u"exp"_s, nowSeconds() - 121}} << none << JwtError::Expired;
    QTest::newRow("exp exactly now - skew") << QJsonObject{{u"exp"_s, nowSeconds() - 120}} << none << JwtError::Expired;
    QTest::newRow("exp long ago") << QJsonObject{{u"exp"_s, 1}} << none << JwtError::Expired;
    QTest::newRow("exp negative") << QJsonObject{{u"exp"_s, -1}} << none << JwtError::Expired;

    QTest::newRow("nbf in the future") << QJsonObject{{u"nbf"_s, nowSeconds() + 121}} << none << JwtError::NotYetValid;
    QTest::newRow("nbf a string") << QJsonObject{{u"nbf"_s, u"0"_s}} << none << JwtError::Malformed;
    QTest::newRow("nbf null") << QJsonObject{{u"nbf"_s, QJsonValue::Null}} << none << JwtError::Malformed;

    QTest::newRow("iat missing") << QJsonObject() << QStringList{u"iat"_s} << JwtError::MissingClaim;
    QTest::newRow("iat in the future") << QJsonObject{{u"iat"_s, nowSeconds() + 121}} << none
                                       << JwtError::IssuedInFuture;
    QTest::newRow("iat too old") << QJsonObject{{u"iat"_s, nowSeconds() - day - 121}} << none << JwtError::TooOld;
    QTest::newRow("iat a string") << QJsonObject{{u"iat"_s, u"yesterday"_s}} << none << JwtError::Malformed;

    QTest::newRow("nonce wrong") << QJsonObject{{u"nonce"_s, u"n-attacker"_s}} << none << JwtError::WrongNonce;
    QTest::newRow("nonce missing") << QJsonObject() << QStringList{u"nonce"_s} << JwtError::WrongNonce;
    QTest::newRow("nonce a prefix") << QJsonObject{{u"nonce"_s, nonce().chopped(1)}} << none << JwtError::WrongNonce;
    QTest::newRow("nonce in other case") << QJsonObject{{u"nonce"_s, nonce().toLower()}} << none
                                         << JwtError::WrongNonce;
    QTest::newRow("nonce in an array") << QJsonObject{{u"nonce"_s, QJsonArray{nonce()}}} << none
                                       << JwtError::WrongNonce;
}

void tst_JwtValidatorClaims::claims()
{
    QFETCH(QJsonObject, set);
    QFETCH(QStringList, remove);
    QFETCH(JwtError, expected);

    const QJsonObject claims = patched(validClaims(), set, remove);
    for (const QString &kid : {u"rsa-1"_s, u"ec-1"_s}) {
        const QByteArray token = signedToken(header(kid == u"ec-1" ? u"ES256"_s : u"RS256"_s, kid), claims);
        const JwtValidation result = validate(token);
        const QString problem = refusalProblem(result, token, expected);
        QVERIFY2(problem.isEmpty(), qPrintable(kid + u": " + problem));
        // The claims of a token with a good signature are there to see, accepted or not.
        QCOMPARE(result.claims, claims);
    }
}

void tst_JwtValidatorClaims::expectationsAreHonoured_data()
{
    QTest::addColumn<QJsonObject>("set");
    QTest::addColumn<QStringList>("remove");
    QTest::addColumn<int>("skew");
    QTest::addColumn<int>("maxAge");
    QTest::addColumn<QString>("expectedNonce");
    QTest::addColumn<bool>("emptyIssuer");
    QTest::addColumn<bool>("emptyClient");
    QTest::addColumn<JwtError>("expected");

    const int defaultSkew = 120;
    const int defaultAge = int(day);
    const QStringList none;
    QTest::newRow("no skew, exp passed") << QJsonObject{{u"exp"_s, nowSeconds() - 1}} << none << 0 << defaultAge
                                         << nonce() << false << false << JwtError::Expired;
    QTest::newRow("no skew, exp now") << QJsonObject{{u"exp"_s, nowSeconds()}} << none << 0 << defaultAge << nonce()
                                      << false << false << JwtError::Expired;
    QTest::newRow("no skew, exp in a second") << QJsonObject{{u"exp"_s, nowSeconds() + 1}} << none << 0 << defaultAge
                                              << nonce() << false << false << JwtError::None;
    QTest::newRow("no skew, nbf in a second") << QJsonObject{{u"nbf"_s, nowSeconds() + 1}} << none << 0 << defaultAge
                                              << nonce() << false << false << JwtError::NotYetValid;
    QTest::newRow("no skew, iat in a second") << QJsonObject{{u"iat"_s, nowSeconds() + 1}} << none << 0 << defaultAge
                                              << nonce() << false << false << JwtError::IssuedInFuture;
    QTest::newRow("negative skew counts as none") << QJsonObject{{u"exp"_s, nowSeconds() + 1}} << none << -300
                                                  << defaultAge << nonce() << false << false << JwtError::None;
    QTest::newRow("5 min skew, exp 4 min ago") << QJsonObject{{u"exp"_s, nowSeconds() - 240}} << none << 300
                                               << defaultAge << nonce() << false << false << JwtError::None;
    QTest::newRow("1 h max age, iat 2 h ago") << QJsonObject{{u"iat"_s, nowSeconds() - 7200}} << none << defaultSkew
                                              << 3600 << nonce() << false << false << JwtError::TooOld;
    QTest::newRow("2 days max age, iat 30 h ago")
        << QJsonObject{{u"iat"_s, nowSeconds() - 30 * 3600}} << none << defaultSkew << int(2 * day) << nonce() << false
        << false << JwtError::None;
    QTest::newRow("no nonce() expected, none sent") << QJsonObject() << QStringList{u"nonce"_s} << defaultSkew
                                                    << defaultAge << QString() << false << false << JwtError::None;
    QTest::newRow("no nonce() expected, one sent")
        << QJsonObject() << none << defaultSkew << defaultAge << QString() << false << false << JwtError::None;
    QTest::newRow("no issuer() configured")
        << QJsonObject() << none << defaultSkew << defaultAge << nonce() << true << false << JwtError::WrongIssuer;
    QTest::newRow("no issuer() configured, iss empty")
        << QJsonObject{{u"iss"_s, QString()}} << none << defaultSkew << defaultAge << nonce() << true << false
        << JwtError::WrongIssuer;
    QTest::newRow("no client configured, aud empty")
        << QJsonObject{{u"aud"_s, QString()}} << none << defaultSkew << defaultAge << nonce() << false << true
        << JwtError::WrongAudience;
}

void tst_JwtValidatorClaims::expectationsAreHonoured()
{
    QFETCH(QJsonObject, set);
    QFETCH(QStringList, remove);
    QFETCH(int, skew);
    QFETCH(int, maxAge);
    QFETCH(QString, expectedNonce);
    QFETCH(bool, emptyIssuer);
    QFETCH(bool, emptyClient);
    QFETCH(JwtError, expected);

    JwtValidator::Expectations expectation = expectations();
    expectation.skew = std::chrono::seconds(skew);
    expectation.maxAge = std::chrono::seconds(maxAge);
    expectation.nonce = expectedNonce;
    if (emptyIssuer)
        expectation.issuer.clear();
    if (emptyClient)
        expectation.clientId.clear();

    const QByteArray token = signedToken(header(u"RS256"_s, u"rsa-1"_s), patched(validClaims(), set, remove));
    const JwtValidation result = validate(token, m_keys, expectation);
    QVERIFY2(refusalProblem(result, token, expected).isEmpty(), qPrintable(refusalProblem(result, token, expected)));
}

void tst_JwtValidatorClaims::clockDecidesExpiry()
{
    FakeClock clock(now());
    const JwtValidator validator(clock);
    const QByteArray token = signedToken(header(u"ES256"_s, u"ec-1"_s), validClaims());

    QVERIFY(validator.validate(token, m_keys, expectations()).ok);
    // exp is nowSeconds() + 600; the skew keeps it for 120 s more.
    clock.advance(std::chrono::seconds(600 + 119));
    QVERIFY(validator.validate(token, m_keys, expectations()).ok);
    clock.advance(std::chrono::seconds(1));
    QCOMPARE(validator.validate(token, m_keys, expectations()).error, JwtError::Expired);

    // A clock set far back makes the token issued in the future.
    clock.setNowUtc(now().addSecs(-3600));
    QCOMPARE(validator.validate(token, m_keys, expectations()).error, JwtError::IssuedInFuture);
}

QTEST_GUILESS_MAIN(tst_JwtValidatorClaims)
#include "tst_JwtValidatorClaims.moc"

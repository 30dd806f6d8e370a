// The browser sign-in against a provider that misbehaves on purpose: a scripted local
// server plays discovery, keys and token endpoint, and a scripted "browser" delivers the
// callback the way a provider (or an attacker) would. The real provider is exercised in
// tests/integration.
#include "FakeClock.h"
#include "ScriptedHttpServer.h"
#include "TestTokenSigner.h"
#include "auth/AuthorizationCodeFlow.h"
#include "auth/BrowserLauncher.h"
#include "auth/JwtValidator.h"
#include "auth/OidcProvider.h"
#include "auth/Pkce.h"
#include "auth/TokenEndpoint.h"
#include "net/NetworkAccessManager.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>
#include <QTimer>
#include <QUrlQuery>

#include <functional>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace streamcanvas;
using namespace streamcanvas::auth;
using testsupport::ScriptedHttpServer;

namespace {

const QString clientId = u"streamcanvas-desktop"_s;

// Delivers the callback for an authorization URL: `shape` turns the request's parameters
// into the callback's query (and may script the token endpoint first).
class ScriptedBrowser : public BrowserLauncher
{
public:
    std::function<QUrlQuery(const QUrlQuery &request)> shape;
    QList<QUrl> opened;
    QNetworkAccessManager plain; // the browser's own network, not the app's

    bool openUrl(const QUrl &url, QString *) override
    {
        opened.append(url);
        const QUrlQuery request(url);
        QUrl callback(request.queryItemValue(u"redirect_uri"_s, QUrl::FullyDecoded));
        callback.setQuery(shape(request));
        QTimer::singleShot(0, &plain, [this, callback] {
            QNetworkReply *reply = plain.get(QNetworkRequest(callback));
            QObject::connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
        });
        return true;
    }
};

} // namespace

class tst_AuthorizationCodeFlow : public QObject
{
    Q_OBJECT

private:
    FakeClock m_clock{QDateTime(QDate(2031, 3, 14), QTime(12, 0), QTimeZone::utc())};
    TestTokenSigner::Key m_key = TestTokenSigner::generateRsa(2048);
    ScriptedHttpServer m_idp;
    QString m_issuer;
    QByteArray m_lastCode;

    qint64 now() const { return m_clock.nowUtc().toSecsSinceEpoch(); }

    QJsonObject discovery(const QString &issuer) const
    {
        return {{u"issuer"_s, issuer}, {u"authorization_endpoint"_s, QString(m_issuer + u"/authorize"_s)},
            {u"token_endpoint"_s, QString(m_issuer + u"/token"_s)}, {u"jwks_uri"_s, QString(m_issuer + u"/jwks"_s)},
            {u"code_challenge_methods_supported"_s, QJsonArray{u"S256"_s}},
            {u"authorization_response_iss_parameter_supported"_s, true}};
    }

    QJsonObject idClaims(const QString &nonce) const
    {
        return {{u"iss"_s, m_issuer}, {u"sub"_s, u"alice"_s}, {u"aud"_s, clientId}, {u"nonce"_s, nonce},
            {u"iat"_s, now() - 5}, {u"exp"_s, now() + 600}, {u"name"_s, u"Alice"_s}};
    }

    QByteArray idToken(const QJsonObject &claims, const QJsonObject &header = {}) const
    {
        QJsonObject h{{u"alg"_s, u"RS256"_s}, {u"typ"_s, u"JWT"_s}, {u"kid"_s, u"k1"_s}};
        for (auto it = header.begin(); it != header.end(); ++it)
            h.insert(it.key(), it.value());
        return TestTokenSigner::token(h, claims, m_key.get());
    }

    void scriptTokens(const QByteArray &idToken)
    {
        const QJsonObject body{{u"access_token"_s, u"at-123"_s}, {u"token_type"_s, u"Bearer"_s}, {u"expires_in"_s, 300},
            {u"refresh_token"_s, u"rt-456"_s}, {u"id_token"_s, QString::fromLatin1(idToken)}};
        m_idp.on("/token",
            ScriptedHttpServer::reply(
                200, QJsonDocument(body).toJson(QJsonDocument::Compact), {{"Content-Type", "application/json"}}));
    }

    // The usual provider answer: a good callback and a good ID token, which `tweak` may spoil.
    std::function<QUrlQuery(const QUrlQuery &)> honest(
        std::function<void(QUrlQuery &, QJsonObject &, QJsonObject &)> tweak = {})
    {
        return [this, tweak](const QUrlQuery &request) {
            QUrlQuery callback;
            callback.addQueryItem(u"code"_s, u"code-789"_s);
            callback.addQueryItem(u"state"_s, request.queryItemValue(u"state"_s));
            callback.addQueryItem(u"iss"_s, QString::fromLatin1(QUrl::toPercentEncoding(m_issuer)));
            QJsonObject claims = idClaims(request.queryItemValue(u"nonce"_s));
            QJsonObject header;
            if (tweak)
                tweak(callback, claims, header);
            scriptTokens(idToken(claims, header));
            return callback;
        };
    }

    struct Outcome {
        bool finished = false;
        QString error;
        TokenSet tokens;
        int tokenRequests = 0;
        QList<QUrl> opened;
    };

    Outcome signIn(std::function<QUrlQuery(const QUrlQuery &)> shape, const QString &discoveryIssuer = {})
    {
        m_idp.on("/.well-known/openid-configuration",
            ScriptedHttpServer::reply(200,
                QJsonDocument(discovery(discoveryIssuer.isEmpty() ? m_issuer : discoveryIssuer)).toJson(),
                {{"Content-Type", "application/json"}}));
        const qsizetype tokenRequestsBefore = tokenRequests();
        net::NetworkSettings settings;
        settings.allowedOrigins = {QUrl(m_issuer)};
        settings.proxy.mode = net::ProxyMode::None;
        net::NetworkAccessManager network(settings);
        OidcProvider provider(network, m_issuer, m_clock);
        ScriptedBrowser browser;
        browser.shape = std::move(shape);
        SignInSettings signInSettings;
        signInSettings.issuer = m_issuer;
        signInSettings.clientId = clientId;
        signInSettings.timeout = 10s;
        AuthorizationCodeFlow flow(provider, network, browser, signInSettings, m_clock);
        QSignalSpy finished(&flow, &AuthorizationCodeFlow::finished);
        QSignalSpy failed(&flow, &AuthorizationCodeFlow::failed);
        flow.start();
        if (!QTest::qWaitFor([&] { return finished.size() + failed.size() > 0; }, 15'000))
            qWarning("the sign-in did not end");
        Outcome outcome;
        outcome.finished = !finished.isEmpty();
        outcome.error = failed.isEmpty() ? QString() : failed.first().first().toString();
        if (outcome.finished)
            outcome.tokens = finished.first().first().value<TokenSet>();
        outcome.tokenRequests = int(tokenRequests() - tokenRequestsBefore);
        outcome.opened = browser.opened;
        return outcome;
    }

    qsizetype tokenRequests() const
    {
        qsizetype count = 0;
        for (const auto &request : m_idp.requests())
            count += request.target == "/token";
        return count;
    }

    void expectRefused(const Outcome &outcome, const QString &phrase)
    {
        QVERIFY2(!outcome.finished, "signed in although it must not");
        QVERIFY2(outcome.error.contains(phrase, Qt::CaseInsensitive), qPrintable(outcome.error));
        for (const QString &secret : {u"code-789"_s, u"at-123"_s, u"rt-456"_s})
            QVERIFY2(!outcome.error.contains(secret), qPrintable(outcome.error));
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<TokenSet>();
        QVERIFY(m_idp.start());
        m_issuer = m_idp.url().toString(QUrl::StripTrailingSlash);
        m_idp.on("/jwks",
            ScriptedHttpServer::reply(200,
                TestTokenSigner::jwks({TestTokenSigner::publicJwk(m_key.get(), u"k1"_s, u"RS256"_s, u"sig"_s)}),
                {{"Content-Type", "application/json"}}));
    }

    void signsIn()
    {
        const Outcome outcome = signIn(honest());
        QVERIFY2(outcome.finished, qPrintable(outcome.error));
        QCOMPARE(outcome.tokens.accessToken, "at-123"_ba);
        QCOMPARE(outcome.tokens.refreshToken, "rt-456"_ba);
        QCOMPARE(outcome.tokens.subject(), u"alice"_s);
        QCOMPARE(outcome.tokens.accessTokenExpiryUtc, m_clock.nowUtc().addSecs(300));

        // The request: code flow, S256, fresh random state and nonce, loopback redirect.
        const QUrlQuery request(outcome.opened.first());
        QCOMPARE(request.queryItemValue(u"response_type"_s), u"code"_s);
        QCOMPARE(request.queryItemValue(u"code_challenge_method"_s), u"S256"_s);
        QVERIFY(request.queryItemValue(u"state"_s).size() >= 43);
        QVERIFY(request.queryItemValue(u"nonce"_s).size() >= 43);
        QVERIFY(request.queryItemValue(u"redirect_uri"_s, QUrl::FullyDecoded).startsWith(u"http://127.0.0.1:"_s));
        // The token request proved possession of the verifier behind the challenge.
        const ScriptedHttpServer::Request tokenRequest = m_idp.requests().last();
        QCOMPARE(tokenRequest.target, "/token"_ba);
        const QUrlQuery form(QString::fromLatin1(tokenRequest.body));
        QCOMPARE(Pkce::challengeS256(form.queryItemValue(u"code_verifier"_s).toLatin1()),
            request.queryItemValue(u"code_challenge"_s).toLatin1());
        QCOMPARE(form.queryItemValue(u"code"_s), u"code-789"_s);
    }

    void freshValuesEachTime()
    {
        const Outcome a = signIn(honest());
        const Outcome b = signIn(honest());
        const QUrlQuery first(a.opened.first());
        const QUrlQuery second(b.opened.first());
        for (const QString &key : {u"state"_s, u"nonce"_s, u"code_challenge"_s})
            QVERIFY(first.queryItemValue(key) != second.queryItemValue(key));
    }

    void wrongState()
    {
        const Outcome outcome = signIn(honest([](QUrlQuery &callback, QJsonObject &, QJsonObject &) {
            callback.removeAllQueryItems(u"state"_s);
            callback.addQueryItem(u"state"_s, u"forged"_s);
        }));
        expectRefused(outcome, u"does not belong"_s);
        QCOMPARE(outcome.tokenRequests, 0);
    }

    void replayedState()
    {
        // The callback of an earlier, finished sign-in arrives again.
        const Outcome earlier = signIn(honest());
        QVERIFY(earlier.finished);
        const QString oldState = QUrlQuery(earlier.opened.first()).queryItemValue(u"state"_s);
        const Outcome outcome = signIn(honest([oldState](QUrlQuery &callback, QJsonObject &, QJsonObject &) {
            callback.removeAllQueryItems(u"state"_s);
            callback.addQueryItem(u"state"_s, oldState);
        }));
        expectRefused(outcome, u"does not belong"_s);
        QCOMPARE(outcome.tokenRequests, 0);
    }

    void errorCallbackWithWrongStateIsIgnoredAsForeign()
    {
        const Outcome outcome = signIn([](const QUrlQuery &) {
            QUrlQuery callback;
            callback.addQueryItem(u"error"_s, u"access_denied"_s);
            callback.addQueryItem(u"state"_s, u"forged"_s);
            return callback;
        });
        expectRefused(outcome, u"does not belong"_s);
    }

    void declined()
    {
        const Outcome outcome = signIn(honest([](QUrlQuery &callback, QJsonObject &, QJsonObject &) {
            callback.removeAllQueryItems(u"code"_s);
            callback.addQueryItem(u"error"_s, u"access_denied"_s);
        }));
        expectRefused(outcome, u"declined"_s);
        QCOMPARE(outcome.tokenRequests, 0);
    }

    void wrongIssuerInCallback()
    {
        const Outcome outcome = signIn(honest([](QUrlQuery &callback, QJsonObject &, QJsonObject &) {
            callback.removeAllQueryItems(u"iss"_s);
            callback.addQueryItem(u"iss"_s, u"https%3A%2F%2Fevil.example.com"_s);
        }));
        expectRefused(outcome, u"different sign-in service"_s);
        QCOMPARE(outcome.tokenRequests, 0);
    }

    void missingIssuerInCallback()
    {
        // The provider says it sends "iss" (RFC 9207): a callback without it is not its own.
        const Outcome outcome = signIn(
            honest([](QUrlQuery &callback, QJsonObject &, QJsonObject &) { callback.removeAllQueryItems(u"iss"_s); }));
        expectRefused(outcome, u"different sign-in service"_s);
    }

    void badIdTokens_data()
    {
        QTest::addColumn<QString>("what");
        QTest::newRow("wrong nonce") << u"nonce"_s;
        QTest::newRow("wrong iss") << u"iss"_s;
        QTest::newRow("wrong aud") << u"aud"_s;
        QTest::newRow("expired") << u"exp"_s;
        QTest::newRow("unknown kid") << u"kid"_s;
        QTest::newRow("alg none") << u"none"_s;
        QTest::newRow("HS256 with the RSA public key") << u"hs256"_s;
    }

    void badIdTokens()
    {
        QFETCH(QString, what);
        const QByteArray publicPem = TestTokenSigner::publicKeyPem(m_key.get());
        const Outcome outcome = signIn([this, what, publicPem](const QUrlQuery &request) {
            QUrlQuery callback;
            callback.addQueryItem(u"code"_s, u"code-789"_s);
            callback.addQueryItem(u"state"_s, request.queryItemValue(u"state"_s));
            callback.addQueryItem(u"iss"_s, QString::fromLatin1(QUrl::toPercentEncoding(m_issuer)));
            QJsonObject claims = idClaims(request.queryItemValue(u"nonce"_s));
            QJsonObject header;
            if (what == u"nonce"_s)
                claims.insert(u"nonce"_s, u"another"_s);
            else if (what == u"iss"_s)
                claims.insert(u"iss"_s, u"https://evil.example.com"_s);
            else if (what == u"aud"_s)
                claims.insert(u"aud"_s, u"another-client"_s);
            else if (what == u"exp"_s)
                claims.insert(u"exp"_s, now() - 3600);
            else if (what == u"kid"_s)
                header.insert(u"kid"_s, u"k2"_s);
            QByteArray token = idToken(claims, header);
            const QByteArray body = TestTokenSigner::base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
            if (what == u"none"_s) {
                token = TestTokenSigner::base64Url(R"({"alg":"none","typ":"JWT"})") + '.' + body + '.';
            } else if (what == u"hs256"_s) {
                const QByteArray input
                    = TestTokenSigner::base64Url(R"({"alg":"HS256","typ":"JWT","kid":"k1"})") + '.' + body;
                token = input + '.'
                    + TestTokenSigner::base64Url(
                        QMessageAuthenticationCode::hash(input, publicPem, QCryptographicHash::Sha256));
            }
            scriptTokens(token);
            return callback;
        });
        expectRefused(outcome, u"identity token"_s);
        QVERIFY(outcome.tokens.accessToken.isEmpty());
    }

    void rotatedKeysAreFetchedOnceAMinuteAtMost()
    {
        // The provider starts signing with a new key that its JWKS now lists. One provider
        // object (as the app keeps one): its keys were fetched at the first sign-in.
        net::NetworkSettings settings;
        settings.allowedOrigins = {QUrl(m_issuer)};
        settings.proxy.mode = net::ProxyMode::None;
        net::NetworkAccessManager network(settings);
        OidcProvider provider(network, m_issuer, m_clock);
        bool loaded = false;
        provider.load(this, [&](bool ok, const QString &) { loaded = ok; });
        QVERIFY(QTest::qWaitFor([&] { return loaded; }, 5000));

        const TestTokenSigner::Key newKey = TestTokenSigner::generateRsa(2048);
        m_idp.on("/jwks",
            ScriptedHttpServer::reply(200,
                TestTokenSigner::jwks({TestTokenSigner::publicJwk(m_key.get(), u"k1"_s, u"RS256"_s),
                    TestTokenSigner::publicJwk(newKey.get(), u"k2"_s, u"RS256"_s)}),
                {{"Content-Type", "application/json"}}));
        const auto jwksFetches = [this] {
            const QList<ScriptedHttpServer::Request> requests = m_idp.requests();
            return std::count_if(
                requests.begin(), requests.end(), [](const auto &request) { return request.target == "/jwks"; });
        };
        JwtValidator::Expectations expectations;
        expectations.issuer = m_issuer;
        expectations.clientId = clientId;
        expectations.nonce = u"n"_s;
        const QByteArray token = TestTokenSigner::token(
            {{u"alg"_s, u"RS256"_s}, {u"typ"_s, u"JWT"_s}, {u"kid"_s, u"k2"_s}}, idClaims(u"n"_s), newKey.get());
        const auto validate = [&] {
            std::optional<JwtValidation> result;
            provider.validate(token, expectations, this, [&](const JwtValidation &v) { result = v; });
            return QTest::qWaitFor([&] { return result.has_value(); }, 5000) ? *result : JwtValidation();
        };

        // Within a minute of the last fetch: not fetched again, the unknown key is refused.
        const auto before = jwksFetches();
        QCOMPARE(validate().error, JwtError::UnknownKey);
        QCOMPARE(jwksFetches(), before);
        // Later: fetched once more, and the new key is known.
        m_clock.advance(61s);
        const JwtValidation later = validate();
        QVERIFY2(later.ok, qPrintable(later.message));
        QCOMPARE(jwksFetches(), before + 1);
        // Restore the published keys for the other tests.
        m_idp.on("/jwks",
            ScriptedHttpServer::reply(200,
                TestTokenSigner::jwks({TestTokenSigner::publicJwk(m_key.get(), u"k1"_s, u"RS256"_s, u"sig"_s)}),
                {{"Content-Type", "application/json"}}));
    }

    void discoveryNamesAnotherIssuer()
    {
        const Outcome outcome = signIn(honest(), u"https://evil.example.com"_s);
        expectRefused(outcome, u"different issuer"_s);
        // The browser was never opened.
        QVERIFY(outcome.opened.isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_AuthorizationCodeFlow)
#include "tst_AuthorizationCodeFlow.moc"

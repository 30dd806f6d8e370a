// Keeping the access token fresh, against a scripted token endpoint and a fake clock.
#include "FakeClock.h"
#include "ScriptedHttpServer.h"
#include "TestTokenSigner.h"
#include "auth/OidcProvider.h"
#include "auth/SignedInAccount.h"
#include "auth/TokenProvider.h"
#include "auth/TokenSet.h"
#include "net/NetworkAccessManager.h"
#include "secrets/MemorySecretStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QUrlQuery>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace streamcanvas;
using namespace streamcanvas::auth;
using gateway::AccessTokenSource;
using testsupport::ScriptedHttpServer;

namespace {

const QString clientId = u"streamcanvas-desktop"_s;

} // namespace

class tst_TokenProvider : public QObject
{
    Q_OBJECT

private:
    FakeClock m_clock{QDateTime(QDate(2031, 3, 14), QTime(12, 0), QTimeZone::utc())};
    TestTokenSigner::Key m_key = TestTokenSigner::generateRsa(2048);
    std::unique_ptr<ScriptedHttpServer> m_idp;
    QString m_issuer;
    QTemporaryDir m_locks;
    secrets::MemorySecretStore m_keychain;
    std::unique_ptr<net::NetworkAccessManager> m_network;
    std::unique_ptr<OidcProvider> m_provider;

    std::unique_ptr<TokenProvider> makeProvider()
    {
        return std::make_unique<TokenProvider>(
            *m_provider, *m_network, clientId, m_keychain, m_clock, u"https://gateway.example.com"_s, m_locks.path());
    }

    void scriptRefresh(int status, const QJsonObject &body)
    {
        m_idp->on("/token",
            ScriptedHttpServer::reply(
                status, QJsonDocument(body).toJson(QJsonDocument::Compact), {{"Content-Type", "application/json"}}));
    }

    void scriptRotation(const QString &accessToken, const QString &refreshToken)
    {
        scriptRefresh(200,
            {{u"access_token"_s, accessToken}, {u"token_type"_s, u"Bearer"_s}, {u"expires_in"_s, 300},
                {u"refresh_token"_s, refreshToken}});
    }

    void storeAccount(const QByteArray &refreshToken)
    {
        SignedInAccount account{m_issuer, clientId, u"alice"_s, u"Alice"_s, refreshToken};
        bool done = false;
        m_keychain.write(SignedInAccount::secretKey(m_issuer, clientId), account.toJson(), this,
            [&](const secrets::SecretResult &) { done = true; });
        QVERIFY(QTest::qWaitFor([&] { return done; }, 2000));
    }

    SignedInAccount storedAccount()
    {
        std::optional<SignedInAccount> account;
        bool done = false;
        m_keychain.read(SignedInAccount::secretKey(m_issuer, clientId), this, [&](const secrets::SecretResult &result) {
            account = SignedInAccount::fromJson(result.value);
            done = true;
        });
        if (!QTest::qWaitFor([&] { return done; }, 2000) || !account)
            return {};
        return *account;
    }

    TokenProvider::State restore(TokenProvider &tokens)
    {
        std::optional<TokenProvider::State> state;
        tokens.restore(this, [&](TokenProvider::State s) { state = s; });
        if (!QTest::qWaitFor([&] { return state.has_value(); }, 2000))
            return TokenProvider::State::SignedOut;
        return *state;
    }

    static AccessTokenSource::Result ask(TokenProvider &tokens, QObject *context)
    {
        std::optional<AccessTokenSource::Result> result;
        tokens.authorization(context, [&](const AccessTokenSource::Result &r) { result = r; });
        if (!QTest::qWaitFor([&] { return result.has_value(); }, 10'000))
            return {};
        return *result;
    }

    QList<QByteArray> refreshTokensSent() const
    {
        QList<QByteArray> sent;
        for (const auto &request : m_idp->requests()) {
            if (request.target == "/token")
                sent.append(QUrlQuery(QString::fromLatin1(request.body)).queryItemValue(u"refresh_token"_s).toLatin1());
        }
        return sent;
    }

private Q_SLOTS:
    void init()
    {
        m_keychain.setFailure(secrets::SecretError::None);
        for (const QString &key : m_keychain.keys()) {
            bool done = false;
            m_keychain.remove(key, this, [&](const secrets::SecretResult &) { done = true; });
            QVERIFY(QTest::qWaitFor([&] { return done; }, 2000));
        }
        m_idp = std::make_unique<ScriptedHttpServer>();
        QVERIFY(m_idp->start());
        m_issuer = m_idp->url().toString(QUrl::StripTrailingSlash);
        const QJsonObject discovery{{u"issuer"_s, m_issuer},
            {u"authorization_endpoint"_s, QString(m_issuer + u"/authorize"_s)},
            {u"token_endpoint"_s, QString(m_issuer + u"/token"_s)}, {u"jwks_uri"_s, QString(m_issuer + u"/jwks"_s)}};
        m_idp->on("/.well-known/openid-configuration",
            ScriptedHttpServer::reply(200, QJsonDocument(discovery).toJson(), {{"Content-Type", "application/json"}}));
        m_idp->on("/jwks",
            ScriptedHttpServer::reply(200,
                TestTokenSigner::jwks({TestTokenSigner::publicJwk(m_key.get(), u"k1"_s, u"RS256"_s)}),
                {{"Content-Type", "application/json"}}));
        net::NetworkSettings settings;
        settings.allowedOrigins = {QUrl(m_issuer)};
        settings.proxy.mode = net::ProxyMode::None;
        m_network = std::make_unique<net::NetworkAccessManager>(settings);
        m_provider = std::make_unique<OidcProvider>(*m_network, m_issuer, m_clock);
    }

    void cleanup()
    {
        m_provider.reset();
        m_network.reset();
        m_idp.reset();
    }

    void signedInStateComesFromTheKeychain()
    {
        auto tokens = makeProvider();
        QCOMPARE(restore(*tokens), TokenProvider::State::SignedOut);
        storeAccount("rt-1");
        auto again = makeProvider();
        QCOMPARE(restore(*again), TokenProvider::State::SignedIn);
        QCOMPARE(again->account()->displayName, u"Alice"_s);
        // Offline start: not one request.
        QCOMPARE(m_idp->requests().size(), 0);
    }

    void oneRefreshForManyWaitersAndRotationIsSavedFirst()
    {
        storeAccount("rt-1");
        scriptRotation(u"at-2"_s, u"rt-2"_s);
        auto tokens = makeProvider();
        QCOMPARE(restore(*tokens), TokenProvider::State::SignedIn);
        QList<AccessTokenSource::Result> results;
        QByteArray storedWhenAnswered;
        for (int i = 0; i < 5; ++i) {
            tokens->authorization(this, [&](const AccessTokenSource::Result &result) {
                results.append(result);
                if (storedWhenAnswered.isEmpty())
                    storedWhenAnswered = storedAccount().refreshToken;
            });
        }
        QVERIFY(QTest::qWaitFor([&] { return results.size() == 5; }, 10'000));
        for (const auto &result : results)
            QCOMPARE(result.authorization, "Bearer at-2"_ba);
        QCOMPARE(refreshTokensSent(), (QList<QByteArray>{"rt-1"}));
        QCOMPARE(tokens->refreshCount(), 1);
        QCOMPARE(storedWhenAnswered, "rt-2"_ba);

        // Fresh now: no refresh until shortly before expiry (a fifth of 300 s, at most 60 s).
        QCOMPARE(ask(*tokens, this).authorization, "Bearer at-2"_ba);
        m_clock.advance(239s);
        QCOMPARE(ask(*tokens, this).authorization, "Bearer at-2"_ba);
        QCOMPARE(tokens->refreshCount(), 1);
        scriptRotation(u"at-3"_s, u"rt-3"_s);
        m_clock.advance(2s);
        QCOMPARE(ask(*tokens, this).authorization, "Bearer at-3"_ba);
        QCOMPARE(refreshTokensSent(), (QList<QByteArray>{"rt-1", "rt-2"}));
    }

    void invalidGrantMeansSignInAgain()
    {
        storeAccount("rt-revoked");
        scriptRefresh(400, {{u"error"_s, u"invalid_grant"_s}});
        auto tokens = makeProvider();
        QCOMPARE(restore(*tokens), TokenProvider::State::SignedIn);
        const auto result = ask(*tokens, this);
        QVERIFY(!result.ok);
        QVERIFY2(result.error.contains(u"Sign in again"_s), qPrintable(result.error));
        QCOMPARE(tokens->state(), TokenProvider::State::SignInRequired);
        // The account is remembered (who it was), the spent refresh token is not.
        QCOMPARE(storedAccount().subject, u"alice"_s);
        QVERIFY(storedAccount().refreshToken.isEmpty());
        // No more requests until the user signs in again.
        const qsizetype requests = m_idp->requests().size();
        QVERIFY(!ask(*tokens, this).ok);
        QCOMPARE(m_idp->requests().size(), requests);
    }

    void networkTroubleKeepsTheTokens()
    {
        storeAccount("rt-1");
        scriptRefresh(503, {{u"error"_s, u"temporarily_unavailable"_s}});
        auto tokens = makeProvider();
        restore(*tokens);
        const auto result = ask(*tokens, this);
        QVERIFY(!result.ok);
        QCOMPARE(tokens->state(), TokenProvider::State::SignedIn);
        QCOMPARE(storedAccount().refreshToken, "rt-1"_ba);
        // Back again: the same refresh token works.
        scriptRotation(u"at-2"_s, u"rt-2"_s);
        QCOMPARE(ask(*tokens, this).authorization, "Bearer at-2"_ba);
    }

    void rejectionOfTheCurrentTokenForcesARefresh()
    {
        storeAccount("rt-1");
        scriptRotation(u"at-2"_s, u"rt-2"_s);
        auto tokens = makeProvider();
        restore(*tokens);
        QCOMPARE(ask(*tokens, this).authorization, "Bearer at-2"_ba);
        scriptRotation(u"at-3"_s, u"rt-3"_s);
        // A 401 for an older token: the current one is tried as it is.
        std::optional<AccessTokenSource::Result> renewed;
        tokens->renewAfterRejection("Bearer at-1", this, [&](const AccessTokenSource::Result &r) { renewed = r; });
        QVERIFY(QTest::qWaitFor([&] { return renewed.has_value(); }, 5000));
        QCOMPARE(renewed->authorization, "Bearer at-2"_ba);
        // A 401 for the current one: refreshed although not expired.
        renewed.reset();
        tokens->renewAfterRejection("Bearer at-2", this, [&](const AccessTokenSource::Result &r) { renewed = r; });
        QVERIFY(QTest::qWaitFor([&] { return renewed.has_value(); }, 5000));
        QCOMPARE(renewed->authorization, "Bearer at-3"_ba);
    }

    void twoProcessesDoNotRotateAtOnce()
    {
        // Two providers of one account (the app and the CLI) sharing the lock and keychain:
        // the second waits for the first and then refreshes with the rotated token.
        storeAccount("rt-1");
        auto app = makeProvider();
        auto cli = makeProvider();
        restore(*app);
        restore(*cli);
        scriptRotation(u"at-2"_s, u"rt-2"_s);
        std::optional<AccessTokenSource::Result> first;
        std::optional<AccessTokenSource::Result> second;
        app->authorization(this, [&](const AccessTokenSource::Result &r) {
            first = r;
            scriptRotation(u"at-3"_s, u"rt-3"_s);
        });
        cli->authorization(this, [&](const AccessTokenSource::Result &r) { second = r; });
        QVERIFY(QTest::qWaitFor([&] { return first && second; }, 20'000));
        QVERIFY(first->ok && second->ok);
        const QList<QByteArray> sent = refreshTokensSent();
        QCOMPARE(sent.size(), 2);
        // Never the same refresh token twice: the second used what the first had rotated to.
        QVERIFY2(sent.at(0) != sent.at(1), qPrintable(QString::fromLatin1(sent.join(' '))));
        QCOMPARE(storedAccount().refreshToken, "rt-3"_ba);
    }

    void signedInWithoutAKeychainStaysForTheSession()
    {
        m_keychain.setFailure(secrets::SecretError::NoService);
        auto tokens = makeProvider();
        TokenSet set;
        set.accessToken = "at-1";
        set.refreshToken = "rt-1";
        set.accessTokenExpiry = m_clock.monotonicNow() + 300s;
        set.idClaims = {{u"sub"_s, u"alice"_s}};
        std::optional<bool> remembered;
        QString message;
        tokens->signedIn(set, this, [&](bool ok, const QString &why) {
            remembered = ok;
            message = why;
        });
        QVERIFY(QTest::qWaitFor([&] { return remembered.has_value(); }, 2000));
        QVERIFY(!*remembered);
        QVERIFY2(message.contains(u"keychain"_s), qPrintable(message));
        QCOMPARE(tokens->state(), TokenProvider::State::SignedIn);
        QCOMPARE(ask(*tokens, this).authorization, "Bearer at-1"_ba);
        // Expired: refreshed with the refresh token this session holds.
        scriptRotation(u"at-2"_s, u"rt-2"_s);
        m_clock.advance(300s);
        QCOMPARE(ask(*tokens, this).authorization, "Bearer at-2"_ba);
    }
};

QTEST_GUILESS_MAIN(tst_TokenProvider)
#include "tst_TokenProvider.moc"

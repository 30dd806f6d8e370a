// Sign-in end to end against the real identity provider (oidc-provider) and the real nginx
// gateway that accepts only its access tokens, with a headless Chromium signing in as a
// person would: sign in, chat, let the access token expire, see exactly one refresh (with
// rotation) however many requests wait, sign out, and see the refresh token rejected.
#include "ChatRecorder.h"
#include "LocalStack.h"
#include "PlaywrightBrowser.h"
#include "auth/AuthorizationCodeFlow.h"
#include "auth/BrowserLauncher.h"
#include "auth/OidcProvider.h"
#include "auth/SignedInAccount.h"
#include "auth/SystemClock.h"
#include "auth/TokenEndpoint.h"
#include "auth/TokenProvider.h"
#include "gateway/ChatStream.h"
#include "gateway/GatewayClient.h"
#include "net/NetworkAccessManager.h"
#include "net/Origin.h"
#include "secrets/MemorySecretStore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace streamcanvas;
using testsupport::ChatRecorder;

namespace {

constexpr int accessTokenSeconds = 10;

// The real browser, driven headless.
class HeadlessBrowser : public auth::BrowserLauncher
{
public:
    explicit HeadlessBrowser(const testsupport::LocalStack &stack)
        : m_browser(stack)
    {
    }

    bool openUrl(const QUrl &url, QString *) override
    {
        QTimer::singleShot(0, [this, url] {
            if (!m_browser.signIn(url, &m_error))
                qWarning("browser: %s", qPrintable(m_error));
        });
        return true;
    }

private:
    testsupport::PlaywrightBrowser m_browser;
    QString m_error;
};

} // namespace

class tst_SignInEndToEnd : public QObject
{
    Q_OBJECT

private:
    testsupport::LocalStack m_stack;

    int refreshGrants() const
    {
        int count = 0;
        for (const QJsonObject &request : m_stack.idpRequests())
            count += request.value(u"grantType"_s).toString() == u"refresh_token"_s;
        return count;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        testsupport::LocalStack::Options options;
        options.idp = true;
        options.accessTokenSeconds = accessTokenSeconds;
        QVERIFY2(m_stack.start(&error, options), qPrintable(error));
    }

    void signInChatRefreshRotateSignOut()
    {
        net::NetworkSettings settings;
        settings.allowedOrigins = {m_stack.gatewayUrl(), m_stack.issuerUrl()};
        settings.extraCaCertificatesPem = m_stack.caCertificatesPem();
        settings.proxy.mode = net::ProxyMode::None;
        net::NetworkAccessManager network(settings);
        auth::SystemClock clock;
        const QString issuer = m_stack.issuerUrl().toString();
        auth::OidcProvider provider(network, issuer, clock);
        secrets::MemorySecretStore keychain;
        QTemporaryDir locks;
        auth::TokenProvider tokens(provider, network, m_stack.clientId(), keychain, clock,
            net::Origin::of(m_stack.gatewayUrl()), locks.path());

        // 1. Sign in through the browser.
        auth::SignInSettings signIn;
        signIn.issuer = issuer;
        signIn.clientId = m_stack.clientId();
        signIn.resource = net::Origin::of(m_stack.gatewayUrl());
        signIn.timeout = 60s;
        HeadlessBrowser browser(m_stack);
        auth::AuthorizationCodeFlow flow(provider, network, browser, signIn, clock);
        QSignalSpy finished(&flow, &auth::AuthorizationCodeFlow::finished);
        QSignalSpy failed(&flow, &auth::AuthorizationCodeFlow::failed);
        flow.start();
        QVERIFY(QTest::qWaitFor([&] { return finished.size() + failed.size() > 0; }, 90'000));
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
        const auto tokenSet = finished.first().first().value<auth::TokenSet>();
        QCOMPARE(tokenSet.idClaims.value(u"sub"_s).toString(), m_stack.userName());
        QVERIFY(!tokenSet.refreshToken.isEmpty());
        bool remembered = false;
        tokens.signedIn(tokenSet, this, [&](bool ok, const QString &) { remembered = ok; });
        QVERIFY(QTest::qWaitFor([&] { return remembered; }, 5000));
        QCOMPARE(tokens.state(), auth::TokenProvider::State::SignedIn);
        const QByteArray firstRefreshToken = tokenSet.refreshToken;

        // 2. Chat through the gateway with the access token: no refresh needed.
        gateway::GatewayClient client(network, m_stack.gatewayUrl(), tokens);
        {
            std::unique_ptr<gateway::ChatStream> stream(
                client.chat({u"scripted-echo"_s, {{u"user"_s, u"signed in"_s}}}));
            ChatRecorder recorder(stream.get());
            QVERIFY(recorder.waitForEnd());
            QCOMPARE(recorder.outcome(), u"finished"_s);
            QVERIFY(recorder.content().startsWith(u"You said: signed in"_s));
        }
        QCOMPARE(tokens.refreshCount(), 0);
        QCOMPARE(refreshGrants(), 0);

        // 3. The access token expires; three requests at once share one refresh.
        QTest::qWait((accessTokenSeconds - 1) * 1000);
        std::vector<std::unique_ptr<gateway::ChatStream>> streams;
        std::vector<std::unique_ptr<ChatRecorder>> recorders;
        for (int i = 0; i < 3; ++i) {
            streams.emplace_back(client.chat({u"scripted-echo"_s, {{u"user"_s, u"after expiry"_s}}}));
            recorders.push_back(std::make_unique<ChatRecorder>(streams.back().get()));
        }
        for (const auto &recorder : recorders) {
            QVERIFY(recorder->waitForEnd());
            QCOMPARE(recorder->outcome(), u"finished"_s);
        }
        QCOMPARE(tokens.refreshCount(), 1);
        QCOMPARE(refreshGrants(), 1);

        // 4. The refresh token rotated, and the new one is what the keychain holds.
        QByteArray stored;
        keychain.read(auth::SignedInAccount::secretKey(issuer, m_stack.clientId()), this,
            [&](const secrets::SecretResult &result) { stored = result.value; });
        QVERIFY(QTest::qWaitFor([&] { return !stored.isEmpty(); }, 5000));
        const auto account = auth::SignedInAccount::fromJson(stored);
        QVERIFY(account.has_value());
        QVERIFY(!account->refreshToken.isEmpty());
        QVERIFY(account->refreshToken != firstRefreshToken);

        // 5. Sign out: revoke; the provider then rejects the refresh token.
        auth::TokenEndpoint endpoint(network, provider.configuration(), m_stack.clientId());
        std::optional<auth::TokenResponse> revoked;
        endpoint.revoke(account->refreshToken, "refresh_token", this,
            [&](const auth::TokenResponse &response) { revoked = response; });
        QVERIFY(QTest::qWaitFor([&] { return revoked.has_value(); }, 10'000));
        QVERIFY2(revoked->ok, qPrintable(revoked->message));
        std::optional<auth::TokenResponse> afterwards;
        endpoint.refresh(account->refreshToken, net::Origin::of(m_stack.gatewayUrl()), this,
            [&](const auth::TokenResponse &response) { afterwards = response; });
        QVERIFY(QTest::qWaitFor([&] { return afterwards.has_value(); }, 10'000));
        QVERIFY(!afterwards->ok);
        QCOMPARE(afterwards->error, u"invalid_grant"_s);
        QVERIFY2(afterwards->message.contains(u"Sign in again"_s), qPrintable(afterwards->message));

        // Nothing of the tokens went to the gateway's upstream other than as a header.
        for (const QJsonObject &request : m_stack.upstreamRequests())
            QVERIFY(!QJsonDocument(request).toJson().contains(tokenSet.accessToken));
    }
};

QTEST_GUILESS_MAIN(tst_SignInEndToEnd)
#include "tst_SignInEndToEnd.moc"

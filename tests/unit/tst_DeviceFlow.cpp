// Sign-in with a code on another device, against a provider scripted to answer each way
// RFC 8628 allows. The approval by a real person at a real provider is in the CLI tests.
#include "FakeClock.h"
#include "ScriptedHttpServer.h"
#include "TestTokenSigner.h"
#include "auth/DeviceFlow.h"
#include "auth/OidcProvider.h"
#include "net/NetworkAccessManager.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace streamcanvas;
using namespace streamcanvas::auth;
using testsupport::ScriptedHttpServer;

namespace {

const QString clientId = u"streamcanvas-desktop"_s;

ScriptedHttpServer::Response json(int status, const QJsonObject &body)
{
    return ScriptedHttpServer::reply(
        status, QJsonDocument(body).toJson(QJsonDocument::Compact), {{"Content-Type", "application/json"}});
}

} // namespace

class tst_DeviceFlow : public QObject
{
    Q_OBJECT

private:
    FakeClock m_clock{QDateTime(QDate(2031, 3, 14), QTime(12, 0), QTimeZone::utc())};
    TestTokenSigner::Key m_key = TestTokenSigner::generateRsa(2048);
    ScriptedHttpServer m_idp;
    QString m_issuer;

    QByteArray idToken() const
    {
        const qint64 now = m_clock.nowUtc().toSecsSinceEpoch();
        return TestTokenSigner::token({{u"alg"_s, u"RS256"_s}, {u"typ"_s, u"JWT"_s}, {u"kid"_s, u"k1"_s}},
            {{u"iss"_s, m_issuer}, {u"sub"_s, u"alice"_s}, {u"aud"_s, clientId}, {u"iat"_s, now},
                {u"exp"_s, now + 600}},
            m_key.get());
    }

    QJsonObject tokens() const
    {
        return {{u"access_token"_s, u"at-1"_s}, {u"token_type"_s, u"Bearer"_s}, {u"expires_in"_s, 300},
            {u"refresh_token"_s, u"rt-1"_s}, {u"id_token"_s, QString::fromLatin1(idToken())}};
    }

    struct Outcome {
        QString userCode;
        QUrl verificationUri;
        bool finished = false;
        QString error;
        qint64 elapsedMs = 0;
        int polls = 0;
    };

    Outcome run(std::function<void(int poll)> onPoll = {})
    {
        net::NetworkSettings settings;
        settings.allowedOrigins = {QUrl(m_issuer)};
        settings.proxy.mode = net::ProxyMode::None;
        net::NetworkAccessManager network(settings);
        OidcProvider provider(network, m_issuer, m_clock);
        SignInSettings signIn;
        signIn.issuer = m_issuer;
        signIn.clientId = clientId;
        DeviceFlow flow(provider, network, signIn, m_clock);
        Outcome outcome;
        connect(&flow, &DeviceFlow::codeReady, this, [&](const QString &code, const QUrl &uri, const QUrl &) {
            outcome.userCode = code;
            outcome.verificationUri = uri;
        });
        QSignalSpy finished(&flow, &DeviceFlow::finished);
        QSignalSpy failed(&flow, &DeviceFlow::failed);
        const auto connection = connect(&m_idp, &ScriptedHttpServer::requestReceived, this, [&] {
            if (m_idp.requests().last().target == "/token") {
                ++outcome.polls;
                if (onPoll)
                    onPoll(outcome.polls);
            }
        });
        QElapsedTimer timer;
        timer.start();
        flow.start();
        if (!QTest::qWaitFor([&] { return finished.size() + failed.size() > 0; }, 30'000))
            qWarning("the device sign-in did not end");
        disconnect(connection);
        outcome.elapsedMs = timer.elapsed();
        outcome.finished = !finished.isEmpty();
        outcome.error = failed.isEmpty() ? QString() : failed.first().first().toString();
        return outcome;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_idp.start());
        m_issuer = m_idp.url().toString(QUrl::StripTrailingSlash);
        m_idp.on("/.well-known/openid-configuration",
            json(200,
                {{u"issuer"_s, m_issuer}, {u"authorization_endpoint"_s, QString(m_issuer + u"/authorize"_s)},
                    {u"token_endpoint"_s, QString(m_issuer + u"/token"_s)},
                    {u"jwks_uri"_s, QString(m_issuer + u"/jwks"_s)},
                    {u"device_authorization_endpoint"_s, QString(m_issuer + u"/device"_s)}}));
        m_idp.on("/jwks",
            ScriptedHttpServer::reply(200,
                TestTokenSigner::jwks({TestTokenSigner::publicJwk(m_key.get(), u"k1"_s, u"RS256"_s)}),
                {{"Content-Type", "application/json"}}));
        m_idp.on("/device",
            json(200,
                {{u"device_code"_s, u"dc-1"_s}, {u"user_code"_s, u"WDJB-MJHT"_s},
                    {u"verification_uri"_s, u"https://login.example.com/device"_s}, {u"expires_in"_s, 600},
                    {u"interval"_s, 1}}));
    }

    void pendingThenApproved()
    {
        m_idp.on("/token", json(400, {{u"error"_s, u"authorization_pending"_s}}));
        const Outcome outcome = run([this](int poll) {
            if (poll == 2)
                m_idp.on("/token", json(200, tokens()));
        });
        QVERIFY2(outcome.finished, qPrintable(outcome.error));
        QCOMPARE(outcome.userCode, u"WDJB-MJHT"_s);
        QCOMPARE(outcome.verificationUri, QUrl(u"https://login.example.com/device"_s));
        QCOMPARE(outcome.polls, 3);
    }

    void slowDownAddsFiveSeconds()
    {
        m_idp.on("/token", json(400, {{u"error"_s, u"slow_down"_s}}));
        const Outcome outcome = run([this](int poll) {
            if (poll == 1)
                m_idp.on("/token", json(200, tokens()));
        });
        QVERIFY2(outcome.finished, qPrintable(outcome.error));
        QCOMPARE(outcome.polls, 2);
        // 1 s before the first poll, then 1 + 5 s before the second.
        QVERIFY2(outcome.elapsedMs >= 6500, qPrintable(QString::number(outcome.elapsedMs)));
    }

    void declinedOrExpiredStops_data()
    {
        QTest::addColumn<QString>("error");
        QTest::addColumn<QString>("phrase");
        QTest::newRow("access_denied") << u"access_denied"_s << u"declined"_s;
        QTest::newRow("expired_token") << u"expired_token"_s << u"expired"_s;
    }

    void declinedOrExpiredStops()
    {
        QFETCH(QString, error);
        QFETCH(QString, phrase);
        m_idp.on("/token", json(400, {{u"error"_s, error}}));
        const Outcome outcome = run();
        QVERIFY(!outcome.finished);
        QVERIFY2(outcome.error.contains(phrase), qPrintable(outcome.error));
        QCOMPARE(outcome.polls, 1);
    }

    void codeExpiresLocallyToo()
    {
        // The provider keeps saying "pending"; our own deadline (expires_in) ends it.
        m_idp.on("/token", json(400, {{u"error"_s, u"authorization_pending"_s}}));
        const Outcome outcome = run([this](int) { m_clock.advance(601s); });
        QVERIFY(!outcome.finished);
        QVERIFY2(outcome.error.contains(u"expired"_s), qPrintable(outcome.error));
        QCOMPARE(outcome.polls, 1);
    }
};

QTEST_GUILESS_MAIN(tst_DeviceFlow)
#include "tst_DeviceFlow.moc"

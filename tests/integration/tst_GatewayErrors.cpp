// Non-2xx answers, retries and the 401 renewal, through the real nginx gateway.
#include "ChatRecorder.h"
#include "GatewayRig.h"
#include "LocalStack.h"
#include "ScriptedTokenSource.h"
#include "gateway/ApiKeyAuthentication.h"
#include "gateway/ChatStream.h"
#include "gateway/ModelList.h"
#include "net/Origin.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace streamcanvas;
using gateway::GatewayError;
using testsupport::ChatRecorder;
using testsupport::GatewayRig;

class tst_GatewayErrors : public QObject
{
    Q_OBJECT

private:
    testsupport::LocalStack m_stack;

    // Upstream requests for `model` and prompt, as the scripted model server logged them.
    int upstreamAttempts(const QString &model, const QString &prompt) const
    {
        int count = 0;
        for (const QJsonObject &request : m_stack.upstreamRequests()) {
            const QJsonObject body = request.value(u"body"_s).toObject();
            const QString text = body.value(u"messages"_s).toArray().last().toObject().value(u"content"_s).toString();
            if (body.value(u"model"_s).toString() == model && text == prompt)
                ++count;
        }
        return count;
    }

    ChatRecorder *run(GatewayRig &rig, const QString &model, const QString &prompt)
    {
        gateway::ChatStream *stream = rig.client->chat(rig.request(model, prompt), this);
        auto *recorder = new ChatRecorder(stream, stream);
        if (!recorder->waitForEnd(60'000))
            qWarning("the stream did not end");
        return recorder;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_stack.start(&error), qPrintable(error));
    }

    void cleanup() { QCOMPARE(m_stack.canaryRequests().size(), 0); }

    void statusesMapToClearMessages_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("phrase");
        QTest::newRow("400") << 400 << int(GatewayError::Kind::BadRequest) << u"rejected the request"_s;
        QTest::newRow("401") << 401 << int(GatewayError::Kind::SignIn) << u"key"_s;
        QTest::newRow("403") << 403 << int(GatewayError::Kind::Permission) << u"permission"_s;
        QTest::newRow("404") << 404 << int(GatewayError::Kind::NotFound) << u"scripted-status-404"_s;
        QTest::newRow("413") << 413 << int(GatewayError::Kind::TooLarge) << u"too long"_s;
        QTest::newRow("500") << 500 << int(GatewayError::Kind::Gateway) << u"HTTP 500"_s;
    }

    void statusesMapToClearMessages()
    {
        QFETCH(int, status);
        QFETCH(int, kind);
        QFETCH(QString, phrase);
        GatewayRig rig(m_stack);
        const QString model = u"scripted-status-"_s + QString::number(status);
        const QString prompt = u"status "_s + QString::number(status);
        ChatRecorder *recorder = run(rig, model, prompt);
        QCOMPARE(recorder->outcome(), u"failed"_s);
        QCOMPARE(recorder->endSignals(), 1);
        QCOMPARE(int(recorder->error().kind), kind);
        QCOMPARE(recorder->error().httpStatus, status);
        QVERIFY2(
            recorder->error().message.contains(phrase, Qt::CaseInsensitive), qPrintable(recorder->error().message));
        // None of these is retried (a 401 gets one renewal, which re-reads the same key).
        QCOMPARE(recorder->retries(), 0);
        QCOMPARE(upstreamAttempts(model, prompt), 1);
    }

    void internalDetailsNeverReachTheUser()
    {
        GatewayRig rig(m_stack);
        ChatRecorder *recorder = run(rig, u"scripted-status-500"_s, u"leak check"_s);
        const QString message = recorder->error().message;
        for (const QString &secret :
            {u"10.20.30.40"_s, u"/internal/"_s, u"sk-live-SECRET"_s, u"session123"_s, m_stack.apiKey()})
            QVERIFY2(!message.contains(secret), qPrintable(message));
    }

    void htmlErrorPageIsNotShown()
    {
        GatewayRig rig(m_stack);
        ChatRecorder *recorder = run(rig, u"scripted-status-html-502"_s, u"html page"_s);
        QCOMPARE(recorder->outcome(), u"failed"_s);
        QCOMPARE(recorder->error().kind, GatewayError::Kind::Gateway);
        QVERIFY(!recorder->error().message.contains(u'<'));
        // 502 is retried: three tries in all.
        QCOMPARE(recorder->retries(), 2);
        QCOMPARE(upstreamAttempts(u"scripted-status-html-502"_s, u"html page"_s), 3);
    }

    void retriesHonourRetryAfterThenGiveUp()
    {
        GatewayRig rig(m_stack);
        QElapsedTimer timer;
        timer.start();
        ChatRecorder *recorder = run(rig, u"scripted-status-503"_s, u"always 503"_s);
        QCOMPARE(recorder->outcome(), u"failed"_s);
        QCOMPARE(recorder->error().kind, GatewayError::Kind::Gateway);
        QCOMPARE(recorder->retries(), 2);
        QCOMPARE(recorder->retryDelays(), (QList<std::chrono::milliseconds>{1000ms, 1000ms}));
        QCOMPARE(upstreamAttempts(u"scripted-status-503"_s, u"always 503"_s), 3);
        QVERIFY(timer.elapsed() >= 2000);
    }

    void retrySucceeds_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<int>("attempts");
        QTest::newRow("503 twice") << u"scripted-fail-503-then-ok-2"_s << 3;
        QTest::newRow("429 once") << u"scripted-fail-429-then-ok-1"_s << 2;
        QTest::newRow("502 once") << u"scripted-fail-502-then-ok-1"_s << 2;
        QTest::newRow("504 once") << u"scripted-fail-504-then-ok-1"_s << 2;
    }

    void retrySucceeds()
    {
        QFETCH(QString, model);
        QFETCH(int, attempts);
        GatewayRig rig(m_stack);
        const QString prompt = u"retry "_s + model;
        ChatRecorder *recorder = run(rig, model, prompt);
        QCOMPARE(recorder->outcome(), u"finished"_s);
        QVERIFY(recorder->content().startsWith(u"You said: "_s + prompt));
        QCOMPARE(recorder->retries(), attempts - 1);
        QCOMPARE(upstreamAttempts(model, prompt), attempts);
    }

    void nginxRateLimitIsRetried()
    {
        // A burst through the rate-limited route: nginx itself answers 429 with Retry-After.
        GatewayRig rig(
            m_stack, GatewayRig::networkSettings(m_stack), QUrl(m_stack.gatewayUrl().toString() + u"/limited"_s));
        QList<ChatRecorder *> recorders;
        for (int i = 0; i < 4; ++i) {
            gateway::ChatStream *stream
                = rig.client->chat(rig.request(u"scripted-echo"_s, u"burst "_s + QString::number(i)), this);
            recorders.append(new ChatRecorder(stream, stream));
        }
        int retried = 0;
        for (ChatRecorder *recorder : recorders) {
            QVERIFY(recorder->waitForEnd(60'000));
            retried += recorder->retries();
            // Limited (429 with a wait we honour) or through: never a silent loss.
            QVERIFY2(recorder->outcome() == u"finished"_s || recorder->error().kind == GatewayError::Kind::RateLimited,
                qPrintable(recorder->error().message));
        }
        QVERIFY2(retried > 0, "nginx did not rate-limit the burst");
        bool saw429 = false;
        for (const QString &line : m_stack.nginxAccessLog())
            saw429 = saw429 || line.contains(u" 429 "_s) || line.contains(u"\"status\":429"_s)
                || line.contains(u"status=429"_s);
        QVERIFY(saw429);
    }

    void unauthorizedRenewsOnceAndRetries()
    {
        testsupport::ScriptedTokenSource tokens({"Bearer expired-token", "Bearer " + m_stack.apiKey().toUtf8()});
        GatewayRig rig(m_stack, GatewayRig::networkSettings(m_stack), tokens);
        ChatRecorder *recorder = run(rig, u"scripted-echo"_s, u"renew me"_s);
        QCOMPARE(recorder->outcome(), u"finished"_s);
        QCOMPARE(tokens.renewals(), 1);
        QCOMPARE(tokens.rejected(), QByteArrayList{"Bearer expired-token"});
    }

    void secondUnauthorizedIsASignInError()
    {
        testsupport::ScriptedTokenSource tokens(
            {"Bearer wrong-1", "Bearer wrong-2", "Bearer " + m_stack.apiKey().toUtf8()});
        GatewayRig rig(m_stack, GatewayRig::networkSettings(m_stack), tokens);
        ChatRecorder *recorder = run(rig, u"scripted-echo"_s, u"never"_s);
        QCOMPARE(recorder->outcome(), u"failed"_s);
        QCOMPARE(recorder->error().kind, GatewayError::Kind::SignIn);
        QCOMPARE(tokens.renewals(), 1);
        QCOMPARE(upstreamAttempts(u"scripted-echo"_s, u"never"_s), 0); // nginx stopped both
    }

    void missingApiKey()
    {
        GatewayRig rig(m_stack);
        QEventLoop loop;
        rig.secrets.remove(gateway::ApiKeyAuthentication::secretKeyFor(net::Origin::of(m_stack.gatewayUrl())), &loop,
            [&](const secrets::SecretResult &) { loop.quit(); });
        loop.exec();
        ChatRecorder *recorder = run(rig, u"scripted-echo"_s, u"no key"_s);
        QCOMPARE(recorder->outcome(), u"failed"_s);
        QCOMPARE(recorder->error().kind, GatewayError::Kind::SignIn);
        QVERIFY2(recorder->error().message.contains(u"API key"_s), qPrintable(recorder->error().message));
    }

    void modelListErrors()
    {
        // The gateway's /v1/models without the key: a sign-in error, not a crash or a hang.
        testsupport::ScriptedTokenSource tokens({"Bearer wrong"});
        GatewayRig rig(m_stack, GatewayRig::networkSettings(m_stack), tokens);
        gateway::ModelList *list = rig.client->listModels(this);
        QSignalSpy failed(list, &gateway::ModelList::failed);
        QVERIFY(failed.wait(10'000));
        QCOMPARE(list->error().kind, GatewayError::Kind::SignIn);
        delete list;
    }
};

QTEST_GUILESS_MAIN(tst_GatewayErrors)
#include "tst_GatewayErrors.moc"

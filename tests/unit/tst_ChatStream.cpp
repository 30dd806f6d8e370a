// ChatStream against gateways that misbehave on purpose (a scripted local server): what a
// real gateway does is covered through nginx in tests/integration.
#include "ChatRecorder.h"
#include "ScriptedHttpServer.h"
#include "gateway/ChatStream.h"
#include "gateway/GatewayClient.h"
#include "gateway/NoAuthentication.h"
#include "net/NetworkAccessManager.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace streamcanvas;
using gateway::GatewayError;
using testsupport::ChatRecorder;
using testsupport::ScriptedHttpServer;

namespace {

QByteArray contentEvent(const QByteArray &content)
{
    return "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content + "\"}}]}\n\n";
}

} // namespace

class tst_ChatStream : public QObject
{
    Q_OBJECT

private:
    ScriptedHttpServer m_server;

    std::unique_ptr<ChatRecorder> chat(const ScriptedHttpServer::Response &response)
    {
        m_server.on("/v1/chat/completions", response);
        net::NetworkSettings settings;
        settings.allowedOrigins = {m_server.url()};
        settings.proxy.mode = net::ProxyMode::None;
        net::NetworkAccessManager network(settings);
        gateway::NoAuthentication none;
        gateway::GatewayClient client(network, m_server.url().adjusted(QUrl::RemovePath), none);
        gateway::ChatStream *stream = client.chat({u"m"_s, {{u"user"_s, u"hi"_s}}}, this);
        auto recorder = std::make_unique<ChatRecorder>(stream);
        if (!recorder->waitForEnd(60'000))
            qWarning("the stream did not end");
        delete stream;
        return recorder;
    }

    static ScriptedHttpServer::Response stream(const QByteArray &type, const QByteArray &body)
    {
        ScriptedHttpServer::Response response;
        response.steps = {{{},
            ScriptedHttpServer::head(200, {{"Content-Type", type}, {"Content-Length", QByteArray::number(body.size())}})
                + body}};
        return response;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.start()); }

    void oversizedEventFailsAndKeepsTheAnswer()
    {
        const QByteArray body = contentEvent("kept") + "data: " + QByteArray(17 * 1024 * 1024, 'x');
        const auto recorder = chat(stream("text/event-stream", body));
        QCOMPARE(recorder->outcome(), u"failed"_s);
        QCOMPARE(recorder->error().kind, GatewayError::Kind::Protocol);
        QCOMPARE(recorder->content(), u"kept"_s);
    }

    void oversizedEventInOneLongDataSeries()
    {
        // Many small data lines of one event add up as well.
        QByteArray lines;
        const QByteArray line = "data: " + QByteArray(1000, 'y') + '\n';
        while (lines.size() < 17 * 1024 * 1024)
            lines += line;
        const auto recorder = chat(stream("text/event-stream", contentEvent("kept") + lines));
        QCOMPARE(recorder->outcome(), u"failed"_s);
        QCOMPARE(recorder->error().kind, GatewayError::Kind::Protocol);
    }

    void proxySignInPageIsNotAnAnswer()
    {
        const auto recorder = chat(stream("text/html", "<html><body>Sign in to the proxy</body></html>"));
        QCOMPARE(recorder->outcome(), u"failed"_s);
        QCOMPARE(recorder->error().kind, GatewayError::Kind::Protocol);
        QVERIFY(!recorder->error().message.contains(u"Sign in to the proxy"_s));
    }

    void gatewayThatDoesNotStream()
    {
        const auto recorder = chat(stream(
            "application/json", R"({"choices":[{"index":0,"message":{"role":"assistant","content":"all at once"}}]})"));
        QCOMPARE(recorder->outcome(), u"finished"_s);
        QCOMPARE(recorder->content(), u"all at once"_s);
    }

    void errorDocumentInsteadOfAStream()
    {
        const auto recorder = chat(stream("application/json", R"({"error":{"message":"quota exceeded"}})"));
        QCOMPARE(recorder->outcome(), u"failed"_s);
        QCOMPARE(recorder->error().kind, GatewayError::Kind::ModelError);
        QVERIFY(recorder->error().message.contains(u"quota exceeded"_s));
    }

    void malformedChunksAreSkippedNotFatal()
    {
        const QByteArray body = contentEvent("one ") + "data: {not json\n\n" + "data: [1,2]\n\n" + contentEvent("two")
            + "data: [DONE]\n\n";
        const auto recorder = chat(stream("text/event-stream", body));
        QCOMPARE(recorder->outcome(), u"finished"_s);
        QCOMPARE(recorder->content(), u"one two"_s);
    }

    void textAfterDoneIsIgnored()
    {
        const QByteArray body = contentEvent("done") + "data: [DONE]\n\n" + contentEvent(" and more");
        const auto recorder = chat(stream("text/event-stream", body));
        QCOMPARE(recorder->outcome(), u"finished"_s);
        QCOMPARE(recorder->content(), u"done"_s);
        QCOMPARE(recorder->endSignals(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_ChatStream)
#include "tst_ChatStream.moc"

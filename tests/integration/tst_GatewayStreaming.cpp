// The gateway client streaming answers through the real nginx gateway from the scripted
// model server: every way an answer can arrive, and every way it can end.
#include "ChatRecorder.h"
#include "GatewayRig.h"
#include "LocalStack.h"
#include "gateway/ChatStream.h"
#include "gateway/GatewayClient.h"
#include "gateway/ModelList.h"
#include "gateway/NoAuthentication.h"
#include "markdown/StreamingMarkdown.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace streamcanvas;
using gateway::GatewayError;
using testsupport::ChatRecorder;
using testsupport::GatewayRig;

class tst_GatewayStreaming : public QObject
{
    Q_OBJECT

private:
    testsupport::LocalStack m_stack;

    QJsonObject lastUpstreamRequest() const
    {
        const QList<QJsonObject> requests = m_stack.upstreamRequests();
        return requests.isEmpty() ? QJsonObject() : requests.last();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_stack.start(&error), qPrintable(error));
    }

    void cleanup()
    {
        // Whatever a test did, nothing may have reached a host outside the allow-list.
        QCOMPARE(m_stack.canaryRequests().size(), 0);
    }

    void listsModels()
    {
        GatewayRig rig(m_stack);
        gateway::ModelList *list = rig.client->listModels(this);
        QSignalSpy finished(list, &gateway::ModelList::finished);
        QVERIFY(finished.wait(10'000));
        const QStringList models = list->models();
        QVERIFY2(models.contains(u"scripted-echo"_s), qPrintable(models.join(u", ")));
        QVERIFY(models.contains(u"scripted-long"_s));
        QVERIFY(std::is_sorted(models.begin(), models.end()));
        delete list;
    }

    void streamsAnAnswer()
    {
        GatewayRig rig(m_stack);
        gateway::ChatRequest request = rig.request(u"scripted-echo"_s, u"Hello, gateway"_s);
        request.messages.prepend({u"system"_s, u"Be brief."_s});
        std::unique_ptr<gateway::ChatStream> stream(rig.client->chat(request));
        ChatRecorder recorder(stream.get());
        QVERIFY(recorder.waitForEnd());
        QCOMPARE(recorder.outcome(), u"finished"_s);
        QCOMPARE(recorder.endSignals(), 1);
        QVERIFY2(recorder.content().startsWith(u"You said: Hello, gateway"_s), qPrintable(recorder.content()));
        QVERIFY2(recorder.content().contains(u"System: Be brief."_s), qPrintable(recorder.content()));
        QVERIFY(recorder.contentDeltas().size() > 3); // token by token, not in one piece
        QCOMPARE(recorder.finishReason(), u"stop"_s);
        QVERIFY(recorder.usage().has_value());
        QVERIFY(recorder.usage()->totalTokens > 0);
        QCOMPARE(stream->content(), recorder.content());

        // What the gateway received: a streamed request asking for usage, with the key.
        const QJsonObject upstream = lastUpstreamRequest();
        const QJsonObject body = upstream.value(u"body"_s).toObject();
        QCOMPARE(body.value(u"stream"_s).toBool(), true);
        QCOMPARE(body.value(u"stream_options"_s).toObject().value(u"include_usage"_s).toBool(), true);
        QCOMPARE(body.value(u"model"_s).toString(), u"scripted-echo"_s);
        QCOMPARE(body.value(u"messages"_s).toArray().size(), 2);
    }

    void reasoningIsSeparate()
    {
        GatewayRig rig(m_stack);
        std::unique_ptr<gateway::ChatStream> stream(rig.client->chat(rig.request(u"scripted-reasoning"_s)));
        ChatRecorder recorder(stream.get());
        QVERIFY(recorder.waitForEnd());
        QCOMPARE(recorder.outcome(), u"finished"_s);
        QVERIFY(!recorder.reasoning().isEmpty());
        QVERIFY(!recorder.content().isEmpty());
        // Both field spellings (reasoning_content and reasoning) arrive as reasoning.
        QVERIFY(!recorder.content().contains(recorder.reasoning().left(10)));
    }

    void longAnswerRendersLikeOneShot()
    {
        GatewayRig rig(m_stack);
        std::unique_ptr<gateway::ChatStream> stream(rig.client->chat(rig.request(u"scripted-long"_s)));
        markdown::StreamingMarkdown streaming;
        connect(stream.get(), &gateway::ChatStream::contentDelta, this, [&](const QString &text) {
            streaming.append(text.toUtf8());
            streaming.update();
        });
        ChatRecorder recorder(stream.get());
        QVERIFY(recorder.waitForEnd());
        QCOMPARE(recorder.outcome(), u"finished"_s);
        QVERIFY(recorder.content().toUtf8().size() > 20'000);
        QVERIFY(recorder.contentDeltas().size() > 1000);
        streaming.finish();
        QCOMPARE(streaming.document(), markdown::StreamingMarkdown::parse(recorder.content().toUtf8()));
    }

    void lineEndingsAndSplits_data()
    {
        QTest::addColumn<QString>("model");
        QTest::newRow("CR only") << u"scripted-cr"_s;
        QTest::newRow("CRLF") << u"scripted-crlf"_s;
        QTest::newRow("one byte per write") << u"scripted-bytewise"_s;
        QTest::newRow("BOM, comments, multi-line data") << u"scripted-bom-comments"_s;
        QTest::newRow("UTF-8 split across writes") << u"scripted-utf8-split"_s;
    }

    void lineEndingsAndSplits()
    {
        QFETCH(QString, model);
        GatewayRig rig(m_stack);
        const QString prompt = u"Grüße, 日本 🙂 and more"_s;
        std::unique_ptr<gateway::ChatStream> stream(rig.client->chat(rig.request(model, prompt)));
        ChatRecorder recorder(stream.get());
        QVERIFY(recorder.waitForEnd());
        QCOMPARE(recorder.outcome(), u"finished"_s);
        QVERIFY2(!recorder.content().contains(QChar::ReplacementCharacter), qPrintable(recorder.content()));
        if (model == u"scripted-utf8-split"_s) {
            for (const QString &piece : {u"ä"_s, u"日本"_s, u"🙂"_s})
                QVERIFY2(recorder.content().contains(piece), qPrintable(recorder.content()));
        } else {
            QVERIFY2(recorder.content().startsWith(u"You said: "_s + prompt), qPrintable(recorder.content()));
        }
    }

    void tenMegabytes()
    {
        GatewayRig rig(m_stack);
        std::unique_ptr<gateway::ChatStream> stream(rig.client->chat(rig.request(u"scripted-big"_s)));
        ChatRecorder recorder(stream.get());
        QVERIFY(recorder.waitForEnd(120'000));
        QCOMPARE(recorder.outcome(), u"finished"_s);
        QVERIFY2(recorder.content().toUtf8().size() >= 10'000'000,
            QByteArray::number(recorder.content().size()).constData());
    }

    void droppedConnectionKeepsThePartialAnswer()
    {
        GatewayRig rig(m_stack);
        std::unique_ptr<gateway::ChatStream> stream(rig.client->chat(rig.request(u"scripted-drop"_s)));
        ChatRecorder recorder(stream.get());
        QVERIFY(recorder.waitForEnd());
        QCOMPARE(recorder.outcome(), u"interrupted"_s);
        QCOMPARE(recorder.endSignals(), 1);
        QVERIFY(!recorder.content().isEmpty());
        QCOMPARE(stream->content(), recorder.content());
        // After the first byte nothing is retried: it would duplicate text.
        QCOMPARE(recorder.retries(), 0);
    }

    void endWithoutDoneIsInterrupted()
    {
        GatewayRig rig(m_stack);
        std::unique_ptr<gateway::ChatStream> stream(rig.client->chat(rig.request(u"scripted-no-done"_s)));
        ChatRecorder recorder(stream.get());
        QVERIFY(recorder.waitForEnd());
        QCOMPARE(recorder.outcome(), u"interrupted"_s);
        QCOMPARE(recorder.error().kind, GatewayError::Kind::Cut);
        QVERIFY(!recorder.content().isEmpty());
    }

    void errorMidStreamFailsAndKeepsText_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("said");
        QTest::newRow("error object") << u"scripted-error-object"_s << u"The model crashed"_s;
        QTest::newRow("error event") << u"scripted-error-event"_s << u"Overloaded"_s;
    }

    void errorMidStreamFailsAndKeepsText()
    {
        QFETCH(QString, model);
        QFETCH(QString, said);
        GatewayRig rig(m_stack);
        std::unique_ptr<gateway::ChatStream> stream(rig.client->chat(rig.request(model)));
        ChatRecorder recorder(stream.get());
        QVERIFY(recorder.waitForEnd());
        QCOMPARE(recorder.outcome(), u"failed"_s);
        QCOMPARE(recorder.endSignals(), 1);
        QCOMPARE(recorder.error().kind, GatewayError::Kind::ModelError);
        QVERIFY2(recorder.error().message.contains(said), qPrintable(recorder.error().message));
        QVERIFY(!recorder.content().isEmpty());
        QCOMPARE(stream->content(), recorder.content());
    }

    void cancelStopsAtOnceAndKeepsText()
    {
        GatewayRig rig(m_stack);
        std::unique_ptr<gateway::ChatStream> stream(rig.client->chat(rig.request(u"scripted-slow"_s)));
        ChatRecorder recorder(stream.get());
        QVERIFY(recorder.waitForDeltas(3));
        stream->cancel();
        // At once: the end signal came from inside cancel().
        QCOMPARE(recorder.outcome(), u"interrupted"_s);
        QCOMPARE(recorder.error().kind, GatewayError::Kind::Cancelled);
        const QString kept = recorder.content();
        QVERIFY(!kept.isEmpty());
        QTest::qWait(300); // the server goes on sending every 50 ms: none of it may arrive
        QCOMPARE(recorder.content(), kept);
        QCOMPARE(stream->content(), kept);
        QCOMPARE(recorder.endSignals(), 1);
        stream->cancel(); // a second cancel changes nothing
        QCOMPARE(recorder.endSignals(), 1);
    }

    void cancelBeforeTheAnswerStarts()
    {
        GatewayRig rig(m_stack);
        std::unique_ptr<gateway::ChatStream> stream(rig.client->chat(rig.request(u"scripted-stall-first-byte"_s)));
        ChatRecorder recorder(stream.get());
        QTest::qWait(200);
        stream->cancel();
        QCOMPARE(recorder.outcome(), u"failed"_s);
        QCOMPARE(recorder.error().kind, GatewayError::Kind::Cancelled);
    }

    void noAuthenticationThroughTheOpenRoute()
    {
        gateway::NoAuthentication none;
        GatewayRig rig(
            m_stack, GatewayRig::networkSettings(m_stack), none, QUrl(m_stack.gatewayUrl().toString() + u"/open"_s));
        std::unique_ptr<gateway::ChatStream> stream(rig.client->chat(rig.request(u"scripted-echo"_s)));
        ChatRecorder recorder(stream.get());
        QVERIFY(recorder.waitForEnd());
        QCOMPARE(recorder.outcome(), u"finished"_s);
        QCOMPARE(lastUpstreamRequest().value(u"headers"_s).toObject().contains(u"authorization"_s), false);
    }
};

QTEST_GUILESS_MAIN(tst_GatewayStreaming)
#include "tst_GatewayStreaming.moc"

// The one network setup under the gateway client, against the real nginx gateway: TLS
// trust, key pinning, proxy, redirects, the outbound allow-list and timeouts.
#include "ChatRecorder.h"
#include "GatewayRig.h"
#include "LocalStack.h"
#include "gateway/ChatStream.h"
#include "markdown/StreamingMarkdown.h"

#include <QProcess>
#include <QSslSocket>
#include <QTcpServer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace streamcanvas;
using gateway::GatewayError;
using testsupport::ChatRecorder;
using testsupport::GatewayRig;

class tst_GatewayNetwork : public QObject
{
    Q_OBJECT

private:
    testsupport::LocalStack m_stack;

    std::unique_ptr<ChatRecorder> chat(
        GatewayRig &rig, const QString &model, const QString &prompt = u"hello"_s, int timeoutMs = 30'000)
    {
        gateway::ChatStream *stream = rig.client->chat(rig.request(model, prompt), this);
        auto recorder = std::make_unique<ChatRecorder>(stream);
        connect(recorder.get(), &QObject::destroyed, stream, &QObject::deleteLater);
        if (!recorder->waitForEnd(timeoutMs))
            qWarning("the stream did not end");
        return recorder;
    }

    // The base64 SHA-256 of the gateway certificate's SubjectPublicKeyInfo, computed by the
    // openssl tool from the certificate the gateway presents.
    QByteArray gatewayPin()
    {
        QSslSocket socket;
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.addCaCertificates(QSslCertificate::fromData(m_stack.caCertificatesPem()));
        socket.setSslConfiguration(configuration);
        socket.connectToHostEncrypted(m_stack.gatewayUrl().host(), quint16(m_stack.gatewayUrl().port()));
        if (!socket.waitForEncrypted(10'000))
            return {};
        const QByteArray pem = socket.peerCertificate().toPem();
        QProcess shell;
        shell.start(u"sh"_s,
            {u"-c"_s,
                u"openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary "
                "| base64"_s});
        shell.write(pem);
        shell.closeWriteChannel();
        shell.waitForFinished(10'000);
        return shell.readAllStandardOutput().trimmed();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_stack.start(&error), qPrintable(error));
    }

    void cleanup() { QCOMPARE(m_stack.canaryRequests().size(), 0); }

    void untrustedCertificateIsNeverAccepted()
    {
        net::NetworkSettings settings = GatewayRig::networkSettings(m_stack);
        settings.allowedOrigins = {m_stack.untrustedGatewayUrl()};
        GatewayRig rig(m_stack, settings, m_stack.untrustedGatewayUrl());
        auto recorder = chat(rig, u"scripted-echo"_s);
        QCOMPARE(recorder->outcome(), u"failed"_s);
        QCOMPARE(recorder->error().kind, GatewayError::Kind::Tls);
        QCOMPARE(recorder->retries(), 0);
    }

    void withoutTheCompanyCaTheGatewayIsUntrusted()
    {
        net::NetworkSettings settings = GatewayRig::networkSettings(m_stack);
        settings.extraCaCertificatesPem.clear();
        GatewayRig rig(m_stack, settings);
        auto recorder = chat(rig, u"scripted-echo"_s);
        QCOMPARE(recorder->error().kind, GatewayError::Kind::Tls);
    }

    void pinnedKeyMatches()
    {
        const QByteArray pin = gatewayPin();
        QCOMPARE(QByteArray::fromBase64(pin).size(), 32);
        net::NetworkSettings settings = GatewayRig::networkSettings(m_stack);
        settings.pinnedPublicKeys.insert(m_stack.gatewayUrl().host(), {QByteArray(32, '\x02').toBase64(), pin});
        GatewayRig rig(m_stack, settings);
        auto recorder = chat(rig, u"scripted-echo"_s);
        QCOMPARE(recorder->outcome(), u"finished"_s);
    }

    void pinnedKeyMismatchStopsBeforeAnyData()
    {
        net::NetworkSettings settings = GatewayRig::networkSettings(m_stack);
        settings.pinnedPublicKeys.insert(m_stack.gatewayUrl().host(), {QByteArray(32, '\x01').toBase64()});
        GatewayRig rig(m_stack, settings);
        const qsizetype before = m_stack.upstreamRequests().size();
        auto recorder = chat(rig, u"scripted-echo"_s, u"pinned wrong"_s);
        QCOMPARE(recorder->outcome(), u"failed"_s);
        QCOMPARE(recorder->error().kind, GatewayError::Kind::Tls);
        QCOMPARE(m_stack.upstreamRequests().size(), before);
    }

    void throughAnAuthenticatingProxy()
    {
        net::NetworkSettings settings = GatewayRig::networkSettings(m_stack);
        settings.proxy = {net::ProxyMode::Fixed, m_stack.proxyUrl(), m_stack.proxyUser(), m_stack.proxyPassword()};
        GatewayRig rig(m_stack, settings);
        auto recorder = chat(rig, u"scripted-echo"_s, u"via proxy"_s);
        QCOMPARE(recorder->outcome(), u"finished"_s);
        QVERIFY(!m_stack.proxyRequests().isEmpty());
    }

    void wrongProxyPasswordFailsClearly()
    {
        net::NetworkSettings settings = GatewayRig::networkSettings(m_stack);
        settings.proxy = {net::ProxyMode::Fixed, m_stack.proxyUrl(), m_stack.proxyUser(), u"wrong"_s};
        GatewayRig rig(m_stack, settings);
        auto recorder = chat(rig, u"scripted-echo"_s, u"bad proxy password"_s);
        QCOMPARE(recorder->outcome(), u"failed"_s);
        QCOMPARE(recorder->error().kind, GatewayError::Kind::Network);
        QVERIFY2(recorder->error().message.contains(u"proxy"_s), qPrintable(recorder->error().message));
        QVERIFY(!recorder->error().message.contains(u"wrong"_s));
    }

    void sameOriginRedirectIsFollowed()
    {
        GatewayRig rig(
            m_stack, GatewayRig::networkSettings(m_stack), QUrl(m_stack.gatewayUrl().toString() + u"/redirect-same"_s));
        auto recorder = chat(rig, u"scripted-echo"_s, u"redirected"_s);
        QCOMPARE(recorder->outcome(), u"finished"_s);
        QVERIFY(recorder->content().startsWith(u"You said: redirected"_s));
    }

    void redirectToAnotherOriginIsRefused_data()
    {
        QTest::addColumn<QString>("route");
        QTest::newRow("another host") << u"/redirect-cross"_s;
        QTest::newRow("https to http") << u"/redirect-https-to-http"_s;
    }

    void redirectToAnotherOriginIsRefused()
    {
        QFETCH(QString, route);
        GatewayRig rig(m_stack, GatewayRig::networkSettings(m_stack), QUrl(m_stack.gatewayUrl().toString() + route));
        const qsizetype before = m_stack.upstreamRequests().size();
        auto recorder = chat(rig, u"scripted-echo"_s, u"cross"_s);
        QCOMPARE(recorder->outcome(), u"failed"_s);
        QCOMPARE(recorder->error().kind, GatewayError::Kind::NotAllowed);
        // Neither the canary (checked in cleanup) nor the plain-http upstream was contacted.
        QCOMPARE(m_stack.upstreamRequests().size(), before);
    }

    void hostsOutsideTheAllowListAreNeverContacted()
    {
        // A client pointed at the canary, which is not in the allow-list.
        GatewayRig rig(m_stack, GatewayRig::networkSettings(m_stack), m_stack.canaryUrl());
        auto recorder = chat(rig, u"scripted-echo"_s);
        QCOMPARE(recorder->outcome(), u"failed"_s);
        QCOMPARE(recorder->error().kind, GatewayError::Kind::NotAllowed);
        QVERIFY(!recorder->error().message.contains(QString::number(m_stack.canaryUrl().port())));
    }

    void modelOutputNeverFetchesAnything()
    {
        // An answer full of things that would fetch in a browser: remote images, links,
        // autolinks to the canary. Streaming and rendering it contacts nobody.
        const QString canary = m_stack.canaryUrl().toString();
        const QString prompt = u"![exfil](%1/img.png?d=secret) [x](%1/a) <%1/b> %1/c <img src=\"%1/d\">"_s.arg(canary);
        GatewayRig rig(m_stack);
        auto recorder = chat(rig, u"scripted-echo"_s, prompt);
        QCOMPARE(recorder->outcome(), u"finished"_s);
        const markdown::Document document = markdown::StreamingMarkdown::parse(recorder->content().toUtf8());
        QVERIFY(!document.blocks.empty());
        QTest::qWait(200);
    }

    void connectionRefusedIsRetriedThenReported()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close(); // nothing listens there now
        QUrl closed = m_stack.gatewayUrl();
        closed.setPort(port);
        net::NetworkSettings settings = GatewayRig::networkSettings(m_stack);
        settings.allowedOrigins.append(closed);
        GatewayRig rig(m_stack, settings, closed);
        auto recorder = chat(rig, u"scripted-echo"_s);
        QCOMPARE(recorder->outcome(), u"failed"_s);
        QCOMPARE(recorder->error().kind, GatewayError::Kind::Network);
        QCOMPARE(recorder->retries(), 2);
    }

    void silenceMidAnswerIsAnInterruption()
    {
        net::NetworkSettings settings = GatewayRig::networkSettings(m_stack);
        settings.timeouts.idle = 1s;
        GatewayRig rig(m_stack, settings);
        auto recorder = chat(rig, u"scripted-stall"_s);
        QCOMPARE(recorder->outcome(), u"interrupted"_s);
        QCOMPARE(recorder->error().kind, GatewayError::Kind::Timeout);
        QVERIFY(!recorder->content().isEmpty());
    }

    void noFirstByteIsATimeoutNotRetried()
    {
        net::NetworkSettings settings = GatewayRig::networkSettings(m_stack);
        settings.timeouts.firstByte = 1s;
        GatewayRig rig(m_stack, settings);
        auto recorder = chat(rig, u"scripted-stall-first-byte"_s);
        QCOMPARE(recorder->outcome(), u"failed"_s);
        QCOMPARE(recorder->error().kind, GatewayError::Kind::Timeout);
        QCOMPARE(recorder->retries(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_GatewayNetwork)
#include "tst_GatewayNetwork.moc"

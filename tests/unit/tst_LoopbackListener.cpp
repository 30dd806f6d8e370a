#include "auth/LoopbackListener.h"

#include <QNetworkInterface>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using streamcanvas::auth::LoopbackListener;

namespace {

// Sends one raw HTTP request and returns the raw answer.
QByteArray request(const QHostAddress &address, quint16 port, const QByteArray &raw)
{
    QTcpSocket socket;
    socket.connectToHost(address, port);
    if (!socket.waitForConnected(3000))
        return "no connection";
    socket.write(raw);
    QByteArray answer;
    [[maybe_unused]] const bool done = QTest::qWaitFor(
        [&] {
            answer += socket.readAll();
            return socket.state() == QAbstractSocket::UnconnectedState || answer.contains("\r\n\r\n");
        },
        3000);
    // Let the server finish sending the body.
    QTest::qWait(20);
    answer += socket.readAll();
    return answer;
}

QByteArray get(quint16 port, const QByteArray &target)
{
    return request(QHostAddress::LocalHost, port, "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
}

} // namespace

class tst_LoopbackListener : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void bindsLoopbackOnlyOnAnEphemeralPort()
    {
        LoopbackListener listener;
        QString error;
        QVERIFY2(listener.listen(10s, &error), qPrintable(error));
        const QUrl uri = listener.redirectUri();
        QCOMPARE(uri.scheme(), u"http"_s);
        QCOMPARE(uri.host(), u"127.0.0.1"_s);
        QCOMPARE(uri.path(), u"/callback"_s);
        QVERIFY(uri.port() > 1024);
        // Not reachable on any other address of this machine.
        for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
            if (address.isLoopback() || address.protocol() != QAbstractSocket::IPv4Protocol)
                continue;
            QTcpSocket socket;
            socket.connectToHost(address, quint16(uri.port()));
            QVERIFY2(!socket.waitForConnected(1000), qPrintable(address.toString()));
        }
    }

    void twoListenersGetTwoPorts()
    {
        LoopbackListener a;
        LoopbackListener b;
        QString error;
        QVERIFY(a.listen(10s, &error));
        QVERIFY(b.listen(10s, &error));
        QVERIFY(a.redirectUri().port() != b.redirectUri().port());
    }

    void oneCallbackThenTheDonePageThenClosed()
    {
        LoopbackListener listener;
        QString error;
        QVERIFY(listener.listen(10s, &error));
        const auto port = quint16(listener.redirectUri().port());
        QSignalSpy callbacks(&listener, &LoopbackListener::callbackReceived);

        const QByteArray answer = get(port, "/callback?code=abc&state=xyz&iss=https%3A%2F%2Fidp");
        QVERIFY2(answer.startsWith("HTTP/1.1 302"), answer.constData());
        QVERIFY(answer.contains("Location: /done\r\n"));
        QVERIFY(!answer.contains("abc")); // the code is not echoed
        QCOMPARE(callbacks.size(), 1);
        const auto query = callbacks.first().first().value<QUrlQuery>();
        QCOMPARE(query.queryItemValue(u"code"_s), u"abc"_s);
        QCOMPARE(query.queryItemValue(u"state"_s), u"xyz"_s);
        QCOMPARE(query.queryItemValue(u"iss"_s, QUrl::FullyDecoded), u"https://idp"_s);

        // A second callback is not accepted.
        QVERIFY(get(port, "/callback?code=evil&state=xyz").startsWith("HTTP/1.1 404"));
        QCOMPARE(callbacks.size(), 1);

        const QByteArray page = get(port, "/done");
        QVERIFY2(page.startsWith("HTTP/1.1 200"), page.constData());
        QVERIFY(page.contains("close this tab"));
        QVERIFY(QTest::qWaitFor([&] { return !listener.isListening(); }, 2000));
        QCOMPARE(get(port, "/done"), QByteArray("no connection"));
    }

    void otherPathsAreIgnored_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QByteArray>("status");
        QTest::newRow("root") << QByteArray("GET / HTTP/1.1\r\n\r\n") << QByteArray("404");
        QTest::newRow("prefix") << QByteArray("GET /callbackx?code=1 HTTP/1.1\r\n\r\n") << QByteArray("404");
        QTest::newRow("sub path") << QByteArray("GET /callback/x?code=1 HTTP/1.1\r\n\r\n") << QByteArray("404");
        QTest::newRow("favicon") << QByteArray("GET /favicon.ico HTTP/1.1\r\n\r\n") << QByteArray("404");
        QTest::newRow("done before callback") << QByteArray("GET /done HTTP/1.1\r\n\r\n") << QByteArray("404");
        QTest::newRow("POST") << QByteArray("POST /callback?code=1 HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
                              << QByteArray("405");
        QTest::newRow("garbage") << QByteArray("HELLO\r\n\r\n") << QByteArray("400");
        QTest::newRow("huge") << QByteArray("GET /callback?" + QByteArray(20000, 'a')) << QByteArray("431");
    }

    void otherPathsAreIgnored()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QByteArray, status);
        LoopbackListener listener;
        QString error;
        QVERIFY(listener.listen(10s, &error));
        QSignalSpy callbacks(&listener, &LoopbackListener::callbackReceived);
        const QByteArray answer = request(QHostAddress::LocalHost, quint16(listener.redirectUri().port()), raw);
        QVERIFY2(answer.startsWith(QByteArray(QByteArray("HTTP/1.1 ") + status)), answer.constData());
        QCOMPARE(callbacks.size(), 0);
        // Still waiting for the real callback.
        QVERIFY(listener.isListening());
        QVERIFY(get(quint16(listener.redirectUri().port()), "/callback?code=1&state=2").startsWith("HTTP/1.1 302"));
        QCOMPARE(callbacks.size(), 1);
    }

    void timesOut()
    {
        LoopbackListener listener;
        QString error;
        QVERIFY(listener.listen(200ms, &error));
        const auto port = quint16(listener.redirectUri().port());
        QSignalSpy timedOut(&listener, &LoopbackListener::timedOut);
        QVERIFY(timedOut.wait(3000));
        QVERIFY(!listener.isListening());
        QCOMPARE(get(port, "/callback?code=1"), QByteArray("no connection"));
    }

    void closeStopsListening()
    {
        LoopbackListener listener;
        QString error;
        QVERIFY(listener.listen(10s, &error));
        const auto port = quint16(listener.redirectUri().port());
        listener.close();
        QCOMPARE(get(port, "/callback?code=1"), QByteArray("no connection"));
    }

    void donePageIsEscaped()
    {
        LoopbackListener listener;
        listener.setDonePage(u"<b>Signed in</b>"_s, u"<script>x</script>"_s);
        QString error;
        QVERIFY(listener.listen(10s, &error));
        const auto port = quint16(listener.redirectUri().port());
        QVERIFY(get(port, "/callback?code=1&state=2").startsWith("HTTP/1.1 302"));
        const QByteArray page = get(port, "/done");
        QVERIFY(!page.contains("<script>"));
        QVERIFY(page.contains("&lt;script&gt;"));
    }
};

QTEST_GUILESS_MAIN(tst_LoopbackListener)
#include "tst_LoopbackListener.moc"

// How much the gateway client adds to the first token's latency.
//
// A local HTTP server (its own thread, loopback, no TLS) answers every chat request at
// once with an event stream whose first event carries the first token. Measured in this
// run, alternately: (a) the raw way — a QTcpSocket connects, sends the request and reads
// until the first complete event; (b) the product's way — GatewayClient::chat() through
// the NetworkAccessManager (allow-list, timeouts) until ChatStream emits the first content
// delta. Both open a fresh connection each time. Goal: (b) adds under 1 ms.

#include "BenchTiming.h"
#include "gateway/ChatStream.h"
#include "gateway/GatewayClient.h"
#include "gateway/NoAuthentication.h"
#include "net/NetworkAccessManager.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <cstdio>
#include <vector>

using namespace Qt::StringLiterals;
using namespace streamcanvas;
using namespace streamcanvas::bench;

namespace {

constexpr int kRounds = 300;
constexpr int kWarmup = 20;

void print(const QString &line)
{
    std::fputs((line + u'\n').toUtf8().constData(), stdout);
    std::fflush(stdout);
}

QByteArray chunk(const QByteArray &payload)
{
    return QByteArray::number(payload.size(), 16) + "\r\n" + payload + "\r\n";
}

// Answers each request as soon as its headers and body are in: the first event at once,
// the rest and [DONE] right after.
class StreamingServer : public QTcpServer
{
public:
    StreamingServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
                connect(socket, &QTcpSocket::readyRead, socket, [socket] { answerWhenComplete(socket); });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }

private:
    static void answerWhenComplete(QTcpSocket *socket)
    {
        QByteArray buffer = socket->property("buffer").toByteArray() + socket->readAll();
        socket->setProperty("buffer", buffer);
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        qsizetype length = 0;
        for (const QByteArray &line : buffer.left(headerEnd).split('\n')) {
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        }
        if (buffer.size() < headerEnd + 4 + length || socket->property("answered").toBool())
            return;
        socket->setProperty("answered", true);
        const QByteArray event
            = R"(data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hello"}}]})"
              "\n\n";
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                      "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            + chunk(event));
        socket->flush();
        socket->write(chunk(R"(data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})"
                            "\n\ndata: [DONE]\n\n")
            + "0\r\n\r\n");
        socket->disconnectFromHost();
    }
};

double rawFirstEvent(quint16 port, const QByteArray &request)
{
    QTcpSocket socket;
    QEventLoop loop;
    QByteArray received;
    QElapsedTimer timer;
    double seconds = -1;
    QObject::connect(&socket, &QTcpSocket::connected, &loop, [&] {
        socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
        socket.write(request);
    });
    QObject::connect(&socket, &QTcpSocket::readyRead, &loop, [&] {
        received += socket.readAll();
        // The first complete event: a "data:" line ended by a blank line.
        const qsizetype data = received.indexOf("data:");
        if (data >= 0 && received.indexOf("\n\n", data) >= 0 && seconds < 0) {
            seconds = double(timer.nsecsElapsed()) / 1e9;
            loop.quit();
        }
    });
    QTimer::singleShot(5000, &loop, &QEventLoop::quit);
    timer.start();
    socket.connectToHost(QHostAddress::LocalHost, port);
    loop.exec();
    socket.abort();
    return seconds;
}

double clientFirstDelta(gateway::GatewayClient &client)
{
    QEventLoop loop;
    QElapsedTimer timer;
    double seconds = -1;
    timer.start();
    std::unique_ptr<gateway::ChatStream> stream(client.chat({u"bench"_s, {{u"user"_s, u"hi"_s}}}));
    QObject::connect(stream.get(), &gateway::ChatStream::contentDelta, &loop, [&] {
        if (seconds < 0)
            seconds = double(timer.nsecsElapsed()) / 1e9;
        loop.quit();
    });
    QObject::connect(stream.get(), &gateway::ChatStream::failed, &loop, [&](const gateway::GatewayError &error) {
        print(u"failed: "_s + error.message);
        loop.quit();
    });
    QTimer::singleShot(5000, &loop, &QEventLoop::quit);
    loop.exec();
    return seconds;
}

double percentile(std::vector<double> values, double p)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[std::min(values.size() - 1, std::size_t(double(values.size()) * p))];
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);

    QThread serverThread;
    StreamingServer server;
    if (!server.listen(QHostAddress::LocalHost)) {
        print(u"cannot listen"_s);
        return 1;
    }
    const quint16 port = server.serverPort();
    server.moveToThread(&serverThread);
    serverThread.start();

    const QUrl base(u"http://127.0.0.1:%1"_s.arg(port));
    net::NetworkSettings settings;
    settings.allowedOrigins = {base};
    settings.proxy.mode = net::ProxyMode::None;
    net::NetworkAccessManager network(settings);
    gateway::NoAuthentication none;
    gateway::GatewayClient client(network, base, none);

    const QByteArray body = gateway::GatewayClient::chatBody({u"bench"_s, {{u"user"_s, u"hi"_s}}});
    const QByteArray request = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port)
        + "\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;

    std::vector<double> raw;
    std::vector<double> product;
    for (int i = 0; i < kWarmup + kRounds; ++i) {
        const double a = rawFirstEvent(port, request);
        const double b = clientFirstDelta(client);
        if (a < 0 || b < 0) {
            print(u"a request failed; no figures"_s);
            return 1;
        }
        if (i >= kWarmup) {
            raw.push_back(a);
            product.push_back(b);
        }
    }
    serverThread.quit();
    serverThread.wait();

    const double rawMedian = median(raw);
    const double productMedian = median(product);
    const double added = productMedian - rawMedian;
    print(u"first token over loopback, %1 rounds each, fresh connection each time"_s.arg(kRounds));
    print(u"  raw socket, read until the first event   median %1   p90 %2"_s.arg(
        formatSeconds(rawMedian), formatSeconds(percentile(raw, 0.9))));
    print(u"  GatewayClient until the first delta      median %1   p90 %2"_s.arg(
        formatSeconds(productMedian), formatSeconds(percentile(product, 0.9))));
    print(u"  added by the client: %1 (ratio %2)   goal: under 1 ms   %3"_s.arg(formatSeconds(std::max(added, 0.0)),
        formatRatio(productMedian / rawMedian), added < 1e-3 ? u"PASS"_s : u"MISS"_s));
    return 0;
}

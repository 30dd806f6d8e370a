#include "LocalStack.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslError>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <QUuid>

#include <memory>

using namespace Qt::StringLiterals;
using streamcanvas::testsupport::LocalStack;

namespace {

using Reply = std::unique_ptr<QNetworkReply>;

// Runs the event loop until the reply finished (true) or the time is up (false).
bool finish(QNetworkReply *reply, int timeoutMs = 20'000)
{
    if (reply->isFinished())
        return true;
    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    timer.start(timeoutMs);
    loop.exec();
    return reply->isFinished();
}

// Reads what arrives into *buffer until done(*buffer) or the time is up.
template <typename Done>
bool readUntil(QIODevice *device, QByteArray *buffer, Done done, int timeoutMs = 10'000)
{
    const QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        *buffer += device->readAll();
        if (done(*buffer))
            return true;
        if (deadline.hasExpired())
            return false;
        QTest::qWait(10);
    }
}

int statusOf(QNetworkReply *reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

// The data of each event of a stream with "\n" line ends (what a plain scenario sends).
QList<QByteArray> eventData(const QByteArray &body)
{
    QList<QByteArray> data;
    const QList<QByteArray> lines = body.split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("data: "))
            data.append(line.mid(6));
    }
    return data;
}

QJsonObject parseObject(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

QByteArray chatBody(const QString &model, const QString &userText, bool includeUsage = false)
{
    QJsonObject body{
        {u"model"_s, model},
        {u"stream"_s, true},
        {u"messages"_s,
            QJsonArray{QJsonObject{{u"role"_s, u"system"_s}, {u"content"_s, u"Be brief"_s}},
                QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, userText}}}},
    };
    if (includeUsage)
        body.insert(u"stream_options"_s, QJsonObject{{u"include_usage"_s, true}});
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

// The content of every chunk, joined.
QString joinedContent(const QList<QByteArray> &data)
{
    QString content;
    for (const QByteArray &json : data) {
        const QJsonArray choices = parseObject(json).value(u"choices"_s).toArray();
        for (const QJsonValue &choice : choices)
            content += choice[u"delta"_s][u"content"_s].toString();
    }
    return content;
}

} // namespace

class tst_LocalStack : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void modelsAreListedOverVerifiedTls();
    void missingOrWrongKeyIsRefusedByNginx_data();
    void missingOrWrongKeyIsRefusedByNginx();
    void echoStreamsUntilDone_data();
    void echoStreamsUntilDone();
    void eventsAreNotBufferedOnTheWay();
    void lineEndsAreAsScripted();
    void bigAnswerDeliversTenMegabytes();
    void scriptedStatusesCarryRetryAfter_data();
    void scriptedStatusesCarryRetryAfter();
    void burstOnLimitedRouteGetsNginx429();
    void untrustedListenerFailsVerification();
    void redirectsPointWhereDocumented_data();
    void redirectsPointWhereDocumented();
    void bytewiseArrivesInManyPieces();
    void proxyDemandsCredentials();
    void proxyTunnelsAndForwardsWithCredentials();
    void canaryLogsWhatReachesIt();
    void upstreamLogKeepsBodiesButNeverTheKey();
    void stopLeavesNothingBehind();

private:
    QNetworkRequest request(const QString &path, bool withKey = true) const;
    QNetworkRequest requestTo(const QUrl &url) const;
    Reply postChat(const QString &model, const QString &userText, bool includeUsage = false);

    LocalStack m_stack;
    QNetworkAccessManager m_network;
};

void tst_LocalStack::initTestCase()
{
    QString error;
    QVERIFY2(m_stack.start(&error), qPrintable(error));
    QVERIFY(m_stack.isRunning());
}

void tst_LocalStack::cleanupTestCase()
{
    m_stack.stop();
}

QNetworkRequest tst_LocalStack::requestTo(const QUrl &url) const
{
    QNetworkRequest request(url);
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates(QSslCertificate::fromData(m_stack.caCertificatesPem(), QSsl::Pem));
    request.setSslConfiguration(tls);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    return request;
}

QNetworkRequest tst_LocalStack::request(const QString &path, bool withKey) const
{
    QUrl url = m_stack.gatewayUrl();
    url.setPath(path);
    QNetworkRequest request = requestTo(url);
    if (withKey)
        request.setRawHeader("Authorization", "Bearer " + m_stack.apiKey().toUtf8());
    return request;
}

Reply tst_LocalStack::postChat(const QString &model, const QString &userText, bool includeUsage)
{
    QNetworkRequest request = this->request(u"/v1/chat/completions"_s);
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    request.setRawHeader("Accept", "text/event-stream");
    return Reply(m_network.post(request, chatBody(model, userText, includeUsage)));
}

void tst_LocalStack::modelsAreListedOverVerifiedTls()
{
    Reply reply(m_network.get(request(u"/v1/models"_s)));
    QVERIFY(finish(reply.get()));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(statusOf(reply.get()), 200);
    const QSslCertificate peer = reply->sslConfiguration().peerCertificate();
    QCOMPARE(peer.issuerInfo(QSslCertificate::CommonName), QStringList{u"StreamCanvas Test CA"_s});

    const QJsonObject list = parseObject(reply->readAll());
    QCOMPARE(list[u"object"_s].toString(), u"list"_s);
    QStringList ids;
    const QJsonArray data = list[u"data"_s].toArray();
    for (const QJsonValue &model : data) {
        QCOMPARE(model[u"object"_s].toString(), u"model"_s);
        QCOMPARE(model[u"owned_by"_s].toString(), u"streamcanvas-test"_s);
        ids.append(model[u"id"_s].toString());
    }
    for (const QString &expected :
        {u"scripted-echo"_s, u"scripted-long"_s, u"scripted-slow"_s, u"scripted-reasoning"_s, u"scripted-stall"_s,
            u"scripted-stall-first-byte"_s, u"scripted-drop"_s, u"scripted-no-done"_s, u"scripted-error-object"_s,
            u"scripted-error-event"_s, u"scripted-status-400"_s, u"scripted-status-500"_s, u"scripted-status-504"_s,
            u"scripted-status-html-502"_s, u"scripted-fail-503-then-ok-2"_s, u"scripted-big"_s, u"scripted-cr"_s,
            u"scripted-crlf"_s, u"scripted-bytewise"_s, u"scripted-bom-comments"_s, u"scripted-utf8-split"_s}) {
        QVERIFY2(ids.contains(expected), qPrintable(expected));
    }
}

void tst_LocalStack::missingOrWrongKeyIsRefusedByNginx_data()
{
    // What goes before and after the right key ("" for no header at all).
    QTest::addColumn<QByteArray>("before");
    QTest::addColumn<QByteArray>("after");
    QTest::addColumn<bool>("withKey");
    QTest::newRow("no header") << QByteArray() << QByteArray() << false;
    QTest::newRow("wrong key") << "Bearer sk-test-wrong"_ba << QByteArray() << false;
    QTest::newRow("lower-case scheme") << "bearer "_ba << QByteArray() << true;
    QTest::newRow("key with a suffix") << "Bearer "_ba
                                       << "x"_ba << true;
    QTest::newRow("two spaces") << "Bearer  "_ba << QByteArray() << true;
    QTest::newRow("basic") << "Basic c3RyZWFtY2FudmFzOnNlY3JldA=="_ba << QByteArray() << false;
}

void tst_LocalStack::missingOrWrongKeyIsRefusedByNginx()
{
    QFETCH(QByteArray, before);
    QFETCH(QByteArray, after);
    QFETCH(bool, withKey);
    const QByteArray authorization = before + (withKey ? m_stack.apiKey().toUtf8() : QByteArray()) + after;

    const qsizetype upstreamBefore = m_stack.upstreamRequests().size();
    QNetworkRequest request = this->request(u"/v1/models"_s, false);
    if (!authorization.isEmpty())
        request.setRawHeader("Authorization", authorization);
    Reply reply(m_network.get(request));
    QVERIFY(finish(reply.get()));
    QCOMPARE(statusOf(reply.get()), 401);
    QCOMPARE(reply->rawHeader("WWW-Authenticate"), "Bearer"_ba);
    QCOMPARE(reply->header(QNetworkRequest::ContentTypeHeader).toString(), u"application/json"_s);
    const QJsonObject error = parseObject(reply->readAll())[u"error"_s].toObject();
    QCOMPARE(error[u"code"_s].toString(), u"invalid_api_key"_s);
    QCOMPARE(error[u"type"_s].toString(), u"invalid_request_error"_s);
    QVERIFY(!error[u"message"_s].toString().isEmpty());
    QCOMPARE(m_stack.upstreamRequests().size(), upstreamBefore);
}

void tst_LocalStack::echoStreamsUntilDone_data()
{
    QTest::addColumn<bool>("includeUsage");
    QTest::newRow("with usage") << true;
    QTest::newRow("without usage") << false;
}

void tst_LocalStack::echoStreamsUntilDone()
{
    QFETCH(bool, includeUsage);
    Reply reply = postChat(u"scripted-echo"_s, u"Hello from Qt \u00e4 \U0001F642"_s, includeUsage);
    QVERIFY(finish(reply.get()));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(statusOf(reply.get()), 200);
    QCOMPARE(reply->header(QNetworkRequest::ContentTypeHeader).toString(), u"text/event-stream"_s);
    QCOMPARE(reply->rawHeader("Cache-Control"), "no-cache"_ba);

    const QList<QByteArray> data = eventData(reply->readAll());
    QVERIFY(data.size() > 4);
    QCOMPARE(data.last(), "[DONE]"_ba);
    const QList<QByteArray> chunks = data.first(data.size() - 1);

    const QJsonObject first = parseObject(chunks.first());
    const QString id = first[u"id"_s].toString();
    QVERIFY(id.startsWith(u"chatcmpl-"_s));
    QCOMPARE(first[u"choices"_s][0][u"delta"_s][u"role"_s].toString(), u"assistant"_s);
    for (const QByteArray &json : chunks) {
        const QJsonObject chunk = parseObject(json);
        QCOMPARE(chunk[u"object"_s].toString(), u"chat.completion.chunk"_s);
        QCOMPARE(chunk[u"id"_s].toString(), id);
        QCOMPARE(chunk[u"model"_s].toString(), u"scripted-echo"_s);
    }
    QCOMPARE(joinedContent(chunks), u"You said: Hello from Qt \u00e4 \U0001F642\n\nSystem: Be brief"_s);

    const QJsonObject usage = parseObject(chunks.last());
    const QJsonObject stop = parseObject(chunks.at(chunks.size() - (includeUsage ? 2 : 1)));
    QCOMPARE(stop[u"choices"_s][0][u"finish_reason"_s].toString(), u"stop"_s);
    if (includeUsage) {
        QVERIFY(usage[u"choices"_s].toArray().isEmpty());
        const QJsonObject counts = usage[u"usage"_s].toObject();
        QVERIFY(counts[u"completion_tokens"_s].toInt() > 0);
        QVERIFY(counts[u"prompt_tokens"_s].toInt() > 0);
        QCOMPARE(counts[u"total_tokens"_s].toInt(),
            counts[u"prompt_tokens"_s].toInt() + counts[u"completion_tokens"_s].toInt());
    } else {
        for (const QByteArray &json : chunks)
            QVERIFY(!parseObject(json).contains(u"usage"_s));
    }
}

void tst_LocalStack::eventsAreNotBufferedOnTheWay()
{
    // scripted-stall sends three tokens and then nothing: they must arrive although the answer
    // never ends, or something between the model and the client buffers.
    Reply reply = postChat(u"scripted-stall"_s, u"wait"_s);
    QByteArray body;
    QVERIFY(readUntil(reply.get(), &body,
        [](const QByteArray &read) { return joinedContent(eventData(read)) == u"Thinking about it"_s; }));
    QVERIFY(!reply->isFinished());
    reply->abort();
}

void tst_LocalStack::lineEndsAreAsScripted()
{
    Reply cr = postChat(u"scripted-cr"_s, u"carriage"_s);
    Reply crlf = postChat(u"scripted-crlf"_s, u"return"_s);
    QVERIFY(finish(cr.get()));
    QVERIFY(finish(crlf.get()));

    const QByteArray crBody = cr->readAll();
    QVERIFY(crBody.contains('\r'));
    QVERIFY(!crBody.contains('\n'));
    QVERIFY(crBody.endsWith("data: [DONE]\r\r"));

    const QByteArray crlfBody = crlf->readAll();
    QVERIFY(crlfBody.count("\r\n") > 4);
    QCOMPARE(crlfBody.count('\n'), crlfBody.count("\r\n"));
    QCOMPARE(crlfBody.count('\r'), crlfBody.count("\r\n"));
    QVERIFY(crlfBody.endsWith("data: [DONE]\r\n\r\n"));
}

void tst_LocalStack::bigAnswerDeliversTenMegabytes()
{
    Reply reply = postChat(u"scripted-big"_s, u"much"_s);
    QVERIFY(finish(reply.get(), 60'000));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    const QByteArray body = reply->readAll();
    QVERIFY(body.size() >= 10 * 1024 * 1024);
    const QList<QByteArray> data = eventData(body);
    QCOMPARE(data.last(), "[DONE]"_ba);
    QVERIFY(joinedContent(data).size() >= 10 * 1024 * 1024);
}

void tst_LocalStack::scriptedStatusesCarryRetryAfter_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::newRow("503") << 503 << "1"_ba;
    QTest::newRow("429") << 429 << "1"_ba;
    QTest::newRow("500") << 500 << QByteArray();
}

void tst_LocalStack::scriptedStatusesCarryRetryAfter()
{
    QFETCH(int, status);
    QFETCH(QByteArray, retryAfter);
    Reply reply = postChat(u"scripted-status-"_s + QString::number(status), u"status"_s);
    QVERIFY(finish(reply.get()));
    QCOMPARE(statusOf(reply.get()), status);
    QCOMPARE(reply->rawHeader("Retry-After"), retryAfter);
    QCOMPARE(reply->header(QNetworkRequest::ContentTypeHeader).toString(), u"application/json"_s);
    const QJsonObject error = parseObject(reply->readAll())[u"error"_s].toObject();
    QVERIFY(!error[u"message"_s].toString().isEmpty());
    QVERIFY(!error[u"type"_s].toString().isEmpty());
}

void tst_LocalStack::burstOnLimitedRouteGetsNginx429()
{
    const auto modelListings = [this] {
        int count = 0;
        const QList<QJsonObject> requests = m_stack.upstreamRequests();
        for (const QJsonObject &entry : requests)
            count += entry[u"path"_s].toString() == u"/v1/models"_s;
        return count;
    };
    const int listingsBefore = modelListings();

    std::vector<Reply> replies;
    for (int i = 0; i < 5; ++i)
        replies.emplace_back(m_network.get(request(u"/limited/v1/models"_s)));
    int passed = 0;
    int limited = 0;
    for (const Reply &reply : replies) {
        QVERIFY(finish(reply.get()));
        const int status = statusOf(reply.get());
        if (status == 200) {
            ++passed;
            continue;
        }
        QCOMPARE(status, 429);
        ++limited;
        QCOMPARE(reply->rawHeader("Retry-After"), "1"_ba);
        const QJsonObject error = parseObject(reply->readAll())[u"error"_s].toObject();
        QCOMPARE(error[u"code"_s].toString(), u"rate_limit_exceeded"_s);
    }
    QVERIFY(passed >= 1);
    QVERIFY2(limited >= 1, "a burst of 5 at 1 r/s with burst=1 must be limited");
    // The limited ones never reached the model server: nginx answered them itself.
    QCOMPARE(modelListings() - listingsBefore, passed);
    const auto nginxAnswered = [this] {
        return m_stack.nginxAccessLog().filter(u"\"GET /limited/v1/models\" 429 "_s).filter(u"upstream_status=-"_s);
    };
    QTRY_COMPARE(static_cast<int>(nginxAnswered().size()), limited);
}

void tst_LocalStack::untrustedListenerFailsVerification()
{
    QUrl url = m_stack.untrustedGatewayUrl();
    url.setPath(u"/open/v1/models"_s);
    Reply untrusted(m_network.get(requestTo(url)));
    QList<QSslError> errors;
    connect(untrusted.get(), &QNetworkReply::sslErrors, this,
        [&errors](const QList<QSslError> &reported) { errors += reported; });
    QVERIFY(finish(untrusted.get()));
    QCOMPARE(untrusted->error(), QNetworkReply::SslHandshakeFailedError);
    QVERIFY(!errors.isEmpty());
    QCOMPARE(errors.first().error(), QSslError::SelfSignedCertificate);

    // The same route on the trusted listener works with the CA, and only with it.
    QUrl trustedUrl = m_stack.gatewayUrl();
    trustedUrl.setPath(u"/open/v1/models"_s);
    Reply trusted(m_network.get(requestTo(trustedUrl)));
    QVERIFY(finish(trusted.get()));
    QCOMPARE(trusted->error(), QNetworkReply::NoError);
    QNetworkAccessManager fresh; // nothing cached from the verified connections
    Reply withoutCa(fresh.get(QNetworkRequest(trustedUrl)));
    QVERIFY(finish(withoutCa.get()));
    QCOMPARE(withoutCa->error(), QNetworkReply::SslHandshakeFailedError);
}

void tst_LocalStack::redirectsPointWhereDocumented_data()
{
    QTest::addColumn<QString>("route");
    QTest::addColumn<QString>("target");
    QTest::newRow("same origin") << u"/redirect-same"_s << u"gateway"_s;
    QTest::newRow("cross origin") << u"/redirect-cross"_s << u"canary"_s;
    QTest::newRow("https to http") << u"/redirect-https-to-http"_s << u"upstream"_s;
}

void tst_LocalStack::redirectsPointWhereDocumented()
{
    QFETCH(QString, route);
    QFETCH(QString, target);
    QUrl origin = m_stack.upstreamUrl();
    if (target == u"gateway"_s)
        origin = m_stack.gatewayUrl();
    else if (target == u"canary"_s)
        origin = m_stack.canaryUrl();
    const qsizetype canaryBefore = m_stack.canaryRequests().size();

    QNetworkRequest request = this->request(route + u"/v1/chat/completions"_s, false);
    QUrl url = request.url();
    url.setQuery(u"probe=1"_s);
    request.setUrl(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    Reply reply(m_network.post(request, chatBody(u"scripted-echo"_s, u"redirect me"_s)));
    QVERIFY(finish(reply.get()));
    QCOMPARE(statusOf(reply.get()), 307);
    QCOMPARE(QString::fromUtf8(reply->rawHeader("Location")), origin.toString() + u"/v1/chat/completions?probe=1"_s);
    QCOMPARE(m_stack.canaryRequests().size(), canaryBefore);
}

void tst_LocalStack::bytewiseArrivesInManyPieces()
{
    Reply reply = postChat(u"scripted-bytewise"_s, u"one byte at a time"_s);
    int pieces = 0;
    QByteArray body;
    connect(reply.get(), &QNetworkReply::readyRead, this, [&] {
        ++pieces;
        body += reply->readAll();
    });
    QVERIFY(finish(reply.get()));
    body += reply->readAll();
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(joinedContent(eventData(body)), u"You said: one byte at a time\n\nSystem: Be brief"_s);
    QVERIFY2(pieces >= 30, qPrintable(u"%1 bytes came in only %2 pieces"_s.arg(body.size()).arg(pieces)));
}

void tst_LocalStack::proxyDemandsCredentials()
{
    const QString target = u"127.0.0.1:%1"_s.arg(m_stack.gatewayUrl().port());
    QTcpSocket socket;
    socket.connectToHost(m_stack.proxyUrl().host(), static_cast<quint16>(m_stack.proxyUrl().port()));
    QVERIFY(socket.waitForConnected(5'000));
    socket.write("CONNECT " + target.toUtf8() + " HTTP/1.1\r\nHost: " + target.toUtf8() + "\r\n\r\n");
    QByteArray answer;
    QVERIFY(readUntil(&socket, &answer, [](const QByteArray &read) { return read.contains("\r\n\r\n"); }));
    QVERIFY2(answer.startsWith("HTTP/1.1 407 "), answer.constData());
    QVERIFY(answer.contains("\r\nProxy-Authenticate: Basic realm=\"streamcanvas-test\"\r\n"));

    const QJsonObject logged = m_stack.proxyRequests().last();
    QCOMPARE(logged[u"kind"_s].toString(), u"connect"_s);
    QCOMPARE(logged[u"target"_s].toString(), target);
    QCOMPARE(logged[u"authOk"_s].toBool(), false);
    QCOMPARE(logged[u"status"_s].toInt(), 407);
}

void tst_LocalStack::proxyTunnelsAndForwardsWithCredentials()
{
    QNetworkAccessManager proxied;
    proxied.setProxy(QNetworkProxy(QNetworkProxy::HttpProxy, m_stack.proxyUrl().host(),
        static_cast<quint16>(m_stack.proxyUrl().port()), m_stack.proxyUser(), m_stack.proxyPassword()));

    Reply tunneled(proxied.get(request(u"/v1/models"_s)));
    QVERIFY(finish(tunneled.get()));
    QCOMPARE(tunneled->error(), QNetworkReply::NoError);
    QCOMPARE(parseObject(tunneled->readAll())[u"object"_s].toString(), u"list"_s);

    QUrl plainUrl = m_stack.upstreamUrl();
    plainUrl.setPath(u"/v1/models"_s);
    Reply plain(proxied.get(QNetworkRequest(plainUrl)));
    QVERIFY(finish(plain.get()));
    QCOMPARE(plain->error(), QNetworkReply::NoError);
    QCOMPARE(statusOf(plain.get()), 200);

    const QString tunnelTarget = u"127.0.0.1:%1"_s.arg(m_stack.gatewayUrl().port());
    bool tunnelLogged = false;
    bool plainLogged = false;
    const QList<QJsonObject> requests = m_stack.proxyRequests();
    for (const QJsonObject &entry : requests) {
        if (!entry[u"authOk"_s].toBool() || entry[u"status"_s].toInt() != 200)
            continue;
        tunnelLogged |= entry[u"kind"_s].toString() == u"connect"_s && entry[u"target"_s].toString() == tunnelTarget;
        plainLogged
            |= entry[u"kind"_s].toString() == u"request"_s && entry[u"target"_s].toString() == plainUrl.toString();
    }
    QVERIFY(tunnelLogged);
    QVERIFY(plainLogged);
}

void tst_LocalStack::canaryLogsWhatReachesIt()
{
    QUrl url = m_stack.canaryUrl();
    url.setPath(u"/v1/models"_s);
    url.setQuery(u"from=test"_s);
    QNetworkRequest request(url);
    request.setRawHeader("X-StreamCanvas-Probe", "canary");
    Reply reply(m_network.get(request));
    QVERIFY(finish(reply.get()));
    QCOMPARE(statusOf(reply.get()), 200);

    const QJsonObject logged = m_stack.canaryRequests().last();
    QCOMPARE(logged[u"method"_s].toString(), u"GET"_s);
    QCOMPARE(logged[u"url"_s].toString(), u"/v1/models?from=test"_s);
    QCOMPARE(logged[u"headers"_s][u"x-streamcanvas-probe"_s].toString(), u"canary"_s);
}

void tst_LocalStack::upstreamLogKeepsBodiesButNeverTheKey()
{
    const QString marker = u"remember me "_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    Reply reply = postChat(u"scripted-echo"_s, marker);
    QVERIFY(finish(reply.get()));
    QCOMPARE(reply->error(), QNetworkReply::NoError);

    const QList<QJsonObject> requests = m_stack.upstreamRequests();
    QVERIFY(!requests.isEmpty());
    const QString key = m_stack.apiKey();
    QJsonObject found;
    for (const QJsonObject &entry : requests) {
        QVERIFY(!QJsonDocument(entry).toJson().contains(key.toUtf8()));
        if (entry[u"body"_s][u"messages"_s][1][u"content"_s].toString() == marker)
            found = entry;
    }
    QVERIFY(!found.isEmpty());
    QCOMPARE(found[u"method"_s].toString(), u"POST"_s);
    QCOMPARE(found[u"path"_s].toString(), u"/v1/chat/completions"_s);
    QCOMPARE(found[u"headers"_s][u"authorization"_s].toString(), u"present"_s);
    QCOMPARE(found[u"body"_s][u"model"_s].toString(), u"scripted-echo"_s);
    QCOMPARE(found[u"body"_s][u"stream"_s].toBool(), true);

    QTRY_VERIFY(!m_stack.nginxAccessLog().filter(u"\"POST /v1/chat/completions\" 200 authorization=yes"_s).isEmpty());
    const QStringList accessLog = m_stack.nginxAccessLog();
    for (const QString &line : accessLog)
        QVERIFY(!line.contains(key));
}

void tst_LocalStack::stopLeavesNothingBehind()
{
    LocalStack other;
    QString error;
    QVERIFY2(other.start(&error), qPrintable(error));
    QVERIFY(other.gatewayUrl().port() != m_stack.gatewayUrl().port());
    const QString directory = other.directory();
    QVERIFY(QFileInfo::exists(directory));
#ifdef Q_OS_LINUX
    QFile pidFile(directory + u"/nginx.pid"_s);
    QVERIFY(pidFile.open(QIODevice::ReadOnly));
    const QString nginxProcess = u"/proc/"_s + QString::fromLatin1(pidFile.readAll().trimmed());
    QVERIFY(QFileInfo::exists(nginxProcess));
#endif

    other.stop();
    QVERIFY(!other.isRunning());
    QVERIFY(!QFileInfo::exists(directory));
#ifdef Q_OS_LINUX
    QVERIFY(!QFileInfo::exists(nginxProcess));
#endif
    QVERIFY(other.gatewayUrl().isEmpty());
    other.stop();
}

QTEST_GUILESS_MAIN(tst_LocalStack)
#include "tst_LocalStack.moc"

// The local stack with its OpenID Provider (LocalStack::Options::idp), at the HTTP level: what a
// desktop client's sign-in meets. The test plays the client itself with QNetworkAccessManager
// (authorization code with PKCE through a loopback callback, the device flow, refreshing and
// revoking) and PlaywrightBrowser plays the person at the browser.
#include "LocalStack.h"
#include "PlaywrightBrowser.h"

#include <QByteArrayList>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>
#include <memory>
#include <utility>

using namespace Qt::StringLiterals;
using streamcanvas::testsupport::LocalStack;
using streamcanvas::testsupport::PlaywrightBrowser;

namespace {

using Reply = std::unique_ptr<QNetworkReply>;
using Form = QList<std::pair<QString, QString>>;

// Short, so that expiry can be waited for; the stack's default is 300.
constexpr int accessTokenSeconds = 5;
constexpr auto base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

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

int statusOf(QNetworkReply *reply)
{
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

QJsonObject parseObject(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

// application/x-www-form-urlencoded, every value percent-encoded ('+' included).
QByteArray formBody(const Form &fields)
{
    QByteArrayList pairs;
    for (const auto &[name, value] : fields)
        pairs.append(QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value));
    return pairs.join('&');
}

QString randomBase64Url(int bytes)
{
    QByteArray data(bytes, Qt::Uninitialized);
    QRandomGenerator::system()->generate(data.begin(), data.end());
    return QString::fromLatin1(data.toBase64(base64Url));
}

// The PKCE S256 challenge of a verifier (RFC 7636 section 4.2).
QString challengeOf(const QString &verifier)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(verifier.toLatin1(), QCryptographicHash::Sha256).toBase64(base64Url));
}

// The header (0) or the claims (1) of a JWT; an empty object when it is not one.
QJsonObject jwtPart(const QString &jwt, int part)
{
    const QStringList parts = jwt.split(u'.');
    if (parts.size() != 3)
        return {};
    return parseObject(QByteArray::fromBase64(parts.at(part).toLatin1(), base64Url));
}

// The same JWT with other claims and the original signature, which then no longer matches.
QString withClaims(const QString &jwt, const QJsonObject &claims)
{
    QStringList parts = jwt.split(u'.');
    parts[1] = QString::fromLatin1(QJsonDocument(claims).toJson(QJsonDocument::Compact).toBase64(base64Url));
    return parts.join(u'.');
}

// The same JWT with one character of its signature changed (in the middle: the last character
// may carry only padding bits).
QString withBrokenSignature(const QString &jwt)
{
    QString broken = jwt;
    const qsizetype at = jwt.lastIndexOf(u'.') + 20;
    broken[at] = broken.at(at) == u'A' ? u'B' : u'A';
    return broken;
}

// The client's loopback redirect target (RFC 8252 section 7.3): answers every request with a
// small page and keeps the request targets, so the test sees the authorization response.
class CallbackListener
{
public:
    bool listen()
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] { accept(); });
        return m_server.listen(QHostAddress::LocalHost, 0);
    }
    QString redirectUri() const { return u"http://127.0.0.1:%1/callback"_s.arg(m_server.serverPort()); }
    // The targets of the requests for /callback, say "/callback?code=…&state=…&iss=…".
    QList<QUrl> callbacks() const { return m_callbacks; }

private:
    void accept()
    {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] { read(socket); });
        }
    }
    void read(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer += socket->readAll();
        if (!buffer.contains("\r\n\r\n"))
            return;
        const QList<QByteArray> requestLine = buffer.left(buffer.indexOf("\r\n")).split(' ');
        m_buffers.remove(socket);
        if (requestLine.size() == 3 && requestLine.at(1).startsWith("/callback"))
            m_callbacks.append(QUrl(u"http://127.0.0.1"_s + QString::fromLatin1(requestLine.at(1))));
        const QByteArray body = "<!DOCTYPE html><title>Signed in</title><p>You can close this window.</p>";
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nConnection: close\r\n"
                      "Content-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QList<QUrl> m_callbacks;
};

} // namespace

class tst_IdentityStack : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void discoveryDocumentDescribesTheProvider();
    void wrongPasswordIsRefused();
    void authorizationCodeWithPkceGivesTheTokens();
    void gatewayTakesTheAccessToken();
    void refreshRotatesTheRefreshToken();
    void gatewayRefusesOtherTokens_data();
    void gatewayRefusesOtherTokens();
    void gatewayRefusesAnExpiredToken();
    void deviceFlowSignsInWithTheTypedCode();
    void revokedRefreshTokenIsRefused();
    void codesAreGoodForOneExchange();
    void providerLogHoldsNoSecrets();

private:
    QNetworkRequest requestTo(const QUrl &url) const;
    QUrl endpoint(const char *name) const;
    QUrl gatewayUrl(const QString &path) const;
    QUrl authorizationUrl(const QString &redirectUri, const QString &state, const QString &nonce,
        const QString &challenge, const QStringList &resources) const;
    // POSTs a form to one of the provider's endpoints: { status, body as a JSON object }.
    std::pair<int, QJsonObject> post(const char *endpointName, const Form &fields);
    std::pair<int, QJsonObject> refresh(const QString &refreshToken, const QString &resource);
    Reply getModels(const QString &path, const QByteArray &authorization);

    LocalStack m_stack;
    QNetworkAccessManager m_network;
    QJsonObject m_discovery;
    // From the authorization code flow: the first tokens, then a token for another audience.
    QString m_accessToken;
    QString m_refreshToken;
    QString m_idToken;
    QString m_otherAudienceToken;
    // From the device flow.
    QString m_deviceRefreshToken;
    // The token requests that exchanged the authorization code and the device code.
    Form m_codeExchange;
    Form m_devicePoll;
    QString m_code;
};

void tst_IdentityStack::initTestCase()
{
    LocalStack::Options options;
    options.idp = true;
    options.accessTokenSeconds = accessTokenSeconds;
    QString error;
    QVERIFY2(m_stack.start(&error, options), qPrintable(error));
    QVERIFY(m_stack.isRunning());
    QCOMPARE(m_stack.issuerUrl().scheme(), u"https"_s);
    QCOMPARE(m_stack.issuerUrl().host(), u"127.0.0.1"_s);
    QCOMPARE(m_stack.clientId(), u"streamcanvas-desktop"_s);
    QCOMPARE(m_stack.userName(), u"alice"_s);
    QVERIFY(m_stack.userPassword().size() >= 12);
    QCOMPARE(m_stack.gatewayAudience(), m_stack.gatewayUrl().toString());
    QVERIFY(m_stack.otherAudience() != m_stack.gatewayAudience());
}

void tst_IdentityStack::cleanupTestCase()
{
    m_stack.stop();
}

QNetworkRequest tst_IdentityStack::requestTo(const QUrl &url) const
{
    QNetworkRequest request(url);
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates(QSslCertificate::fromData(m_stack.caCertificatesPem(), QSsl::Pem));
    request.setSslConfiguration(tls);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    return request;
}

QUrl tst_IdentityStack::endpoint(const char *name) const
{
    return QUrl(m_discovery.value(QLatin1StringView(name)).toString());
}

QUrl tst_IdentityStack::gatewayUrl(const QString &path) const
{
    QUrl url = m_stack.gatewayUrl();
    url.setPath(path);
    return url;
}

QUrl tst_IdentityStack::authorizationUrl(const QString &redirectUri, const QString &state, const QString &nonce,
    const QString &challenge, const QStringList &resources) const
{
    // offline_access (a refresh token) needs prompt=consent.
    Form fields{{u"client_id"_s, m_stack.clientId()}, {u"response_type"_s, u"code"_s}, {u"redirect_uri"_s, redirectUri},
        {u"scope"_s, u"openid profile email offline_access"_s}, {u"prompt"_s, u"consent"_s}, {u"state"_s, state},
        {u"nonce"_s, nonce}, {u"code_challenge"_s, challenge}, {u"code_challenge_method"_s, u"S256"_s}};
    for (const QString &resource : resources)
        fields.append({u"resource"_s, resource});
    QUrl url = endpoint("authorization_endpoint");
    url.setQuery(QString::fromLatin1(formBody(fields)), QUrl::StrictMode);
    return url;
}

std::pair<int, QJsonObject> tst_IdentityStack::post(const char *endpointName, const Form &fields)
{
    QNetworkRequest request = requestTo(endpoint(endpointName));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/x-www-form-urlencoded"_s);
    request.setRawHeader("Accept", "application/json");
    Reply reply(m_network.post(request, formBody(fields)));
    if (!finish(reply.get()))
        return {0, {}};
    return {statusOf(reply.get()), parseObject(reply->readAll())};
}

std::pair<int, QJsonObject> tst_IdentityStack::refresh(const QString &refreshToken, const QString &resource)
{
    Form fields{{u"grant_type"_s, u"refresh_token"_s}, {u"refresh_token"_s, refreshToken},
        {u"client_id"_s, m_stack.clientId()}};
    if (!resource.isEmpty())
        fields.append({u"resource"_s, resource});
    return post("token_endpoint", fields);
}

Reply tst_IdentityStack::getModels(const QString &path, const QByteArray &authorization)
{
    QNetworkRequest request = requestTo(gatewayUrl(path));
    if (!authorization.isEmpty())
        request.setRawHeader("Authorization", authorization);
    Reply reply(m_network.get(request));
    finish(reply.get());
    return reply;
}

void tst_IdentityStack::discoveryDocumentDescribesTheProvider()
{
    QUrl url = m_stack.issuerUrl();
    url.setPath(u"/.well-known/openid-configuration"_s);
    Reply reply(m_network.get(requestTo(url)));
    QVERIFY(finish(reply.get()));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(reply->sslConfiguration().peerCertificate().issuerInfo(QSslCertificate::CommonName),
        QStringList{u"StreamCanvas Test CA"_s});
    m_discovery = parseObject(reply->readAll());

    QCOMPARE(m_discovery[u"issuer"_s].toString(), m_stack.issuerUrl().toString());
    for (const char *name : {"authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint",
             "device_authorization_endpoint", "revocation_endpoint", "end_session_endpoint"}) {
        const QUrl endpointUrl = endpoint(name);
        QVERIFY2(endpointUrl.isValid() && !endpointUrl.path().isEmpty(), name);
        QCOMPARE(endpointUrl.adjusted(QUrl::RemovePath), m_stack.issuerUrl());
    }
    QCOMPARE(m_discovery[u"code_challenge_methods_supported"_s].toArray(), QJsonArray{u"S256"_s});
    QCOMPARE(m_discovery[u"response_types_supported"_s].toArray(), QJsonArray{u"code"_s});
    QCOMPARE(m_discovery[u"authorization_response_iss_parameter_supported"_s].toBool(), true);
    const QVariantList grants = m_discovery[u"grant_types_supported"_s].toArray().toVariantList();
    for (const QString &grant :
        {u"authorization_code"_s, u"refresh_token"_s, u"urn:ietf:params:oauth:grant-type:device_code"_s})
        QVERIFY2(grants.contains(grant), qPrintable(grant));
    const QVariantList scopes = m_discovery[u"scopes_supported"_s].toArray().toVariantList();
    for (const QString &scope : {u"openid"_s, u"profile"_s, u"email"_s, u"offline_access"_s})
        QVERIFY2(scopes.contains(scope), qPrintable(scope));
    QVERIFY(m_discovery[u"id_token_signing_alg_values_supported"_s].toArray().contains(u"RS256"_s));

    // The signing keys are public ones only.
    Reply keys(m_network.get(requestTo(endpoint("jwks_uri"))));
    QVERIFY(finish(keys.get()));
    QCOMPARE(statusOf(keys.get()), 200);
    const QJsonArray keyList = parseObject(keys->readAll())[u"keys"_s].toArray();
    QCOMPARE(keyList.size(), 1);
    QCOMPARE(keyList.at(0)[u"kty"_s].toString(), u"RSA"_s);
    QCOMPARE(keyList.at(0)[u"alg"_s].toString(), u"RS256"_s);
    QVERIFY(!keyList.at(0)[u"kid"_s].toString().isEmpty());
    QVERIFY(!keyList.at(0).toObject().contains(u"d"_s));
}

void tst_IdentityStack::wrongPasswordIsRefused()
{
    QVERIFY(!m_discovery.isEmpty());
    CallbackListener callback;
    QVERIFY(callback.listen());
    const QString verifier = randomBase64Url(32);
    const QUrl url = authorizationUrl(callback.redirectUri(), randomBase64Url(16), randomBase64Url(16),
        challengeOf(verifier), {m_stack.gatewayAudience()});

    PlaywrightBrowser browser(m_stack.userName(), m_stack.userPassword() + u"-wrong"_s, m_stack.caFile());
    QString error;
    QVERIFY(!browser.signIn(url, &error));
    QVERIFY2(error.contains(u"Wrong user name or password"_s), qPrintable(error));
    QVERIFY(callback.callbacks().isEmpty());

    const QList<QJsonObject> requests = m_stack.idpRequests();
    const bool refused = std::any_of(requests.cbegin(), requests.cend(), [](const QJsonObject &entry) {
        return entry[u"method"_s] == u"POST"_s && entry[u"path"_s].toString().endsWith(u"/login"_s)
            && entry[u"status"_s].toInt() == 401;
    });
    QVERIFY(refused);
}

void tst_IdentityStack::authorizationCodeWithPkceGivesTheTokens()
{
    QVERIFY(!m_discovery.isEmpty());
    CallbackListener callback;
    QVERIFY(callback.listen());
    const QString verifier = randomBase64Url(32);
    const QString state = randomBase64Url(16);
    const QString nonce = randomBase64Url(16);
    // Both resources may be asked for at the token endpoint later (one per token).
    const QUrl url = authorizationUrl(callback.redirectUri(), state, nonce, challengeOf(verifier),
        {m_stack.gatewayAudience(), m_stack.otherAudience()});

    PlaywrightBrowser browser(m_stack);
    QString error;
    QVERIFY2(browser.signIn(url, &error), qPrintable(error));
    QCOMPARE(browser.lastCallback(), callback.redirectUri());
    QCOMPARE(callback.callbacks().size(), 1);
    const QUrlQuery response(callback.callbacks().constFirst());
    QCOMPARE(response.queryItemValue(u"state"_s, QUrl::FullyDecoded), state);
    // RFC 9207: the response names its issuer.
    QCOMPARE(response.queryItemValue(u"iss"_s, QUrl::FullyDecoded), m_stack.issuerUrl().toString());
    QVERIFY(!response.hasQueryItem(u"error"_s));
    m_code = response.queryItemValue(u"code"_s, QUrl::FullyDecoded);
    QVERIFY(!m_code.isEmpty());

    m_codeExchange = {{u"grant_type"_s, u"authorization_code"_s}, {u"code"_s, m_code},
        {u"redirect_uri"_s, callback.redirectUri()}, {u"client_id"_s, m_stack.clientId()},
        {u"code_verifier"_s, verifier}, {u"resource"_s, m_stack.gatewayAudience()}};
    const auto [status, tokens] = post("token_endpoint", m_codeExchange);
    QCOMPARE(status, 200);
    QCOMPARE(tokens[u"token_type"_s].toString(), u"Bearer"_s);
    QCOMPARE(tokens[u"expires_in"_s].toInt(), accessTokenSeconds);
    m_accessToken = tokens[u"access_token"_s].toString();
    m_refreshToken = tokens[u"refresh_token"_s].toString();
    m_idToken = tokens[u"id_token"_s].toString();
    QVERIFY(!m_refreshToken.isEmpty());

    const QJsonObject idHeader = jwtPart(m_idToken, 0);
    const QJsonObject idClaims = jwtPart(m_idToken, 1);
    QCOMPARE(idHeader[u"alg"_s].toString(), u"RS256"_s);
    QCOMPARE(idClaims[u"iss"_s].toString(), m_stack.issuerUrl().toString());
    QCOMPARE(idClaims[u"aud"_s].toString(), m_stack.clientId());
    QCOMPARE(idClaims[u"sub"_s].toString(), u"alice"_s);
    QCOMPARE(idClaims[u"nonce"_s].toString(), nonce);
    QCOMPARE(idClaims[u"email"_s].toString(), u"alice@example.test"_s);

    // RFC 9068: a JWT access token for the gateway alone.
    const QJsonObject header = jwtPart(m_accessToken, 0);
    const QJsonObject claims = jwtPart(m_accessToken, 1);
    QCOMPARE(header[u"typ"_s].toString(), u"at+jwt"_s);
    QCOMPARE(header[u"alg"_s].toString(), u"RS256"_s);
    QCOMPARE(header[u"kid"_s].toString(), idHeader[u"kid"_s].toString());
    QCOMPARE(claims[u"aud"_s].toString(), m_stack.gatewayAudience());
    QCOMPARE(claims[u"iss"_s].toString(), m_stack.issuerUrl().toString());
    QCOMPARE(claims[u"sub"_s].toString(), u"alice"_s);
    QCOMPARE(claims[u"client_id"_s].toString(), m_stack.clientId());
    QCOMPARE(claims[u"exp"_s].toInteger() - claims[u"iat"_s].toInteger(), accessTokenSeconds);
}

void tst_IdentityStack::gatewayTakesTheAccessToken()
{
    QVERIFY(!m_accessToken.isEmpty());
    const qsizetype upstreamBefore = m_stack.upstreamRequests().size();
    Reply reply = getModels(u"/v1/models"_s, "Bearer " + m_accessToken.toLatin1());
    QCOMPARE(statusOf(reply.get()), 200);
    QCOMPARE(parseObject(reply->readAll())[u"object"_s].toString(), u"list"_s);
    QCOMPARE(m_stack.upstreamRequests().size(), upstreamBefore + 1);

    // The API key still works, at /key/v1/, and only there; the access token is no API key.
    QCOMPARE(statusOf(getModels(u"/key/v1/models"_s, "Bearer " + m_stack.apiKey().toLatin1()).get()), 200);
    QCOMPARE(statusOf(getModels(u"/v1/models"_s, "Bearer " + m_stack.apiKey().toLatin1()).get()), 401);
    Reply tokenAsKey = getModels(u"/key/v1/models"_s, "Bearer " + m_accessToken.toLatin1());
    QCOMPARE(statusOf(tokenAsKey.get()), 401);
    QCOMPARE(parseObject(tokenAsKey->readAll())[u"error"_s][u"code"_s].toString(), u"invalid_api_key"_s);
    QCOMPARE(statusOf(getModels(u"/open/v1/models"_s, {}).get()), 200);
}

void tst_IdentityStack::refreshRotatesTheRefreshToken()
{
    QVERIFY(!m_refreshToken.isEmpty());
    const auto [status, first] = refresh(m_refreshToken, m_stack.gatewayAudience());
    QVERIFY2(status == 200, QJsonDocument(first).toJson(QJsonDocument::Compact).constData());
    const QString rotated = first[u"refresh_token"_s].toString();
    QVERIFY(!rotated.isEmpty());
    QVERIFY(rotated != m_refreshToken);
    const QString accessToken = first[u"access_token"_s].toString();
    QCOMPARE(jwtPart(accessToken, 1)[u"aud"_s].toString(), m_stack.gatewayAudience());
    QCOMPARE(statusOf(getModels(u"/v1/models"_s, "Bearer " + accessToken.toLatin1()).get()), 200);

    // The new one works, here for the other resource of the grant.
    const auto [otherStatus, other] = refresh(rotated, m_stack.otherAudience());
    QVERIFY2(otherStatus == 200, QJsonDocument(other).toJson(QJsonDocument::Compact).constData());
    m_otherAudienceToken = other[u"access_token"_s].toString();
    QCOMPARE(jwtPart(m_otherAudienceToken, 0)[u"typ"_s].toString(), u"at+jwt"_s);
    QCOMPARE(jwtPart(m_otherAudienceToken, 1)[u"aud"_s].toString(), m_stack.otherAudience());
    const QString latest = other[u"refresh_token"_s].toString();
    QVERIFY(!latest.isEmpty() && latest != rotated);

    // The replaced one is refused, and its replay revokes the grant: the latest one goes too.
    const auto [oldStatus, old] = refresh(m_refreshToken, m_stack.gatewayAudience());
    QCOMPARE(oldStatus, 400);
    QCOMPARE(old[u"error"_s].toString(), u"invalid_grant"_s);
    const auto [latestStatus, afterReplay] = refresh(latest, m_stack.gatewayAudience());
    QCOMPARE(latestStatus, 400);
    QCOMPARE(afterReplay[u"error"_s].toString(), u"invalid_grant"_s);
}

void tst_IdentityStack::gatewayRefusesOtherTokens_data()
{
    QTest::addColumn<QByteArray>("authorization");
    // error_description in WWW-Authenticate; empty: no error at all (RFC 6750 section 3.1).
    QTest::addColumn<QByteArray>("description");

    QJsonObject moved = jwtPart(m_accessToken, 1);
    moved[u"sub"_s] = u"mallory"_s;
    QTest::newRow("no header") << QByteArray() << QByteArray();
    QTest::newRow("basic") << "Basic YWxpY2U6c2VjcmV0"_ba << QByteArray();
    QTest::newRow("not a JWT") << "Bearer not-a-token"_ba
                               << "The access token is not a JWT."_ba;
    QTest::newRow("unreadable JWT") << "Bearer aaaa.bbbb.cccc"_ba
                                    << "The access token cannot be read."_ba;
    QTest::newRow("broken signature") << "Bearer " + withBrokenSignature(m_accessToken).toLatin1()
                                      << "The access token signature is invalid."_ba;
    QTest::newRow("changed claims") << "Bearer " + withClaims(m_accessToken, moved).toLatin1()
                                    << "The access token signature is invalid."_ba;
    QTest::newRow("other audience") << "Bearer " + m_otherAudienceToken.toLatin1()
                                    << "The access token is for another audience."_ba;
    QTest::newRow("ID token") << "Bearer " + m_idToken.toLatin1()
                              << "The token is not an access token (typ at+jwt)."_ba;
}

void tst_IdentityStack::gatewayRefusesOtherTokens()
{
    QFETCH(QByteArray, authorization);
    QFETCH(QByteArray, description);
    QVERIFY(!m_accessToken.isEmpty() && !m_otherAudienceToken.isEmpty());

    const qsizetype upstreamBefore = m_stack.upstreamRequests().size();
    Reply reply = getModels(u"/v1/models"_s, authorization);
    QCOMPARE(statusOf(reply.get()), 401);
    const QByteArray challenge = reply->rawHeader("WWW-Authenticate");
    QVERIFY2(challenge.startsWith("Bearer realm=\"streamcanvas-gateway\""), challenge.constData());
    if (description.isEmpty()) {
        QVERIFY2(!challenge.contains("error="), challenge.constData());
    } else {
        QVERIFY2(challenge.contains("error=\"invalid_token\""), challenge.constData());
        const QByteArray expected = "error_description=\"" + description + '"';
        QVERIFY2(challenge.contains(expected), challenge.constData());
    }
    QCOMPARE(reply->header(QNetworkRequest::ContentTypeHeader).toString(), u"application/json"_s);
    QCOMPARE(parseObject(reply->readAll())[u"error"_s][u"code"_s].toString(), u"invalid_token"_s);
    QCOMPARE(m_stack.upstreamRequests().size(), upstreamBefore);
}

void tst_IdentityStack::gatewayRefusesAnExpiredToken()
{
    QVERIFY(!m_accessToken.isEmpty());
    const qint64 expiry = jwtPart(m_accessToken, 1)[u"exp"_s].toInteger();
    QVERIFY(expiry > 0);
    const QDeadlineTimer deadline((accessTokenSeconds + 5) * 1000);
    while (QDateTime::currentSecsSinceEpoch() <= expiry && !deadline.hasExpired())
        QTest::qWait(100);
    QVERIFY(QDateTime::currentSecsSinceEpoch() > expiry);

    Reply reply = getModels(u"/v1/models"_s, "Bearer " + m_accessToken.toLatin1());
    QCOMPARE(statusOf(reply.get()), 401);
    const QByteArray challenge = reply->rawHeader("WWW-Authenticate");
    QVERIFY2(challenge.contains("error=\"invalid_token\", error_description=\"The access token expired.\""),
        challenge.constData());
}

void tst_IdentityStack::deviceFlowSignsInWithTheTypedCode()
{
    QVERIFY(!m_discovery.isEmpty());
    const auto [status, device] = post("device_authorization_endpoint",
        {{u"client_id"_s, m_stack.clientId()}, {u"scope"_s, u"openid offline_access"_s},
            {u"resource"_s, m_stack.gatewayAudience()}});
    QCOMPARE(status, 200);
    const QString deviceCode = device[u"device_code"_s].toString();
    const QString userCode = device[u"user_code"_s].toString();
    const QUrl verificationUri(device[u"verification_uri"_s].toString());
    QVERIFY(!deviceCode.isEmpty());
    QVERIFY(!userCode.isEmpty());
    QCOMPARE(verificationUri.adjusted(QUrl::RemovePath), m_stack.issuerUrl());
    QVERIFY(device[u"verification_uri_complete"_s].toString().contains(
        QString::fromLatin1(QUrl::toPercentEncoding(userCode))));
    QVERIFY(device[u"expires_in"_s].toInt() > 0);

    m_devicePoll
        = {{u"grant_type"_s, u"urn:ietf:params:oauth:grant-type:device_code"_s}, {u"device_code"_s, deviceCode},
            {u"client_id"_s, m_stack.clientId()}, {u"resource"_s, m_stack.gatewayAudience()}};
    const auto [pendingStatus, pending] = post("token_endpoint", m_devicePoll);
    QCOMPARE(pendingStatus, 400);
    QCOMPARE(pending[u"error"_s].toString(), u"authorization_pending"_s);

    // The person types the code at verification_uri.
    PlaywrightBrowser browser(m_stack);
    QString error;
    QVERIFY2(browser.approveDevice(verificationUri, userCode, &error), qPrintable(error));

    const auto [tokenStatus, tokens] = post("token_endpoint", m_devicePoll);
    QCOMPARE(tokenStatus, 200);
    const QString accessToken = tokens[u"access_token"_s].toString();
    QCOMPARE(jwtPart(accessToken, 0)[u"typ"_s].toString(), u"at+jwt"_s);
    QCOMPARE(jwtPart(accessToken, 1)[u"aud"_s].toString(), m_stack.gatewayAudience());
    QCOMPARE(jwtPart(tokens[u"id_token"_s].toString(), 1)[u"sub"_s].toString(), u"alice"_s);
    m_deviceRefreshToken = tokens[u"refresh_token"_s].toString();
    QVERIFY(!m_deviceRefreshToken.isEmpty());
    QCOMPARE(statusOf(getModels(u"/v1/models"_s, "Bearer " + accessToken.toLatin1()).get()), 200);
}

void tst_IdentityStack::revokedRefreshTokenIsRefused()
{
    QVERIFY(!m_deviceRefreshToken.isEmpty());
    // Alive until revoked: it refreshes (and is replaced by the one revoked below).
    const auto [aliveStatus, alive] = refresh(m_deviceRefreshToken, m_stack.gatewayAudience());
    QVERIFY2(aliveStatus == 200, QJsonDocument(alive).toJson(QJsonDocument::Compact).constData());
    m_deviceRefreshToken = alive[u"refresh_token"_s].toString();
    QVERIFY(!m_deviceRefreshToken.isEmpty());

    const auto [status, revoked] = post("revocation_endpoint",
        {{u"token"_s, m_deviceRefreshToken}, {u"token_type_hint"_s, u"refresh_token"_s},
            {u"client_id"_s, m_stack.clientId()}});
    QCOMPARE(status, 200);
    QVERIFY(revoked.isEmpty());

    const auto [refreshStatus, refused] = refresh(m_deviceRefreshToken, m_stack.gatewayAudience());
    QCOMPARE(refreshStatus, 400);
    QCOMPARE(refused[u"error"_s].toString(), u"invalid_grant"_s);
}

void tst_IdentityStack::codesAreGoodForOneExchange()
{
    // Last: a replayed code revokes what was issued for it (RFC 6749 section 4.1.2).
    QVERIFY(!m_codeExchange.isEmpty() && !m_devicePoll.isEmpty());
    for (const Form &exchange : {m_codeExchange, m_devicePoll}) {
        const auto [status, again] = post("token_endpoint", exchange);
        QCOMPARE(status, 400);
        QCOMPARE(again[u"error"_s].toString(), u"invalid_grant"_s);
    }
}

void tst_IdentityStack::providerLogHoldsNoSecrets()
{
    QVERIFY(!m_refreshToken.isEmpty() && !m_code.isEmpty());
    const QList<QJsonObject> requests = m_stack.idpRequests();
    QStringList grantTypes;
    int keyFetches = 0;
    for (const QJsonObject &entry : requests) {
        grantTypes.append(entry[u"grantType"_s].toString());
        if (entry[u"route"_s] == u"jwks"_s)
            ++keyFetches;
    }
    for (const QString &grant :
        {u"authorization_code"_s, u"refresh_token"_s, u"urn:ietf:params:oauth:grant-type:device_code"_s})
        QVERIFY2(grantTypes.contains(grant), qPrintable(grant));
    // nginx keeps the keys it fetched for a minute: one fetch of its own (two should the test
    // take longer) for the seven checks that needed them, plus the test's own.
    QVERIFY(keyFetches >= 2);
    QVERIFY2(keyFetches <= 3, qPrintable(QString::number(keyFetches)));

    QFile log(m_stack.directory() + u"/idp.jsonl"_s);
    QVERIFY(log.open(QIODevice::ReadOnly));
    const QByteArray text = log.readAll();
    for (const QString &secret :
        {m_stack.userPassword(), m_code, m_refreshToken, m_deviceRefreshToken, m_accessToken, m_idToken})
        QVERIFY(!text.contains(secret.toLatin1()));
}

QTEST_GUILESS_MAIN(tst_IdentityStack)
#include "tst_IdentityStack.moc"

#include "GatewayClient.h"

#include "ChatStream.h"
#include "GatewayCall.h"
#include "ModelList.h"
#include "policy/PolicyValidator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace streamcanvas::gateway {

namespace {

QNetworkRequest jsonRequest(const QUrl &url, const QByteArray &accept)
{
    QNetworkRequest request(url);
    request.setRawHeader("Accept", accept);
    request.setRawHeader("User-Agent", "StreamCanvas-Desktop");
    return request;
}

} // namespace

GatewayClient::GatewayClient(
    net::NetworkAccessManager &network, QUrl baseUrl, AccessTokenSource &auth, RetryPolicy retryPolicy)
    : m_network(network)
    , m_baseUrl(std::move(baseUrl))
    , m_auth(auth)
    , m_retryPolicy(std::move(retryPolicy))
{
}

std::optional<QUrl> GatewayClient::parseBaseUrl(const QString &text, QString *error)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() || (scheme != u"https"_s && scheme != u"http"_s)) {
        *error = tr("The gateway address must be a web address such as https://ai.example.com.");
        return std::nullopt;
    }
    if (scheme == u"http"_s && !policy::PolicyValidator::isThisComputer(url.host())) {
        *error = tr("The gateway address must use https (plain http is only allowed for this computer).");
        return std::nullopt;
    }
    if (!url.userInfo().isEmpty() || url.hasQuery() || url.hasFragment()) {
        *error = tr("The gateway address must not contain a user name, password, query or fragment.");
        return std::nullopt;
    }
    QUrl normalised = url.adjusted(QUrl::NormalizePathSegments | QUrl::StripTrailingSlash);
    QString path = normalised.path();
    if (path.endsWith(u"/v1"_s))
        path.chop(3);
    normalised.setPath(path);
    normalised.setScheme(scheme);
    return normalised;
}

QUrl GatewayClient::endpoint(QStringView path) const
{
    QUrl url = m_baseUrl;
    url.setPath(m_baseUrl.path() + path);
    return url;
}

QByteArray GatewayClient::chatBody(const ChatRequest &request)
{
    QJsonArray messages;
    for (const ChatMessage &message : request.messages)
        messages.append(QJsonObject{{u"role"_s, message.role}, {u"content"_s, message.content}});
    const QJsonObject body{
        {u"model"_s, request.model},
        {u"messages"_s, messages},
        {u"stream"_s, true},
        {u"stream_options"_s, QJsonObject{{u"include_usage"_s, true}}},
    };
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

ModelList *GatewayClient::listModels(QObject *parent)
{
    GatewayCall::Target target{
        jsonRequest(endpoint(u"/v1/models"), "application/json"), {}, ErrorMapper::Request::Models, {}};
    return new ModelList(new GatewayCall(m_network, m_auth, m_retryPolicy, std::move(target)), parent);
}

ChatStream *GatewayClient::chat(const ChatRequest &request, QObject *parent)
{
    QNetworkRequest networkRequest = jsonRequest(endpoint(u"/v1/chat/completions"), "text/event-stream");
    networkRequest.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    GatewayCall::Target target{std::move(networkRequest), chatBody(request), ErrorMapper::Request::Chat, request.model};
    return new ChatStream(new GatewayCall(m_network, m_auth, m_retryPolicy, std::move(target)), parent);
}

} // namespace streamcanvas::gateway

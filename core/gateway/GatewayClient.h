#pragma once

#include "ChatRequest.h"
#include "RetryPolicy.h"

#include <QCoreApplication>
#include <QUrl>

#include <optional>

namespace streamcanvas::net {
class NetworkAccessManager;
}

namespace streamcanvas::gateway {

class AccessTokenSource;
class ChatStream;
class ModelList;

// The company gateway's OpenAI-compatible API. Every request goes through the one network
// setup (allow-list, TLS, proxy, timeouts) and the one source of credentials.
class GatewayClient
{
    Q_DECLARE_TR_FUNCTIONS(GatewayClient)

public:
    GatewayClient(net::NetworkAccessManager &network, QUrl baseUrl, AccessTokenSource &auth,
        RetryPolicy retryPolicy = RetryPolicy());

    // Checks and normalises a gateway address as a user or admin types it: https (http only
    // for this computer), no user name, query or fragment; a trailing "/" or "/v1" is
    // dropped. nullopt with a user-facing *error when it cannot be used.
    static std::optional<QUrl> parseBaseUrl(const QString &text, QString *error);

    QUrl baseUrl() const { return m_baseUrl; }
    QUrl endpoint(QStringView path) const;

    // The caller owns the returned objects (parented to `parent`); they start at once.
    ModelList *listModels(QObject *parent = nullptr);
    ChatStream *chat(const ChatRequest &request, QObject *parent = nullptr);

    // The JSON body of a streamed chat completion request.
    static QByteArray chatBody(const ChatRequest &request);

private:
    net::NetworkAccessManager &m_network;
    QUrl m_baseUrl;
    AccessTokenSource &m_auth;
    RetryPolicy m_retryPolicy;
};

} // namespace streamcanvas::gateway

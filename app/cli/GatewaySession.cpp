#include "GatewaySession.h"

#include "Command.h"
#include "gateway/ApiKeyAuthentication.h"
#include "gateway/GatewayClient.h"
#include "gateway/GatewayError.h"
#include "gateway/NoAuthentication.h"
#include "net/NetworkAccessManager.h"
#include "secrets/SecretStore.h"

#include <QEventLoop>

namespace streamcanvas::cli {

GatewaySession::GatewaySession(const GatewayOptions &options, secrets::SecretStore &secrets)
{
    net::NetworkSettings settings = options.networkSettings();
    if (!settings.proxy.user.isEmpty()) {
        // The proxy user's password, from the keychain, before the first request.
        QEventLoop loop;
        secrets.read(GatewayOptions::proxySecretKey(settings.proxy), &loop, [&](const secrets::SecretResult &result) {
            if (result.error == secrets::SecretError::NotFound)
                m_proxyError = tr("No password is stored for the proxy user \u201c%1\u201d. Store it with "
                                  "\u201cstreamcanvas-cli proxy-password set --proxy URL\u201d.")
                                   .arg(settings.proxy.user);
            else if (result.error != secrets::SecretError::None)
                m_proxyError = result.message;
            else
                settings.proxy.password = QString::fromUtf8(result.value);
            loop.quit();
        });
        loop.exec();
    }
    m_network = std::make_unique<net::NetworkAccessManager>(settings);
    if (options.auth() == GatewayOptions::Auth::ApiKey) {
        m_auth = std::make_unique<gateway::ApiKeyAuthentication>(
            secrets, gateway::ApiKeyAuthentication::secretKeyFor(options.gatewayOrigin()));
    } else {
        m_auth = std::make_unique<gateway::NoAuthentication>();
    }
    m_client = std::make_unique<gateway::GatewayClient>(*m_network, options.gatewayUrl(), *m_auth);
}

GatewaySession::~GatewaySession() = default;

QString GatewaySession::settingsError() const
{
    return m_proxyError.isEmpty() ? m_network->settingsError() : m_proxyError;
}

int GatewaySession::exitCodeFor(const gateway::GatewayError &error)
{
    using Kind = gateway::GatewayError::Kind;
    switch (error.kind) {
    case Kind::None:
        return ExitSuccess;
    case Kind::SignIn:
    case Kind::Permission:
        return ExitSignIn;
    case Kind::Cancelled:
        return ExitCancelled;
    default:
        return ExitGateway;
    }
}

} // namespace streamcanvas::cli

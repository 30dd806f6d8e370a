#include "GatewaySession.h"

#include "Command.h"
#include "auth/OidcProvider.h"
#include "auth/SystemClock.h"
#include "auth/TokenProvider.h"
#include "gateway/ApiKeyAuthentication.h"
#include "gateway/GatewayClient.h"
#include "gateway/GatewayError.h"
#include "gateway/NoAuthentication.h"
#include "net/NetworkAccessManager.h"
#include "net/Origin.h"
#include "secrets/SecretStore.h"

#include <QEventLoop>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

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
    if (options.auth() == GatewayOptions::Auth::Oidc) {
        m_clock = std::make_unique<auth::SystemClock>();
        m_provider = std::make_unique<auth::OidcProvider>(*m_network, options.issuer(), *m_clock);
        auto tokens = std::make_unique<auth::TokenProvider>(*m_provider, *m_network, options.clientId(), secrets,
            *m_clock, net::Origin::of(options.gatewayUrl()), lockDirectory());
        // Signed in or not is the keychain's answer, not the network's.
        QEventLoop loop;
        tokens->restore(&loop, [&loop](auth::TokenProvider::State) { loop.quit(); });
        loop.exec();
        m_tokenProvider = tokens.get();
        m_auth = std::move(tokens);
    } else if (options.auth() == GatewayOptions::Auth::ApiKey) {
        m_auth = std::make_unique<gateway::ApiKeyAuthentication>(
            secrets, gateway::ApiKeyAuthentication::secretKeyFor(options.gatewayOrigin()));
    } else {
        m_auth = std::make_unique<gateway::NoAuthentication>();
    }
    m_client = std::make_unique<gateway::GatewayClient>(*m_network, options.gatewayUrl(), *m_auth);
}

GatewaySession::~GatewaySession() = default;

QString GatewaySession::lockDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + u"/streamcanvas/locks"_s;
}

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

#include "GatewaySession.h"

#include "Command.h"
#include "gateway/ApiKeyAuthentication.h"
#include "gateway/GatewayClient.h"
#include "gateway/GatewayError.h"
#include "gateway/NoAuthentication.h"
#include "net/NetworkAccessManager.h"

namespace streamcanvas::cli {

GatewaySession::GatewaySession(const GatewayOptions &options, secrets::SecretStore &secrets)
    : m_network(std::make_unique<net::NetworkAccessManager>(options.networkSettings()))
{
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
    return m_network->settingsError();
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

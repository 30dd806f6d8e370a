#pragma once

#include "GatewayOptions.h"

#include <memory>

namespace streamcanvas::secrets {
class SecretStore;
}
namespace streamcanvas::net {
class NetworkAccessManager;
}
namespace streamcanvas::auth {
class OidcProvider;
class SystemClock;
class TokenProvider;
} // namespace streamcanvas::auth
namespace streamcanvas::gateway {
class AccessTokenSource;
class GatewayClient;
struct GatewayError;
} // namespace streamcanvas::gateway

namespace streamcanvas::cli {

// What a gateway command needs, built from its options: the network setup, the source of
// credentials and the client.
class GatewaySession
{
    Q_DECLARE_TR_FUNCTIONS(GatewaySession)

public:
    GatewaySession(const GatewayOptions &options, secrets::SecretStore &secrets);
    ~GatewaySession();

    // Non-empty when the network settings cannot be used (a bad CA file, say).
    QString settingsError() const;
    gateway::GatewayClient &client() { return *m_client; }
    net::NetworkAccessManager &network() { return *m_network; }
    // With --auth oidc: the identity provider and the signed-in account's tokens.
    auth::OidcProvider *oidcProvider() { return m_provider.get(); }
    auth::TokenProvider *tokenProvider() { return m_tokenProvider; }
    const auth::SystemClock *clock() const { return m_clock.get(); }

    // Where the refresh lock of an account lives: shared by the app and the CLI.
    static QString lockDirectory();

    // The exit code for a failure, shared by every gateway command.
    static int exitCodeFor(const gateway::GatewayError &error);

private:
    QString m_proxyError;
    std::unique_ptr<net::NetworkAccessManager> m_network;
    std::unique_ptr<auth::SystemClock> m_clock;
    std::unique_ptr<auth::OidcProvider> m_provider;
    auth::TokenProvider *m_tokenProvider = nullptr; // owned as m_auth
    std::unique_ptr<gateway::AccessTokenSource> m_auth;
    std::unique_ptr<gateway::GatewayClient> m_client;
};

} // namespace streamcanvas::cli

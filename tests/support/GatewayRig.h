#pragma once

#include "gateway/AccessTokenSource.h"
#include "gateway/GatewayClient.h"
#include "net/NetworkAccessManager.h"
#include "net/NetworkSettings.h"
#include "secrets/MemorySecretStore.h"

#include <memory>

namespace streamcanvas::testsupport {

class LocalStack;

// The client side of an integration test: the product's own network setup, credentials
// and gateway client, pointed at a running LocalStack.
struct GatewayRig {
    // Trusts the stack's CA, allows only the gateway origin, no proxy, short timeouts.
    static net::NetworkSettings networkSettings(const LocalStack &stack);
    // Quick backoff (the waits the gateway asks for with Retry-After still apply).
    static gateway::RetryPolicy quickRetries();

    // An API-key client for `base` (default: the stack's gateway); the stack's key is in
    // the in-memory secret store.
    GatewayRig(const LocalStack &stack, net::NetworkSettings settings, const QUrl &base = {});
    explicit GatewayRig(const LocalStack &stack);
    // Any credential source, e.g. a ScriptedTokenSource.
    GatewayRig(const LocalStack &stack, net::NetworkSettings settings, gateway::AccessTokenSource &auth,
        const QUrl &base = {});

    gateway::ChatRequest request(const QString &model, const QString &prompt = QStringLiteral("hello")) const;

    secrets::MemorySecretStore secrets;
    std::unique_ptr<net::NetworkAccessManager> network;
    std::unique_ptr<gateway::AccessTokenSource> ownAuth;
    std::unique_ptr<gateway::GatewayClient> client;
};

} // namespace streamcanvas::testsupport

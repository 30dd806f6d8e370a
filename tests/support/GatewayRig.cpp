#include "GatewayRig.h"

#include "LocalStack.h"
#include "gateway/ApiKeyAuthentication.h"
#include "net/Origin.h"

#include <QEventLoop>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace streamcanvas::testsupport {

net::NetworkSettings GatewayRig::networkSettings(const LocalStack &stack)
{
    net::NetworkSettings settings;
    settings.allowedOrigins = {stack.gatewayUrl()};
    settings.extraCaCertificatesPem = stack.caCertificatesPem();
    settings.proxy.mode = net::ProxyMode::None;
    settings.timeouts.connect = 5s;
    settings.timeouts.firstByte = 10s;
    settings.timeouts.idle = 10s;
    return settings;
}

gateway::RetryPolicy GatewayRig::quickRetries()
{
    gateway::RetryPolicy::Limits limits;
    limits.baseDelay = 20ms;
    limits.maxDelay = 100ms;
    return gateway::RetryPolicy(limits);
}

GatewayRig::GatewayRig(const LocalStack &stack)
    : GatewayRig(stack, networkSettings(stack))
{
}

GatewayRig::GatewayRig(const LocalStack &stack, net::NetworkSettings settings, const QUrl &base)
    : network(std::make_unique<net::NetworkAccessManager>(settings))
{
    const QUrl url = base.isEmpty() ? stack.gatewayUrl() : base;
    const QString key = gateway::ApiKeyAuthentication::secretKeyFor(net::Origin::of(url));
    QEventLoop loop;
    secrets.write(key, stack.apiKey().toUtf8(), &loop, [&](const secrets::SecretResult &) { loop.quit(); });
    loop.exec();
    ownAuth = std::make_unique<gateway::ApiKeyAuthentication>(secrets, key);
    client = std::make_unique<gateway::GatewayClient>(*network, url, *ownAuth, quickRetries());
}

GatewayRig::GatewayRig(
    const LocalStack &stack, net::NetworkSettings settings, gateway::AccessTokenSource &auth, const QUrl &base)
    : network(std::make_unique<net::NetworkAccessManager>(settings))
    , client(std::make_unique<gateway::GatewayClient>(
          *network, base.isEmpty() ? stack.gatewayUrl() : base, auth, quickRetries()))
{
}

gateway::ChatRequest GatewayRig::request(const QString &model, const QString &prompt) const
{
    return {model, {{u"user"_s, prompt}}};
}

} // namespace streamcanvas::testsupport

#include "DeviceFlow.h"

#include "auth/Clock.h"
#include "auth/OidcProvider.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace streamcanvas::auth {

DeviceFlow::DeviceFlow(OidcProvider &provider, net::NetworkAccessManager &network, SignInSettings settings,
    const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_provider(provider)
    , m_network(network)
    , m_settings(std::move(settings))
    , m_clock(clock)
{
    m_pollTimer.setSingleShot(true);
    connect(&m_pollTimer, &QTimer::timeout, this, &DeviceFlow::poll);
}

DeviceFlow::~DeviceFlow() = default;

void DeviceFlow::start()
{
    m_provider.load(this, [this](bool ok, const QString &error) {
        if (!ok) {
            fail(error);
            return;
        }
        m_tokens = std::make_unique<TokenEndpoint>(m_network, m_provider.configuration(), m_settings.clientId);
        m_tokens->authorizeDevice(
            m_settings.scopes, m_settings.resource, this, [this](const DeviceAuthorization &authorization) {
                if (m_done)
                    return;
                if (!authorization.ok) {
                    fail(authorization.message);
                    return;
                }
                m_authorization = authorization;
                m_deadline = m_clock.monotonicNow() + authorization.expiresIn;
                Q_EMIT codeReady(
                    authorization.userCode, authorization.verificationUri, authorization.verificationUriComplete);
                m_pollTimer.start(authorization.interval);
            });
    });
}

void DeviceFlow::cancel()
{
    fail(tr("The sign-in was cancelled."));
}

void DeviceFlow::poll()
{
    if (m_done)
        return;
    if (m_clock.monotonicNow() >= m_deadline) {
        fail(tr("The sign-in code expired before it was used. Start the sign-in again."));
        return;
    }
    m_tokens->pollDeviceCode(
        m_authorization.deviceCode, m_settings.resource, this, [this](const TokenResponse &response) {
            if (m_done)
                return;
            if (response.ok) {
                onTokens(response);
                return;
            }
            if (response.error == u"authorization_pending"_s || response.transient) {
                m_pollTimer.start(m_authorization.interval);
                return;
            }
            if (response.error == u"slow_down"_s) {
                m_authorization.interval += 5s;
                m_pollTimer.start(m_authorization.interval);
                return;
            }
            fail(response.message);
        });
}

void DeviceFlow::onTokens(const TokenResponse &response)
{
    if (response.accessToken.isEmpty() || response.idToken.isEmpty()) {
        fail(tr("The sign-in service did not issue the tokens this app needs."));
        return;
    }
    JwtValidator::Expectations expectations;
    expectations.issuer = m_provider.issuer();
    expectations.clientId = m_settings.clientId;
    m_provider.validate(response.idToken, expectations, this, [this, response](const JwtValidation &validation) {
        if (m_done)
            return;
        if (!validation.ok) {
            fail(tr("The sign-in service's identity token was not accepted: %1").arg(validation.message));
            return;
        }
        TokenSet tokens;
        tokens.accessToken = response.accessToken;
        const auto lifetime = response.expiresIn.count() > 0 ? response.expiresIn : std::chrono::seconds(300);
        tokens.accessTokenExpiry = m_clock.monotonicNow() + lifetime;
        tokens.accessTokenExpiryUtc = m_clock.nowUtc().addSecs(lifetime.count());
        tokens.refreshToken = response.refreshToken;
        tokens.idClaims = validation.claims;
        m_done = true;
        Q_EMIT finished(tokens);
    });
}

void DeviceFlow::fail(const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    m_pollTimer.stop();
    Q_EMIT failed(message);
}

} // namespace streamcanvas::auth

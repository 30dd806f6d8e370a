#pragma once

#include "auth/SignInSettings.h"
#include "auth/TokenEndpoint.h"
#include "auth/TokenSet.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace streamcanvas::net {
class NetworkAccessManager;
}

namespace streamcanvas::auth {

class Clock;
class OidcProvider;

// Sign-in with a code on another device (RFC 8628), for machines without a usable browser
// and for the CLI: shows the user code and the address to type it in, then polls at the
// provider's interval (slow_down adds 5 s) until the user approved, declined, or the code
// expired. The ID token is validated as in the browser sign-in. Emits exactly one of
// finished or failed.
class DeviceFlow : public QObject
{
    Q_OBJECT

public:
    DeviceFlow(OidcProvider &provider, net::NetworkAccessManager &network, SignInSettings settings, const Clock &clock,
        QObject *parent = nullptr);
    ~DeviceFlow() override;

    void start();
    void cancel();

Q_SIGNALS:
    void codeReady(const QString &userCode, const QUrl &verificationUri, const QUrl &verificationUriComplete);
    void finished(const streamcanvas::auth::TokenSet &tokens);
    void failed(const QString &message);

private:
    void poll();
    void onTokens(const TokenResponse &response);
    void fail(const QString &message);

    OidcProvider &m_provider;
    net::NetworkAccessManager &m_network;
    SignInSettings m_settings;
    const Clock &m_clock;
    std::unique_ptr<TokenEndpoint> m_tokens;
    DeviceAuthorization m_authorization;
    std::chrono::steady_clock::time_point m_deadline{};
    QTimer m_pollTimer;
    bool m_done = false;
};

} // namespace streamcanvas::auth

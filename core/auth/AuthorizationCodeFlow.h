#pragma once

#include "auth/SignInSettings.h"
#include "auth/TokenSet.h"

#include <QObject>
#include <QPointer>
#include <QUrlQuery>

#include <memory>

namespace streamcanvas::net {
class NetworkAccessManager;
}

namespace streamcanvas::auth {

class BrowserLauncher;
class Clock;
class LoopbackListener;
class OidcProvider;
class TokenEndpoint;

// One browser sign-in: Authorization Code with PKCE (S256, a fresh verifier each time),
// `state` and `nonce` from the OS's random source, over a loopback listener that is up
// before the browser opens. Every callback is checked — error callbacks too — for the
// exact state, once, and for the issuer (RFC 9207) when the provider says it sends one.
// The ID token is validated (signature, issuer, audience, nonce, times) before anything
// is handed out. Emits exactly one of finished or failed.
class AuthorizationCodeFlow : public QObject
{
    Q_OBJECT

public:
    AuthorizationCodeFlow(OidcProvider &provider, net::NetworkAccessManager &network, BrowserLauncher &browser,
        SignInSettings settings, const Clock &clock, QObject *parent = nullptr);
    ~AuthorizationCodeFlow() override;

    void start();
    void cancel();

    // The address the browser was sent to (for showing it to the user as well).
    QUrl authorizationUrl() const { return m_authorizationUrl; }

Q_SIGNALS:
    void browserOpened(const QUrl &authorizationUrl);
    void finished(const streamcanvas::auth::TokenSet &tokens);
    void failed(const QString &message);
    // The browser tab got its "you can close this tab" page, or will not any more.
    void browserDone();

private:
    void openBrowser();
    void onCallback(const QUrlQuery &query);
    void onTokens(
        const QByteArray &accessToken, qint64 expiresIn, const QByteArray &refreshToken, const QByteArray &idToken);
    void fail(const QString &message);

    OidcProvider &m_provider;
    net::NetworkAccessManager &m_network;
    std::unique_ptr<TokenEndpoint> m_tokens;
    BrowserLauncher &m_browser;
    SignInSettings m_settings;
    const Clock &m_clock;
    // A child: after the callback it stays up to serve the browser its last page.
    LoopbackListener *m_listener = nullptr;
    QUrl m_authorizationUrl;
    QByteArray m_state;
    QByteArray m_nonce;
    QByteArray m_verifier;
    bool m_callbackReceived = false;
    bool m_done = false;
};

} // namespace streamcanvas::auth

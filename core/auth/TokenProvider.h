#pragma once

#include "auth/SignedInAccount.h"
#include "gateway/AccessTokenSource.h"

#include <QCoreApplication>
#include <QList>
#include <QLockFile>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <memory>
#include <optional>

namespace streamcanvas::secrets {
class SecretStore;
}
namespace streamcanvas::net {
class NetworkAccessManager;
}

namespace streamcanvas::auth {

class Clock;
class OidcProvider;
class TokenEndpoint;
struct TokenSet;

// Keeps a fresh access token for the gateway. The access token lives in memory only; the
// refresh token in the keychain. A refresh starts a margin before expiry (monotonic clock),
// only one is in flight however many requests wait, and a lock file shared by every process
// of the same account (the app and the CLI) keeps two from rotating at once. A rotated
// refresh token is saved before the new access token is used. `invalid_grant` means "sign
// in again" (nothing else is touched: drafts and conversations stay); network trouble is
// transient and keeps the tokens.
class TokenProvider
    : public QObject
    , public gateway::AccessTokenSource
{
    Q_OBJECT

public:
    enum class State { SignedOut, SignedIn, SignInRequired };

    // `lockDirectory`: where the per-account refresh lock lives (the app's data folder).
    TokenProvider(OidcProvider &provider, net::NetworkAccessManager &network, QString clientId,
        secrets::SecretStore &secrets, const Clock &clock, QString resource, QString lockDirectory,
        QObject *parent = nullptr);
    ~TokenProvider() override;

    // After a browser or device sign-in: remembers the account (keychain first) and the
    // access token. `done` gets false with a message when the keychain refused.
    void signedIn(const TokenSet &tokens, QObject *context, std::function<void(bool, const QString &)> done);
    // At start: the signed-in state comes from the keychain, not the network.
    void restore(QObject *context, std::function<void(State)> done);

    State state() const { return m_state; }
    std::optional<SignedInAccount> account() const { return m_account; }
    int refreshCount() const { return m_refreshes; }

    void authorization(QObject *context, Callback done) override;
    void renewAfterRejection(const QByteArray &rejected, QObject *context, Callback done) override;

Q_SIGNALS:
    void stateChanged(streamcanvas::auth::TokenProvider::State state);

private:
    struct Waiter {
        QPointer<QObject> context;
        Callback done;
    };

    bool accessTokenFresh() const;
    QByteArray header() const;
    void refresh();
    void tryLockAndRefresh(int attempt);
    void refreshWith(const SignedInAccount &account);
    void saveRotated(SignedInAccount account, const QByteArray &accessToken, std::chrono::seconds lifetime);
    void finishRefresh(const Result &result);
    void setState(State state);

    OidcProvider &m_provider;
    net::NetworkAccessManager &m_network;
    QString m_clientId;
    std::unique_ptr<TokenEndpoint> m_tokens;
    secrets::SecretStore &m_secrets;
    const Clock &m_clock;
    QString m_resource;
    std::unique_ptr<QLockFile> m_lock;

    State m_state = State::SignedOut;
    std::optional<SignedInAccount> m_account;
    QByteArray m_accessToken;
    std::chrono::steady_clock::time_point m_expiry{};
    std::chrono::steady_clock::duration m_margin{};
    QList<Waiter> m_waiters;
    bool m_refreshing = false;
    int m_refreshes = 0;
};

} // namespace streamcanvas::auth

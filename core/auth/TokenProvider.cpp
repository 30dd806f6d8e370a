#include "TokenProvider.h"

#include "auth/Clock.h"
#include "auth/OidcProvider.h"
#include "auth/TokenEndpoint.h"
#include "auth/TokenSet.h"
#include "secrets/SecretStore.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace streamcanvas::auth {

namespace {

// Refresh this long before the access token expires (a fifth of its lifetime for short-lived
// ones), so a request never carries a token that dies on the way.
constexpr std::chrono::steady_clock::duration maxRefreshMargin = 60s;

std::chrono::steady_clock::duration marginFor(std::chrono::steady_clock::duration lifetime)
{
    return std::min(maxRefreshMargin, lifetime / 5);
}
// How long to wait for another process that holds the refresh lock.
constexpr int lockAttempts = 150;
constexpr auto lockRetry = 100ms;

} // namespace

TokenProvider::TokenProvider(OidcProvider &provider, net::NetworkAccessManager &network, QString clientId,
    secrets::SecretStore &secrets, const Clock &clock, QString resource, QString lockDirectory, QObject *parent)
    : QObject(parent)
    , m_provider(provider)
    , m_network(network)
    , m_clientId(std::move(clientId))
    , m_secrets(secrets)
    , m_clock(clock)
    , m_resource(std::move(resource))
    , m_lock(std::make_unique<QLockFile>(
          SignedInAccount::lockFile(lockDirectory, u"refresh"_s, m_provider.issuer(), m_clientId)))
{
    // A process that died holding it does not block the others for long.
    m_lock->setStaleLockTime(30'000);
}

TokenProvider::~TokenProvider() = default;

void TokenProvider::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void TokenProvider::signedIn(const TokenSet &tokens, QObject *context, std::function<void(bool, const QString &)> done)
{
    SignedInAccount account;
    account.issuer = m_provider.issuer();
    account.clientId = m_clientId;
    account.subject = tokens.subject();
    account.displayName = tokens.displayName();
    account.refreshToken = tokens.refreshToken;
    QPointer<QObject> guard(context);
    m_secrets.write(SignedInAccount::secretKey(account.issuer, m_clientId), account.toJson(), this,
        [this, guard, account, tokens, done = std::move(done)](const secrets::SecretResult &result) {
            // Signed in for this session either way; remembered only if the keychain took it.
            m_account = account;
            m_accessToken = tokens.accessToken;
            m_expiry = tokens.accessTokenExpiry;
            m_margin = marginFor(m_expiry - m_clock.monotonicNow());
            setState(State::SignedIn);
            if (guard)
                done(result.ok(), result.message);
        });
}

void TokenProvider::restore(QObject *context, std::function<void(State)> done)
{
    QPointer<QObject> guard(context);
    m_secrets.read(SignedInAccount::secretKey(m_provider.issuer(), m_clientId), this,
        [this, guard, done = std::move(done)](const secrets::SecretResult &result) {
            const auto account = result.ok() ? SignedInAccount::fromJson(result.value) : std::nullopt;
            if (account && account->issuer == m_provider.issuer() && account->clientId == m_clientId) {
                m_account = account;
                setState(account->refreshToken.isEmpty() ? State::SignInRequired : State::SignedIn);
            } else {
                setState(State::SignedOut);
            }
            if (guard)
                done(m_state);
        });
}

bool TokenProvider::accessTokenFresh() const
{
    return !m_accessToken.isEmpty() && m_clock.monotonicNow() + m_margin < m_expiry;
}

QByteArray TokenProvider::header() const
{
    return "Bearer " + m_accessToken;
}

void TokenProvider::authorization(QObject *context, Callback done)
{
    if (m_state != State::SignedIn) {
        const QString message = m_state == State::SignInRequired
            ? tr("Your sign-in has expired. Sign in again; your conversations and drafts are kept.")
            : tr("You are not signed in. Sign in first.");
        QTimer::singleShot(0, context, [done = std::move(done), message] { done({false, {}, message}); });
        return;
    }
    if (accessTokenFresh() && !m_refreshing) {
        QTimer::singleShot(0, context, [done = std::move(done), value = header()] { done({true, value, {}}); });
        return;
    }
    m_waiters.append({context, std::move(done)});
    refresh();
}

void TokenProvider::renewAfterRejection(const QByteArray &rejected, QObject *context, Callback done)
{
    // Rejected what we still hold: it is spent, whatever its expiry said. A newer token
    // (another request refreshed meanwhile) is tried as it is.
    if (rejected == header())
        m_expiry = {};
    authorization(context, std::move(done));
}

void TokenProvider::refresh()
{
    if (m_refreshing)
        return;
    m_refreshing = true;
    tryLockAndRefresh(0);
}

void TokenProvider::tryLockAndRefresh(int attempt)
{
    if (!m_lock->tryLock(0)) {
        if (attempt >= lockAttempts) {
            finishRefresh(
                {false, {}, tr("Another StreamCanvas window is renewing your sign-in. Try again in a moment.")});
            return;
        }
        QTimer::singleShot(lockRetry, this, [this, attempt] { tryLockAndRefresh(attempt + 1); });
        return;
    }
    // Another process may have rotated the refresh token while we waited: read it again.
    m_secrets.read(
        SignedInAccount::secretKey(m_provider.issuer(), m_clientId), this, [this](const secrets::SecretResult &result) {
            std::optional<SignedInAccount> account
                = result.ok() ? SignedInAccount::fromJson(result.value) : std::nullopt;
            if (!account && m_account)
                account = m_account; // no keychain (or no entry): what this session holds
            if (!account || account->refreshToken.isEmpty()) {
                setState(State::SignInRequired);
                finishRefresh({false, {},
                    tr("Your sign-in has expired. Sign in again; your conversations and drafts "
                       "are kept.")});
                return;
            }
            refreshWith(*account);
        });
}

void TokenProvider::refreshWith(const SignedInAccount &account)
{
    m_provider.load(this, [this, account](bool ok, const QString &error) {
        if (!ok) {
            finishRefresh({false, {}, error});
            return;
        }
        if (!m_tokens)
            m_tokens = std::make_unique<TokenEndpoint>(m_network, m_provider.configuration(), m_clientId);
        ++m_refreshes;
        m_tokens->refresh(account.refreshToken, m_resource, this, [this, account](const TokenResponse &response) {
            if (!response.ok) {
                if (response.error == u"invalid_grant"_s) {
                    // The provider ended this sign-in: forget the refresh token, keep the rest.
                    SignedInAccount spent = account;
                    spent.refreshToken.clear();
                    m_account = spent;
                    m_accessToken.clear();
                    setState(State::SignInRequired);
                    m_secrets.write(SignedInAccount::secretKey(spent.issuer, spent.clientId), spent.toJson(), this,
                        [](const secrets::SecretResult &) {});
                }
                finishRefresh({false, {}, response.message});
                return;
            }
            SignedInAccount rotated = account;
            if (!response.refreshToken.isEmpty())
                rotated.refreshToken = response.refreshToken;
            saveRotated(rotated, response.accessToken,
                response.expiresIn.count() > 0 ? response.expiresIn : std::chrono::seconds(300));
        });
    });
}

void TokenProvider::saveRotated(SignedInAccount account, const QByteArray &accessToken, std::chrono::seconds lifetime)
{
    // The new refresh token is in the keychain before the new access token is used: if we
    // died right after, the next start still holds a refresh token that works.
    m_secrets.write(SignedInAccount::secretKey(account.issuer, account.clientId), account.toJson(), this,
        [this, account, accessToken, lifetime](const secrets::SecretResult &) {
            m_account = account;
            m_accessToken = accessToken;
            m_expiry = m_clock.monotonicNow() + lifetime;
            m_margin = marginFor(lifetime);
            setState(State::SignedIn);
            finishRefresh({true, header(), {}});
        });
}

void TokenProvider::finishRefresh(const Result &result)
{
    if (m_lock)
        m_lock->unlock();
    m_refreshing = false;
    const QList<Waiter> waiters = std::exchange(m_waiters, {});
    for (const Waiter &waiter : waiters) {
        if (waiter.context)
            waiter.done(result);
    }
}

} // namespace streamcanvas::auth

#include "AuthorizationCodeFlow.h"

#include "auth/BrowserLauncher.h"
#include "auth/Clock.h"
#include "auth/LoopbackListener.h"
#include "auth/OidcProvider.h"
#include "auth/Pkce.h"
#include "auth/TokenEndpoint.h"
#include "markdown/TextSanitizer.h"

#include <utility>

using namespace Qt::StringLiterals;

namespace streamcanvas::auth {

namespace {

// Compares without leaking through timing how much of a guess was right.
bool equalSecrets(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size() || a.isEmpty())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= uchar(a.at(i)) ^ uchar(b.at(i));
    return difference == 0;
}

} // namespace

AuthorizationCodeFlow::AuthorizationCodeFlow(OidcProvider &provider, net::NetworkAccessManager &network,
    BrowserLauncher &browser, SignInSettings settings, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_provider(provider)
    , m_network(network)
    , m_browser(browser)
    , m_settings(std::move(settings))
    , m_clock(clock)
{
}

AuthorizationCodeFlow::~AuthorizationCodeFlow() = default;

void AuthorizationCodeFlow::start()
{
    m_provider.load(this, [this](bool ok, const QString &error) {
        if (!ok) {
            fail(error);
            return;
        }
        openBrowser();
    });
}

void AuthorizationCodeFlow::cancel()
{
    fail(tr("The sign-in was cancelled."));
}

void AuthorizationCodeFlow::openBrowser()
{
    if (m_done)
        return;
    m_tokens = std::make_unique<TokenEndpoint>(m_network, m_provider.configuration(), m_settings.clientId);
    m_listener = new LoopbackListener(this);
    connect(m_listener, &LoopbackListener::closed, this, &AuthorizationCodeFlow::browserDone);
    QString error;
    if (!m_listener->listen(m_settings.timeout, &error)) {
        fail(error);
        return;
    }
    connect(m_listener, &LoopbackListener::callbackReceived, this, &AuthorizationCodeFlow::onCallback);
    connect(m_listener, &LoopbackListener::timedOut, this,
        [this] { fail(tr("The sign-in was not completed in time. Start it again.")); });

    m_state = Pkce::randomToken();
    m_nonce = Pkce::randomToken();
    m_verifier = Pkce::randomToken();

    QUrlQuery query;
    query.addQueryItem(u"response_type"_s, u"code"_s);
    query.addQueryItem(u"client_id"_s, m_settings.clientId);
    query.addQueryItem(u"redirect_uri"_s, m_listener->redirectUri().toString());
    query.addQueryItem(u"scope"_s, m_settings.scopes.join(u' '));
    query.addQueryItem(u"state"_s, QString::fromLatin1(m_state));
    query.addQueryItem(u"nonce"_s, QString::fromLatin1(m_nonce));
    query.addQueryItem(u"code_challenge"_s, QString::fromLatin1(Pkce::challengeS256(m_verifier)));
    query.addQueryItem(u"code_challenge_method"_s, u"S256"_s);
    if (!m_settings.resource.isEmpty())
        query.addQueryItem(u"resource"_s, m_settings.resource);
    // OpenID Connect Core §11: a request for offline access asks for consent.
    if (m_settings.scopes.contains(u"offline_access"_s))
        query.addQueryItem(u"prompt"_s, u"consent"_s);
    m_authorizationUrl = m_provider.configuration().authorizationEndpoint;
    QUrlQuery existing(m_authorizationUrl);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyEncoded))
        existing.addQueryItem(key, value);
    m_authorizationUrl.setQuery(existing.query(QUrl::FullyEncoded), QUrl::StrictMode);

    Q_EMIT browserOpened(m_authorizationUrl);
    // When no browser starts, the listener still waits: the address is shown to the user,
    // who can open it by hand.
    QString browserError;
    m_browser.openUrl(m_authorizationUrl, &browserError);
}

void AuthorizationCodeFlow::onCallback(const QUrlQuery &query)
{
    if (m_done)
        return;
    m_callbackReceived = true;
    // Single use: whatever this callback says, the values of this attempt are spent.
    const QByteArray expectedState = std::exchange(m_state, {});
    const QByteArray state = query.queryItemValue(u"state"_s, QUrl::FullyDecoded).toUtf8();
    if (!equalSecrets(state, expectedState)) {
        fail(tr("The answer that reached this app does not belong to this sign-in attempt, so it was ignored. "
                "Nothing was signed in."));
        return;
    }
    const bool hasIss = query.hasQueryItem(u"iss"_s);
    const QString iss = query.queryItemValue(u"iss"_s, QUrl::FullyDecoded);
    if ((hasIss && iss != m_provider.issuer()) || (!hasIss && m_provider.configuration().issParameterSupported)) {
        fail(tr("The answer that reached this app came from a different sign-in service than the configured "
                "one. Nothing was signed in."));
        return;
    }
    if (query.hasQueryItem(u"error"_s)) {
        const QString code = query.queryItemValue(u"error"_s, QUrl::FullyDecoded).left(64);
        if (code == u"access_denied"_s) {
            fail(tr("The sign-in was cancelled or declined."));
            return;
        }
        QString description = query.queryItemValue(u"error_description"_s, QUrl::FullyDecoded).left(200);
        markdown::TextSanitizer::sanitize(description);
        QString shownCode = code;
        markdown::TextSanitizer::sanitize(shownCode);
        fail(description.isEmpty() ? tr("The sign-in service reported an error (%1).").arg(shownCode)
                                   : tr("The sign-in service reported an error: %1").arg(description));
        return;
    }
    const QByteArray code = query.queryItemValue(u"code"_s, QUrl::FullyDecoded).toUtf8();
    if (code.isEmpty()) {
        fail(tr("The sign-in service's answer carried no authorization code."));
        return;
    }
    m_tokens->exchangeCode(
        code, m_verifier, m_listener->redirectUri(), m_settings.resource, this, [this](const TokenResponse &response) {
            if (m_done)
                return;
            if (!response.ok) {
                fail(response.message);
                return;
            }
            onTokens(response.accessToken, qint64(response.expiresIn.count()), response.refreshToken, response.idToken);
        });
}

void AuthorizationCodeFlow::onTokens(
    const QByteArray &accessToken, qint64 expiresIn, const QByteArray &refreshToken, const QByteArray &idToken)
{
    if (accessToken.isEmpty() || idToken.isEmpty()) {
        fail(tr("The sign-in service did not issue the tokens this app needs."));
        return;
    }
    JwtValidator::Expectations expectations;
    expectations.issuer = m_provider.issuer();
    expectations.clientId = m_settings.clientId;
    expectations.nonce = QString::fromLatin1(m_nonce);
    m_provider.validate(
        idToken, expectations, this, [this, accessToken, expiresIn, refreshToken](const JwtValidation &validation) {
            if (m_done)
                return;
            if (!validation.ok) {
                fail(tr("The sign-in service's identity token was not accepted: %1").arg(validation.message));
                return;
            }
            TokenSet tokens;
            tokens.accessToken = accessToken;
            const auto lifetime = std::chrono::seconds(expiresIn > 0 ? expiresIn : 300);
            tokens.accessTokenExpiry = m_clock.monotonicNow() + lifetime;
            tokens.accessTokenExpiryUtc = m_clock.nowUtc().addSecs(lifetime.count());
            tokens.refreshToken = refreshToken;
            tokens.idClaims = validation.claims;
            m_done = true;
            Q_EMIT finished(tokens);
        });
}

void AuthorizationCodeFlow::fail(const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    m_state.clear();
    m_verifier.clear();
    if (m_listener) {
        // The browser tab is told too; after a callback the listener closes itself once the
        // tab has that page, before one it can go now (queued: this may run inside its signal).
        m_listener->setDonePage(tr("Sign-in failed"), tr("Return to StreamCanvas to see why and try again."));
        if (!m_callbackReceived)
            QMetaObject::invokeMethod(m_listener, &LoopbackListener::close, Qt::QueuedConnection);
    }
    Q_EMIT failed(message);
}

} // namespace streamcanvas::auth

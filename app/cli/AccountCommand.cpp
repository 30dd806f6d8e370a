#include "AccountCommand.h"

#include "CommandBrowserLauncher.h"
#include "CommandStreams.h"
#include "GatewayOptions.h"
#include "GatewaySession.h"
#include "InterruptWatcher.h"
#include "PolicyContext.h"
#include "auth/AuthorizationCodeFlow.h"
#include "auth/DeviceFlow.h"
#include "auth/OidcProvider.h"
#include "auth/SignInLock.h"
#include "auth/SignedInAccount.h"
#include "auth/SystemClock.h"
#include "auth/TokenEndpoint.h"
#include "auth/TokenProvider.h"
#include "net/Origin.h"
#include "secrets/SecretStore.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace streamcanvas::cli {

AccountCommand::AccountCommand(Kind kind, secrets::SecretStore &secrets, PolicyContext &policy)
    : m_kind(kind)
    , m_secrets(secrets)
    , m_policy(policy)
{
}

QString AccountCommand::name() const
{
    switch (m_kind) {
    case Kind::Login:
        return u"login"_s;
    case Kind::Status:
        return u"status"_s;
    case Kind::Logout:
        return u"logout"_s;
    }
    return {};
}

QString AccountCommand::description() const
{
    switch (m_kind) {
    case Kind::Login:
        return tr("Sign in with your company account in the browser.");
    case Kind::Status:
        return tr("Show who is signed in (never a token).");
    case Kind::Logout:
        return tr("Sign out: end the sign-in at the identity provider and remove it from this computer.");
    }
    return {};
}

int AccountCommand::run(const QStringList &arguments, CommandStreams &streams)
{
    const QString program = arguments.value(0, name());
    QCommandLineParser parser;
    parser.setApplicationDescription(description());
    const QCommandLineOption help = parser.addHelpOption();
    GatewayOptions options(m_policy);
    options.addTo(parser);
    const QCommandLineOption browserOption(u"browser"_s,
        tr("The program that opens the sign-in page, given its address (default: the system's)."), u"program"_s);
    const QCommandLineOption deviceOption(u"device"_s,
        tr("Sign in with a code on another device (a phone, another computer) instead of a browser here."));
    if (m_kind == Kind::Login) {
        parser.addOption(browserOption);
        parser.addOption(deviceOption);
    }
    if (!parser.parse(arguments))
        return streams.usageError(program, parser.errorText());
    if (parser.isSet(help)) {
        streams.printHelp(parser.helpText(), program);
        return ExitSuccess;
    }
    if (!parser.positionalArguments().isEmpty())
        return streams.usageError(program, tr("unexpected argument '%1'.").arg(parser.positionalArguments().first()));
    if (const int code = options.read(parser, streams, program); code != ExitSuccess)
        return code;
    if (options.auth() != GatewayOptions::Auth::Oidc)
        return streams.usageError(program, tr("signing in needs the identity provider: pass --issuer URL."));

    switch (m_kind) {
    case Kind::Login: {
        auth::SignInLock lock(GatewaySession::lockDirectory(), options.issuer(), options.clientId());
        QString busy;
        if (!lock.acquire(&busy)) {
            streams.printError(program + u": " + busy + u'\n');
            return ExitSignIn;
        }
        // Policy may prefer the code on another device; an explicit --browser still wins.
        const bool device
            = parser.isSet(deviceOption) || (options.policy().preferDeviceSignIn() && !parser.isSet(browserOption));
        if (device)
            return loginWithCode(options, streams, program);
        return login(options, parser.value(browserOption), streams, program);
    }
    case Kind::Status:
        return status(options, streams);
    case Kind::Logout:
        return logout(options, streams, program);
    }
    return ExitFailure;
}

int AccountCommand::login(
    const GatewayOptions &options, const QString &browser, CommandStreams &streams, const QString &program)
{
    GatewaySession session(options, m_secrets);
    if (!session.settingsError().isEmpty()) {
        streams.printError(program + u": " + session.settingsError() + u'\n');
        return ExitUsage;
    }
    const auth::SignInSettings settings = options.signInSettings();
    CommandBrowserLauncher launcher(browser, streams);
    auth::AuthorizationCodeFlow flow(*session.oidcProvider(), session.network(), launcher, settings, *session.clock());

    QEventLoop loop;
    InterruptWatcher interrupt;
    int code = ExitSuccess;
    bool browserDone = false;
    QObject::connect(&flow, &auth::AuthorizationCodeFlow::browserDone, &loop, [&] { browserDone = true; });
    QObject::connect(&flow, &auth::AuthorizationCodeFlow::failed, &loop, [&](const QString &message) {
        streams.printError(program + u": " + message + u'\n');
        code = ExitSignIn;
        loop.quit();
    });
    QObject::connect(&flow, &auth::AuthorizationCodeFlow::finished, &loop, [&](const auth::TokenSet &tokens) {
        remember(session, tokens, streams, loop, options.policy().allowSessionOnlyTokens(), code);
    });
    QObject::connect(&interrupt, &InterruptWatcher::interrupted, &loop, [&] {
        flow.cancel();
        code = ExitCancelled;
    });
    flow.start();
    loop.exec();
    // Let the browser tab get its "you can close this tab" page before the listener goes.
    if (!browserDone && code == ExitSuccess) {
        QObject::connect(&flow, &auth::AuthorizationCodeFlow::browserDone, &loop, &QEventLoop::quit);
        QTimer::singleShot(5000, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return code;
}

int AccountCommand::loginWithCode(const GatewayOptions &options, CommandStreams &streams, const QString &program)
{
    GatewaySession session(options, m_secrets);
    if (!session.settingsError().isEmpty()) {
        streams.printError(program + u": " + session.settingsError() + u'\n');
        return ExitUsage;
    }
    const auth::SignInSettings settings = options.signInSettings();
    auth::DeviceFlow flow(*session.oidcProvider(), session.network(), settings, *session.clock());

    QEventLoop loop;
    InterruptWatcher interrupt;
    int code = ExitSuccess;
    QObject::connect(&flow, &auth::DeviceFlow::codeReady, &loop,
        [&](const QString &userCode, const QUrl &verificationUri, const QUrl &verificationUriComplete) {
            streams.printError(
                tr("To sign in, open %1 on any device and enter the code %2").arg(verificationUri.toString(), userCode)
                + u'\n');
            if (!verificationUriComplete.isEmpty())
                streams.printError(tr("(or open %1)").arg(verificationUriComplete.toString()) + u'\n');
            streams.printError(tr("Waiting for the sign-in...") + u'\n');
        });
    QObject::connect(&flow, &auth::DeviceFlow::failed, &loop, [&](const QString &message) {
        streams.printError(program + u": " + message + u'\n');
        code = code == ExitCancelled ? ExitCancelled : ExitSignIn;
        loop.quit();
    });
    QObject::connect(&flow, &auth::DeviceFlow::finished, &loop, [&](const auth::TokenSet &tokens) {
        remember(session, tokens, streams, loop, options.policy().allowSessionOnlyTokens(), code);
    });
    QObject::connect(&interrupt, &InterruptWatcher::interrupted, &loop, [&] {
        code = ExitCancelled;
        flow.cancel();
    });
    flow.start();
    loop.exec();
    return code;
}

void AccountCommand::remember(GatewaySession &session, const auth::TokenSet &tokens, CommandStreams &streams,
    QEventLoop &loop, bool sessionOnlyAllowed, int &code)
{
    session.tokenProvider()->signedIn(tokens, &loop,
        [&streams, &loop, &code, sessionOnlyAllowed, name = tokens.displayName()](
            bool remembered, const QString &message) {
            if (!remembered && !sessionOnlyAllowed) {
                streams.printError(tr("Signing in needs a working keychain, and the sign-in can't be kept in it: "
                                      "%1 Your organization does not allow a sign-in for this session only "
                                      "(AllowSessionOnlyTokens).")
                                       .arg(message)
                    + u'\n');
                code = ExitSignIn;
                loop.quit();
                return;
            }
            streams.print(tr("Signed in as %1.").arg(name) + u'\n');
            if (!remembered)
                streams.printError(tr("The sign-in can't be remembered on this computer: %1").arg(message) + u'\n');
            loop.quit();
        });
}

int AccountCommand::status(const GatewayOptions &options, CommandStreams &streams)
{
    GatewaySession session(options, m_secrets);
    auth::TokenProvider *tokens = session.tokenProvider();
    const auto account = tokens->account();
    switch (tokens->state()) {
    case auth::TokenProvider::State::SignedIn:
        streams.print(
            tr("Signed in as %1 (%2) at %3.").arg(account->displayName, account->subject, account->issuer) + u'\n');
        return ExitSuccess;
    case auth::TokenProvider::State::SignInRequired:
        streams.print(
            tr("The sign-in of %1 at %2 has expired: sign in again.").arg(account->displayName, account->issuer)
            + u'\n');
        return ExitSignIn;
    case auth::TokenProvider::State::SignedOut:
        break;
    }
    streams.print(tr("Not signed in at %1.").arg(options.issuer()) + u'\n');
    return ExitSignIn;
}

int AccountCommand::logout(const GatewayOptions &options, CommandStreams &streams, const QString &program)
{
    GatewaySession session(options, m_secrets);
    const auto account = session.tokenProvider()->account();
    if (!account) {
        streams.print(tr("Not signed in at %1.").arg(options.issuer()) + u'\n');
        return ExitSuccess;
    }
    QEventLoop loop;
    auth::OidcProvider &provider = *session.oidcProvider();
    QString revokeProblem;
    std::unique_ptr<auth::TokenEndpoint> endpoint;
    // 1. Tell the provider (RFC 7009), when there is a refresh token and an endpoint.
    if (!account->refreshToken.isEmpty()) {
        provider.load(&loop, [&](bool ok, const QString &error) {
            if (!ok) {
                revokeProblem = error;
                loop.quit();
                return;
            }
            endpoint = std::make_unique<auth::TokenEndpoint>(
                session.network(), provider.configuration(), options.clientId());
            endpoint->revoke(account->refreshToken, "refresh_token", &loop, [&](const auth::TokenResponse &response) {
                if (!response.ok)
                    revokeProblem = response.message;
                loop.quit();
            });
        });
        loop.exec();
    }
    // 2. Wipe the keychain entry whatever the provider said.
    bool wiped = false;
    QString wipeProblem;
    m_secrets.remove(auth::SignedInAccount::secretKey(options.issuer(), options.clientId()), &loop,
        [&](const secrets::SecretResult &result) {
            wiped = result.ok();
            wipeProblem = result.message;
            loop.quit();
        });
    loop.exec();
    if (!wiped) {
        streams.printError(
            program + u": " + tr("The sign-in could not be removed from the keychain: %1").arg(wipeProblem) + u'\n');
        return ExitFailure;
    }
    streams.print(tr("Signed out %1.").arg(account->displayName) + u'\n');
    if (!revokeProblem.isEmpty())
        streams.printError(
            tr("The identity provider could not be told (%1); the sign-in was removed from this computer.")
                .arg(revokeProblem)
            + u'\n');
    if (provider.isLoaded() && !provider.configuration().endSessionEndpoint.isEmpty()) {
        streams.print(tr("To end the session in your browser too, open: %1")
                          .arg(provider.configuration().endSessionEndpoint.toString())
            + u'\n');
    }
    return ExitSuccess;
}

} // namespace streamcanvas::cli

#pragma once

#include "Command.h"

#include <QCoreApplication>

class QEventLoop;

namespace streamcanvas::auth {
struct TokenSet;
}
namespace streamcanvas::secrets {
class SecretStore;
}

namespace streamcanvas::cli {

class PolicyContext;

// The signed-in account of an identity provider:
//   login   sign in with the system browser (Authorization Code + PKCE), or with a code on
//           another device (--device, RFC 8628)
//   status  who is signed in, at which provider (never a token)
//   logout  revoke the refresh token, wipe the keychain entry, show the provider's sign-out page
class AccountCommand : public Command
{
    Q_DECLARE_TR_FUNCTIONS(AccountCommand)

public:
    enum class Kind { Login, Status, Logout };

    AccountCommand(Kind kind, secrets::SecretStore &secrets, PolicyContext &policy);

    QString name() const override;
    QString description() const override;
    int run(const QStringList &arguments, CommandStreams &streams) override;

private:
    int login(
        const class GatewayOptions &options, const QString &browser, CommandStreams &streams, const QString &program);
    int loginWithCode(const GatewayOptions &options, CommandStreams &streams, const QString &program);
    // Keeps a fresh sign-in (keychain first), tells the user, then quits `loop`.
    void remember(class GatewaySession &session, const auth::TokenSet &tokens, CommandStreams &streams,
        QEventLoop &loop, bool sessionOnlyAllowed, int &code);
    int status(const GatewayOptions &options, CommandStreams &streams);
    int logout(const GatewayOptions &options, CommandStreams &streams, const QString &program);

    Kind m_kind;
    secrets::SecretStore &m_secrets;
    PolicyContext &m_policy;
};

} // namespace streamcanvas::cli

#pragma once

#include "Command.h"

#include <QCoreApplication>

namespace streamcanvas::secrets {
class SecretStore;
}

namespace streamcanvas::cli {

class PolicyContext;

// Keeps a secret the gateway commands need in the OS keychain:
//   api-key set|remove --gateway URL                     a gateway's API key
//   proxy-password set|remove --proxy http://user@host:port   a proxy user's password
// The secret is read from standard input, never from the command line, where other users
// of the machine could see it.
class StoredSecretCommand : public Command
{
    Q_DECLARE_TR_FUNCTIONS(StoredSecretCommand)

public:
    enum class Kind { ApiKey, ProxyPassword };

    StoredSecretCommand(Kind kind, secrets::SecretStore &secrets, PolicyContext &policy);

    QString name() const override;
    QString description() const override;
    int run(const QStringList &arguments, CommandStreams &streams) override;

private:
    Kind m_kind;
    secrets::SecretStore &m_secrets;
    PolicyContext &m_policy;
};

} // namespace streamcanvas::cli

#pragma once

#include "Command.h"

#include <QCoreApplication>

namespace streamcanvas::secrets {
class SecretStore;
}

namespace streamcanvas::cli {

// streamcanvas-cli api-key set|remove --gateway URL: keeps a gateway's API key in the OS
// keychain. The key is read from standard input, never from the command line, where other
// users of the machine could see it.
class ApiKeyCommand : public Command
{
    Q_DECLARE_TR_FUNCTIONS(ApiKeyCommand)

public:
    explicit ApiKeyCommand(secrets::SecretStore &secrets);

    QString name() const override;
    QString description() const override;
    int run(const QStringList &arguments, CommandStreams &streams) override;

private:
    secrets::SecretStore &m_secrets;
};

} // namespace streamcanvas::cli

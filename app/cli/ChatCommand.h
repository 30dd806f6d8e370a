#pragma once

#include "Command.h"

#include <QCoreApplication>

namespace streamcanvas::secrets {
class SecretStore;
}

namespace streamcanvas::cli {

// streamcanvas-cli chat: sends one prompt and streams the answer to stdout as it arrives.
class ChatCommand : public Command
{
    Q_DECLARE_TR_FUNCTIONS(ChatCommand)

public:
    explicit ChatCommand(secrets::SecretStore &secrets);

    QString name() const override;
    QString description() const override;
    int run(const QStringList &arguments, CommandStreams &streams) override;

private:
    secrets::SecretStore &m_secrets;
};

} // namespace streamcanvas::cli

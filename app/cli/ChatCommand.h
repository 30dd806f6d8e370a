#pragma once

#include "Command.h"

#include <QCoreApplication>

namespace streamcanvas::secrets {
class SecretStore;
}

namespace streamcanvas::cli {

class PolicyContext;

// streamcanvas-cli chat: sends one prompt and streams the answer to stdout as it arrives.
class ChatCommand : public Command
{
    Q_DECLARE_TR_FUNCTIONS(ChatCommand)

public:
    ChatCommand(secrets::SecretStore &secrets, PolicyContext &policy);

    QString name() const override;
    QString description() const override;
    int run(const QStringList &arguments, CommandStreams &streams) override;

private:
    secrets::SecretStore &m_secrets;
    PolicyContext &m_policy;
};

} // namespace streamcanvas::cli

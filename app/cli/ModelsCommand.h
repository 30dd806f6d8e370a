#pragma once

#include "Command.h"

#include <QCoreApplication>

namespace streamcanvas::secrets {
class SecretStore;
}

namespace streamcanvas::cli {

class PolicyContext;

// streamcanvas-cli models: the gateway's models, one id per line.
class ModelsCommand : public Command
{
    Q_DECLARE_TR_FUNCTIONS(ModelsCommand)

public:
    ModelsCommand(secrets::SecretStore &secrets, PolicyContext &policy);

    QString name() const override;
    QString description() const override;
    int run(const QStringList &arguments, CommandStreams &streams) override;

private:
    secrets::SecretStore &m_secrets;
    PolicyContext &m_policy;
};

} // namespace streamcanvas::cli

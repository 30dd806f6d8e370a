#pragma once

#include "Command.h"

#include <QCoreApplication>

namespace streamcanvas::cli {

class PolicyContext;

// "connection import FILE | show | clear": the user's own connection when policy does not
// manage one — usually a connection profile the company publishes (see ConnectionProfile).
class ConnectionCommand : public Command
{
    Q_DECLARE_TR_FUNCTIONS(ConnectionCommand)

public:
    explicit ConnectionCommand(PolicyContext &policy);

    QString name() const override;
    QString description() const override;
    int run(const QStringList &arguments, CommandStreams &streams) override;

private:
    int import(const QString &path, CommandStreams &streams, const QString &program);
    int show(CommandStreams &streams);
    int clear(CommandStreams &streams, const QString &program);

    PolicyContext &m_policy;
};

} // namespace streamcanvas::cli

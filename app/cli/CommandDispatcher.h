#pragma once

#include "Command.h"

#include <QCoreApplication>

#include <memory>
#include <vector>

namespace streamcanvas::cli {

// Handles the top level of "streamcanvas-cli [--help|--version] <command> [options]" and
// hands everything after the command name to that command.
class CommandDispatcher
{
    Q_DECLARE_TR_FUNCTIONS(CommandDispatcher)

public:
    explicit CommandDispatcher(std::vector<std::unique_ptr<Command>> commands);

    // arguments as from QCoreApplication::arguments(); returns the process exit code.
    int run(const QStringList &arguments, CommandStreams &streams);

private:
    Command *find(const QString &name) const;
    QString commandList() const;

    std::vector<std::unique_ptr<Command>> m_commands;
};

} // namespace streamcanvas::cli

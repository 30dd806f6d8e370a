#pragma once

#include <QString>
#include <QStringList>

namespace streamcanvas::cli {

class CommandStreams;

// Exit codes shared by every command, so scripts can tell "fix your invocation" from
// "something went wrong while running".
enum ExitCode : int {
    ExitSuccess = 0,
    ExitFailure = 1,     // the command ran but could not complete (e.g. the output could not be written)
    ExitUsage = 2,       // bad arguments, or the input named on the command line cannot be read
    ExitSignIn = 3,      // sign-in or permission: the user or an admin has to act
    ExitGateway = 4,     // the gateway or the network failed; no answer (or an error instead of one)
    ExitInterrupted = 5, // the answer started but was cut off; the partial answer was printed
    ExitCancelled = 130, // stopped with Ctrl-C (128 + SIGINT, as shells report it)
};

// One subcommand of streamcanvas-cli ("render", later "login", "chat", ...).
class Command
{
public:
    virtual ~Command() = default;

    virtual QString name() const = 0;
    // One line for the list of commands in the top-level help.
    virtual QString description() const = 0;
    // arguments[0] is the command as typed ("streamcanvas-cli render"); the rest are its
    // options and arguments. Returns an ExitCode.
    virtual int run(const QStringList &arguments, CommandStreams &streams) = 0;
};

} // namespace streamcanvas::cli

#pragma once

#include <QList>

class QCoreApplication;

namespace streamcanvas::policy {
class PolicySource;
}

namespace streamcanvas::cli {

// The whole of streamcanvas-cli once the process has its QCoreApplication and knows where
// managed policy comes from: loads policy before anything else (in particular before any
// network request), then runs the command. Returns the exit code.
int runCli(QCoreApplication &app, const QList<policy::PolicySource *> &policySources);

} // namespace streamcanvas::cli

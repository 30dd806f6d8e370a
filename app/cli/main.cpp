#include "CliApplication.h"
#include "policy/PlatformPolicySources.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("streamcanvas-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(STREAMCANVAS_VERSION));
    return streamcanvas::cli::runCli(app, streamcanvas::policy::createPlatformPolicySources(&app));
}

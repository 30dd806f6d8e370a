// streamcanvas-cli as the tests build it: the product's CLI in every way but where managed
// policy comes from — the directory named by STREAMCANVAS_TEST_POLICY_ROOT, owned by the
// user running the tests instead of root. Never installed; the product's main() has no such
// way in.
#include "CliApplication.h"
#include "policy/LinuxPolicySource.h"

#include <QCoreApplication>

#include <unistd.h>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("streamcanvas-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral("test"));
    const QString root = qEnvironmentVariable("STREAMCANVAS_TEST_POLICY_ROOT");
    if (root.isEmpty()) {
        std::fputs("STREAMCANVAS_TEST_POLICY_ROOT is not set\n", stderr);
        return 70;
    }
    auto *source = new streamcanvas::policy::LinuxPolicySource(root, ::geteuid(), &app);
    return streamcanvas::cli::runCli(app, {source});
}

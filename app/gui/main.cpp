#include "DesktopUrlOpener.h"
#include "DialogLinkConfirmer.h"
#include "LinkActivator.h"
#include "MainWindow.h"
#include "markdown/ParseOptions.h"
#include "net/Redactor.h"
#include "policy/LogLevelRules.h"
#include "policy/PlatformPolicySources.h"
#include "policy/PolicySchema.h"
#include "policy/PolicyService.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

using namespace streamcanvas;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("StreamCanvas"));
    QApplication::setApplicationVersion(QStringLiteral(STREAMCANVAS_VERSION));

    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
            QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("streamcanvas"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("main", "Desktop client for the AI gateway."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption open(QStringLiteral("open"),
        QCoreApplication::translate("main", "Show the Markdown file <file> as an answer."), QStringLiteral("file"));
    const QCommandLineOption stream(QStringLiteral("stream"),
        QCoreApplication::translate("main", "Feed the file in small chunks, as a streamed answer arrives."));
    parser.addOption(open);
    parser.addOption(stream);
    parser.process(app);

    // Managed policy before anything else: it decides what the app may show and reach.
    policy::PolicyService policyService(policy::PolicySchema::builtIn(), policy::createPlatformPolicySources(&app),
        [](const QString &text, const policy::ResolvedPolicy &policy) {
            return net::Redactor(policy.configuredUrls()).redact(text);
        });
    policyService.load();
    policy::applyLogLevel(policyService.current().effective().logLevel());
    policyService.logCurrent(QStringLiteral("loaded"));

    markdown::ParseOptions options;
    options.allowedLinkSchemes = policyService.current().effective().allowedLinkSchemes();
    gui::DesktopUrlOpener opener;
    gui::DialogLinkConfirmer confirmer;
    gui::LinkActivator links(options.allowedLinkSchemes, confirmer, opener);

    gui::MainWindow window(links, options);
    if (parser.isSet(open))
        window.openFile(parser.value(open), parser.isSet(stream));
    window.show();
    return QApplication::exec();
}

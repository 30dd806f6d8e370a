#include "ConnectionCommand.h"

#include "CommandStreams.h"
#include "PolicyContext.h"
#include "policy/ConnectionProfile.h"
#include "policy/PolicyService.h"
#include "policy/UserSettings.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace streamcanvas::cli {

ConnectionCommand::ConnectionCommand(PolicyContext &policy)
    : m_policy(policy)
{
}

QString ConnectionCommand::name() const
{
    return u"connection"_s;
}

QString ConnectionCommand::description() const
{
    return tr("Import, show or clear your own connection (gateway, sign-in, CA).");
}

int ConnectionCommand::run(const QStringList &arguments, CommandStreams &streams)
{
    const QString program = arguments.value(0, name());
    QCommandLineParser parser;
    parser.setApplicationDescription(description() + u"\n\n"_s
        + tr("import FILE  use the connection profile your company publishes\n"
             "show         the connection in use and where each part comes from\n"
             "clear        forget your own connection settings"));
    const QCommandLineOption help = parser.addHelpOption();
    parser.addPositionalArgument(u"action"_s, tr("import FILE, show or clear."), u"import FILE|show|clear"_s);
    if (!parser.parse(arguments))
        return streams.usageError(program, parser.errorText());
    if (parser.isSet(help)) {
        streams.printHelp(parser.helpText(), program);
        return ExitSuccess;
    }
    if (!m_policy.settingsError().isEmpty()) {
        streams.printError(program + u": " + m_policy.settingsError() + u'\n');
        return ExitUsage;
    }
    const QStringList words = parser.positionalArguments();
    const QString action = words.value(0);
    if (action == u"import"_s && words.size() == 2)
        return import(words.at(1), streams, program);
    if (action == u"show"_s && words.size() == 1)
        return show(streams);
    if (action == u"clear"_s && words.size() == 1)
        return clear(streams, program);
    return streams.usageError(program, tr("expected \"import FILE\", \"show\" or \"clear\"."));
}

int ConnectionCommand::import(const QString &path, CommandStreams &streams, const QString &program)
{
    const policy::ResolvedPolicy &current = m_policy.resolve();
    if (const auto forbidden = policy::ConnectionProfile::forbiddenBy(current)) {
        streams.printError(program + u": " + tr("cannot import a connection: %1.").arg(*forbidden) + u'\n');
        return ExitSignIn;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return streams.usageError(program, tr("cannot read '%1': %2.").arg(path, file.errorString()));
    const QString origin = tr("connection profile %1").arg(QFileInfo(path).fileName());
    const policy::ConnectionProfile::Result profile = policy::ConnectionProfile::parse(
        m_policy.service().schema(), file.read(policy::ConnectionProfile::maxFileSize + 1), origin);
    if (!profile.ok()) {
        streams.printError(program + u": " + tr("%1 was not imported; nothing changed:").arg(path) + u'\n');
        for (const QString &error : profile.errors)
            streams.printError(u"  "_s + error + u'\n');
        return ExitUsage;
    }

    policy::UserSettings &settings = m_policy.settings();
    settings.clearConnection();
    for (const policy::UserValue &value : profile.values)
        settings.setValue(value.name, value.value);
    settings.setProfileName(profile.name.isEmpty() ? QFileInfo(path).fileName() : profile.name);
    QString error;
    if (!settings.save(&error)) {
        streams.printError(program + u": " + error + u'\n');
        return ExitFailure;
    }
    streams.print(tr("Imported the connection \u201c%1\u201d.").arg(settings.profileName()) + u'\n');
    return show(streams);
}

int ConnectionCommand::show(CommandStreams &streams)
{
    const policy::ResolvedPolicy &resolved = m_policy.resolve();
    if (const auto forbidden = policy::ConnectionProfile::forbiddenBy(resolved))
        streams.print(tr("Your own connection settings are not used: %1.").arg(*forbidden) + u'\n');
    else if (!m_policy.settings().profileName().isEmpty())
        streams.print(tr("Connection profile: %1").arg(m_policy.settings().profileName()) + u'\n');
    for (policy::PolicyKey key : policy::PolicyResolver::connectionKeys()) {
        const policy::PolicyEntry &entry = resolved.entry(key);
        QString value = entry.value.isNull() ? tr("(not set)")
            : entry.value.isArray()          ? entry.value.toVariant().toStringList().join(u' ')
                                             : entry.value.toString();
        if (key == policy::PolicyKey::ExtraCaCertificates && !entry.value.isNull())
            value = tr("%n certificate(s)", nullptr, int(value.count(u"BEGIN CERTIFICATE"_s)));
        const QString source = entry.source == policy::ValueSource::Default ? tr("default") : entry.origin;
        streams.print(u"%1 %2 [%3]\n"_s.arg(policy::policyName(key) + u':', -21).arg(value, source));
    }
    return ExitSuccess;
}

int ConnectionCommand::clear(CommandStreams &streams, const QString &program)
{
    policy::UserSettings &settings = m_policy.settings();
    settings.clearConnection();
    QString error;
    if (!settings.save(&error)) {
        streams.printError(program + u": " + error + u'\n');
        return ExitFailure;
    }
    streams.print(tr("Your own connection settings were cleared.") + u'\n');
    return ExitSuccess;
}

} // namespace streamcanvas::cli

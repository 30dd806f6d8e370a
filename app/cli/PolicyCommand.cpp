#include "PolicyCommand.h"

#include "CommandStreams.h"
#include "PolicyContext.h"
#include "net/Redactor.h"
#include "policy/PolicyService.h"
#include "policy/ResolvedPolicy.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace streamcanvas::cli {

namespace {

struct Placement {
    QString level;
    QString scope;
};

Placement placement(policy::ValueSource source)
{
    switch (source) {
    case policy::ValueSource::MachineMandatory:
        return {u"mandatory"_s, u"machine"_s};
    case policy::ValueSource::UserMandatory:
        return {u"mandatory"_s, u"user"_s};
    case policy::ValueSource::UserSetting:
        return {u"user"_s, u"user"_s};
    case policy::ValueSource::MachineRecommended:
        return {u"recommended"_s, u"machine"_s};
    case policy::ValueSource::UserRecommended:
        return {u"recommended"_s, u"user"_s};
    case policy::ValueSource::Default:
        return {u"default"_s, {}};
    }
    return {};
}

// Shows the hosts an admin configured (they are what is being checked) but nothing shaped
// like a credential, even if one was pasted into a policy by mistake.
net::Redactor redactorFor(const policy::ResolvedPolicy &resolved)
{
    return net::Redactor(resolved.configuredUrls());
}

QString compact(const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined())
        return u"(not set)"_s;
    if (value.isString())
        return value.toString();
    if (value.isBool())
        return value.toBool() ? u"true"_s : u"false"_s;
    if (value.isDouble())
        return QString::number(value.toInteger());
    return QString::fromUtf8(QJsonDocument::fromVariant(value.toVariant()).toJson(QJsonDocument::Compact));
}

QJsonValue redacted(const net::Redactor &redactor, const QJsonValue &value)
{
    if (value.isString())
        return redactor.redact(value.toString());
    if (value.isArray()) {
        QJsonArray array;
        for (const QJsonValue &item : value.toArray())
            array.append(redacted(redactor, item));
        return array;
    }
    if (value.isObject()) {
        QJsonObject object;
        const QJsonObject source = value.toObject();
        for (auto it = source.begin(); it != source.end(); ++it)
            object.insert(redactor.redact(it.key()), redacted(redactor, it.value()));
        return object;
    }
    return value;
}

QString oneLine(QString text, qsizetype width)
{
    text.replace(u'\n', u"\u23ce"_s);
    return text.size() > width ? text.left(width - 1) + u"\u2026"_s : text;
}

} // namespace

PolicyCommand::PolicyCommand(PolicyContext &policy, QString snapshotPath)
    : m_policy(policy)
    , m_snapshotPath(std::move(snapshotPath))
{
}

QString PolicyCommand::name() const
{
    return u"policy"_s;
}

QString PolicyCommand::description() const
{
    return tr("Show every policy: effective value, level, scope, source and status.");
}

QJsonObject PolicyCommand::toJson(const policy::ResolvedPolicy &resolved, const QStringList &sources)
{
    const net::Redactor redactor = redactorFor(resolved);
    const policy::PolicySchema &schema = policy::PolicySchema::builtIn();
    QJsonArray policies;
    for (const policy::PolicyEntry &entry : resolved.entries()) {
        const policy::PolicyDefinition &definition = schema.definition(entry.key);
        const Placement where = placement(entry.source);
        QJsonArray candidates;
        QString status = entry.source == policy::ValueSource::Default ? u"default"_s : u"ok"_s;
        QString message;
        for (const policy::PolicyCandidate &candidate : entry.candidates) {
            const Placement from = placement(candidate.source);
            candidates.append(QJsonObject{{u"level"_s, from.level}, {u"scope"_s, from.scope},
                {u"source"_s, candidate.origin}, {u"value"_s, redacted(redactor, candidate.value)},
                {u"status"_s, policy::statusName(candidate.status)},
                {u"message"_s, redactor.redact(candidate.message)}});
            if (entry.blocked && candidate.origin == entry.origin) {
                status = u"error"_s;
                message = redactor.redact(candidate.message);
            }
        }
        policies.append(QJsonObject{{u"name"_s, definition.name}, {u"value"_s, redacted(redactor, entry.value)},
            {u"level"_s, where.level}, {u"scope"_s, where.scope.isEmpty() ? QJsonValue() : QJsonValue(where.scope)},
            {u"source"_s, entry.origin.isEmpty() ? QJsonValue() : QJsonValue(entry.origin)}, {u"status"_s, status},
            {u"message"_s, message}, {u"locked"_s, entry.locked}, {u"blocked"_s, entry.blocked},
            {u"applies"_s, definition.appliesLive ? u"live"_s : u"restart"_s}, {u"security"_s, definition.security},
            {u"candidates"_s, candidates}});
    }
    QJsonArray messages;
    for (const policy::PolicyMessage &message : resolved.messages()) {
        messages.append(QJsonObject{
            {u"severity"_s, message.severity == policy::PolicyMessage::Severity::Error ? u"error"_s : u"warning"_s},
            {u"source"_s, message.origin}, {u"message"_s, redactor.redact(message.text)}});
    }
    QJsonArray unknown;
    for (const policy::UnknownPolicy &policy : resolved.unknownPolicies())
        unknown.append(QJsonObject{{u"name"_s, policy.name}, {u"source"_s, policy.origin}});
    QJsonArray blocking;
    for (const policy::PolicyMessage &message : resolved.blockingErrors())
        blocking.append(redactor.redact(message.display()));
    return QJsonObject{{u"sources"_s, QJsonArray::fromStringList(sources)}, {u"sha256"_s, resolved.sha256()},
        {u"chatAllowed"_s, resolved.chatAllowed()}, {u"blockingErrors"_s, blocking}, {u"policies"_s, policies},
        {u"unknownPolicies"_s, unknown}, {u"messages"_s, messages}};
}

QString PolicyCommand::table(const policy::ResolvedPolicy &resolved, const QJsonObject &json)
{
    QString text;
    text += tr("Policy sources: %1").arg(json.value(u"sources"_s).toVariant().toStringList().join(u", "_s)) + u'\n';
    text += tr("Policy SHA-256: %1").arg(resolved.sha256()) + u'\n';
    if (resolved.chatAllowed()) {
        text += tr("Chatting: allowed") + u'\n';
    } else {
        text += tr("Chatting: DISABLED by policy") + u'\n';
        for (const QJsonValue &reason : json.value(u"blockingErrors"_s).toArray())
            text += u"  "_s + reason.toString() + u'\n';
    }
    text += u'\n';
    const QString row = u"%1 %2 %3 %4 %5 %6\n"_s;
    text += row.arg(tr("Policy"), -26)
                .arg(tr("Value"), -40)
                .arg(tr("Level"), -12)
                .arg(tr("Scope"), -8)
                .arg(tr("Status"), -9)
                .arg(tr("Source"));
    for (const QJsonValue &item : json.value(u"policies"_s).toArray()) {
        const QJsonObject policy = item.toObject();
        const QString status = policy.value(u"status"_s).toString();
        text += row.arg(policy.value(u"name"_s).toString(), -26)
                    .arg(oneLine(compact(policy.value(u"value"_s)), 40), -40)
                    .arg(policy.value(u"level"_s).toString(), -12)
                    .arg(policy.value(u"scope"_s).toString(), -8)
                    .arg(status, -9)
                    .arg(policy.value(u"source"_s).toString());
        for (const QJsonValue &candidateValue : policy.value(u"candidates"_s).toArray()) {
            const QJsonObject candidate = candidateValue.toObject();
            if (candidate.value(u"status"_s).toString() == u"ok"_s)
                continue;
            text += u"    %1 %2 %3 %4: %5\n"_s.arg(candidate.value(u"level"_s).toString(), -12)
                        .arg(candidate.value(u"scope"_s).toString(), -8)
                        .arg(candidate.value(u"source"_s).toString())
                        .arg(candidate.value(u"status"_s).toString(), candidate.value(u"message"_s).toString());
        }
    }
    const QJsonArray unknown = json.value(u"unknownPolicies"_s).toArray();
    if (!unknown.isEmpty()) {
        text += u'\n' + tr("Unknown policies (ignored):") + u'\n';
        for (const QJsonValue &item : unknown)
            text += u"  %1 (%2)\n"_s.arg(item[u"name"_s].toString(), item[u"source"_s].toString());
    }
    const QJsonArray messages = json.value(u"messages"_s).toArray();
    if (!messages.isEmpty()) {
        text += u'\n' + tr("Problems:") + u'\n';
        for (const QJsonValue &item : messages)
            text += u"  %1: %2 (%3)\n"_s.arg(
                item[u"severity"_s].toString(), item[u"message"_s].toString(), item[u"source"_s].toString());
    }
    return text;
}

QString PolicyCommand::changesSince(
    const QJsonObject &snapshot, const policy::ResolvedPolicy &resolved, QJsonArray *json) const
{
    const policy::PolicySchema &schema = policy::PolicySchema::builtIn();
    const QJsonObject before = snapshot.value(u"effective"_s).toObject();
    const net::Redactor redactor = redactorFor(resolved);
    QString text;
    for (const policy::PolicyEntry &entry : resolved.entries()) {
        const policy::PolicyDefinition &definition = schema.definition(entry.key);
        const QJsonValue old = before.value(definition.name);
        if (old == entry.value || (old.isUndefined() && entry.value.isNull()))
            continue;
        const QString when = definition.appliesLive ? tr("applies now") : tr("applies at the next start");
        text += u"  %1: %2 \u2192 %3 (%4)\n"_s.arg(definition.name, oneLine(compact(redacted(redactor, old)), 50),
            oneLine(compact(redacted(redactor, entry.value)), 50), when);
        json->append(QJsonObject{{u"name"_s, definition.name}, {u"before"_s, redacted(redactor, old)},
            {u"after"_s, redacted(redactor, entry.value)},
            {u"applies"_s, definition.appliesLive ? u"live"_s : u"restart"_s}});
    }
    return text;
}

int PolicyCommand::run(const QStringList &arguments, CommandStreams &streams)
{
    const QString program = arguments.value(0, name());
    QCommandLineParser parser;
    parser.setApplicationDescription(description());
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption jsonOption(u"json"_s, tr("Print JSON instead of a table."));
    const QCommandLineOption reloadOption(
        u"reload"_s, tr("Read the policy sources again and show what changed since the state last recorded."));
    parser.addOption(jsonOption);
    parser.addOption(reloadOption);
    if (!parser.parse(arguments))
        return streams.usageError(program, parser.errorText());
    if (parser.isSet(help)) {
        streams.printHelp(parser.helpText(), program);
        return ExitSuccess;
    }
    if (!parser.positionalArguments().isEmpty())
        return streams.usageError(program, tr("unexpected argument '%1'.").arg(parser.positionalArguments().first()));

    QJsonObject snapshot;
    if (parser.isSet(reloadOption)) {
        QFile file(m_snapshotPath);
        if (file.open(QIODevice::ReadOnly))
            snapshot = QJsonDocument::fromJson(file.readAll()).object();
        m_policy.service().reload();
    }
    const policy::ResolvedPolicy &resolved = m_policy.resolve();
    QJsonObject json = toJson(resolved, m_policy.service().sourceDescriptions());
    QString text = table(resolved, json);
    if (parser.isSet(reloadOption)) {
        QJsonArray changes;
        QString changed;
        if (snapshot.isEmpty()) {
            changed = tr("No earlier policy state was recorded; this is the current policy.") + u'\n';
        } else {
            const QString listed = changesSince(snapshot, resolved, &changes);
            const QString previous = snapshot.value(u"sha256"_s).toString();
            const QString recorded = snapshot.value(u"recorded"_s).toString();
            if (listed.isEmpty())
                changed = tr("Reloaded: nothing changed since %1 (SHA-256 %2).").arg(recorded, previous) + u'\n';
            else
                changed = tr("Reloaded: changed since %1 (SHA-256 %2 \u2192 %3):")
                              .arg(recorded, previous, resolved.sha256())
                    + u'\n' + listed;
        }
        json.insert(u"changes"_s, changes);
        text = changed + u'\n' + text;
    }

    // The state to compare the next --reload with.
    QDir().mkpath(QFileInfo(m_snapshotPath).absolutePath());
    QSaveFile file(m_snapshotPath);
    const QJsonObject record{{u"recorded"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
        {u"sha256"_s, resolved.sha256()}, {u"effective"_s, resolved.effectiveJson()}};
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(record).toJson()) < 0 || !file.commit())
        streams.printError(
            tr("%1: cannot record the policy state in %2: %3").arg(program, m_snapshotPath, file.errorString())
            + u'\n');

    if (parser.isSet(jsonOption))
        streams.printBytes(QJsonDocument(json).toJson(QJsonDocument::Indented));
    else
        streams.print(text);
    return ExitSuccess;
}

} // namespace streamcanvas::cli

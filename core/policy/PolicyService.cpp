#include "PolicyService.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace streamcanvas::policy {

Q_LOGGING_CATEGORY(lcPolicy, "streamcanvas.policy", QtInfoMsg)

PolicyService::PolicyService(const PolicySchema &schema, QList<PolicySource *> sources, Redact redact, QObject *parent)
    : QObject(parent)
    , m_schema(schema)
    , m_sources(std::move(sources))
    , m_redact(std::move(redact))
{
    m_debounce.setSingleShot(true);
    connect(&m_debounce, &QTimer::timeout, this, [this] {
        const PolicyChange change = reload();
        if (!change.isEmpty())
            Q_EMIT changed(change);
    });
}

QStringList PolicyService::sourceDescriptions() const
{
    QStringList descriptions;
    for (const PolicySource *source : m_sources)
        descriptions.append(source->description());
    return descriptions;
}

void PolicyService::readSources()
{
    m_readings.clear();
    for (PolicySource *source : m_sources)
        m_readings.append(source->read());
}

void PolicyService::load()
{
    readSources();
    resolve();
}

void PolicyService::setUserValues(const QList<UserValue> &values)
{
    m_userValues = values;
    resolve();
}

void PolicyService::watch(std::chrono::milliseconds debounce)
{
    m_debounce.setInterval(debounce);
    for (PolicySource *source : m_sources) {
        connect(source, &PolicySource::changed, &m_debounce, qOverload<>(&QTimer::start), Qt::UniqueConnection);
        source->watch();
    }
}

PolicyChange PolicyService::reload()
{
    readSources();
    const PolicyChange change = resolve();
    logCurrent(u"reloaded"_s);
    return change;
}

PolicyChange PolicyService::resolve()
{
    const ResolvedPolicy previous = m_current;
    m_current = PolicyResolver::resolve(m_schema, m_readings, m_userValues);

    PolicyChange change;
    change.previousSha256 = previous.sha256();
    change.sha256 = m_current.sha256();
    change.changed = ResolvedPolicy::changedKeys(previous, m_current);
    for (PolicyKey key : std::as_const(change.changed)) {
        if (m_schema.definition(key).appliesLive)
            change.live.append(key);
        else
            change.restartNeeded.append(key);
    }
    return change;
}

void PolicyService::logCurrent(const QString &why) const
{
    const QString effective
        = QString::fromUtf8(QJsonDocument(m_current.effectiveJson()).toJson(QJsonDocument::Compact));
    qCInfo(lcPolicy).noquote() << u"policy %1: sha256=%2 effective=%3"_s.arg(
        why, m_current.sha256(), m_redact(effective, m_current));
    for (const PolicyMessage &message : m_current.messages()) {
        if (message.severity == PolicyMessage::Severity::Error)
            qCWarning(lcPolicy).noquote() << m_redact(message.display(), m_current);
        else
            qCInfo(lcPolicy).noquote() << m_redact(message.display(), m_current);
    }
    for (const PolicyMessage &message : m_current.blockingErrors())
        qCCritical(lcPolicy).noquote() << m_redact(message.display(), m_current);
}

} // namespace streamcanvas::policy

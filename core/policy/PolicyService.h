#pragma once

#include "PolicyResolver.h"
#include "PolicySchema.h"
#include "PolicySource.h"
#include "ResolvedPolicy.h"

#include <QList>
#include <QLoggingCategory>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>

namespace streamcanvas::policy {

Q_DECLARE_LOGGING_CATEGORY(lcPolicy)

struct PolicyChange {
    QList<PolicyKey> changed;
    QList<PolicyKey> live;          // in effect now
    QList<PolicyKey> restartNeeded; // take effect at the next start
    QString previousSha256;
    QString sha256;
    bool isEmpty() const { return changed.isEmpty(); }
};

// The app's one view of policy: reads every source, resolves them with the user's own
// values, and keeps that current. load() runs before anything touches the network; after
// watch(), a change in any source is re-read (debounced, since editors and MDM agents write
// in bursts) and announced with which policies now apply and which wait for a restart.
// Each resolution is logged with its SHA-256, through the redaction the app passes in.
class PolicyService : public QObject
{
    Q_OBJECT

public:
    // Redacts a log line about `policy` (which says what policy itself configured).
    using Redact = std::function<QString(const QString &text, const ResolvedPolicy &policy)>;

    PolicyService(const PolicySchema &schema, QList<PolicySource *> sources, Redact redact, QObject *parent = nullptr);

    void load();
    // The user's own values (settings, a connection profile, command-line options).
    void setUserValues(const QList<UserValue> &values);
    void watch(std::chrono::milliseconds debounce = std::chrono::milliseconds(500));
    // Re-reads every source now.
    PolicyChange reload();

    const ResolvedPolicy &current() const { return m_current; }
    // Writes the effective policy, its SHA-256 and every problem to the log (lcPolicy),
    // through the redaction. load() leaves it to the caller, who first applies the log level
    // policy sets; reloads log on their own.
    void logCurrent(const QString &why) const;
    const PolicySchema &schema() const { return m_schema; }
    QStringList sourceDescriptions() const;

Q_SIGNALS:
    void changed(const streamcanvas::policy::PolicyChange &change);

private:
    void readSources();
    PolicyChange resolve();

    const PolicySchema &m_schema;
    QList<PolicySource *> m_sources;
    Redact m_redact;
    QList<PolicySourceReading> m_readings;
    QList<UserValue> m_userValues;
    ResolvedPolicy m_current;
    QTimer m_debounce;
};

} // namespace streamcanvas::policy

Q_DECLARE_METATYPE(streamcanvas::policy::PolicyChange)

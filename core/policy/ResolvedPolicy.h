#pragma once

#include "EffectivePolicy.h"
#include "PolicyKeys.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QUrl>

#include <functional>
#include <optional>

namespace streamcanvas::policy {

// Who set a value, in precedence order: an earlier one beats every later one.
enum class ValueSource { MachineMandatory, UserMandatory, UserSetting, MachineRecommended, UserRecommended, Default };

QString valueSourceName(ValueSource source);

// One value that some source offered for a policy, and what became of it.
struct PolicyCandidate {
    enum class Status {
        Applied,    // this is the effective value
        Superseded, // valid, but a source with higher precedence set the policy
        Ignored,    // not allowed at this level (or by the user), or user connections are off
        Invalid,    // failed validation (message says why)
    };
    ValueSource source = ValueSource::Default;
    QString origin;
    QJsonValue value;
    Status status = Status::Applied;
    QString message;
};

QString statusName(PolicyCandidate::Status status);

struct PolicyEntry {
    PolicyKey key{};
    QJsonValue value; // effective; null when blocked
    ValueSource source = ValueSource::Default;
    QString origin;
    // Set by mandatory policy: the user cannot change it (settings show a lock).
    bool locked = false;
    // A security policy with an invalid value: chatting is disabled until an admin fixes it.
    bool blocked = false;
    QList<PolicyCandidate> candidates; // in precedence order
};

struct UnknownPolicy {
    QString name;
    QString origin;
};

struct PolicyMessage {
    enum class Severity { Warning, Error };
    Severity severity = Severity::Error;
    QString origin;
    QString text;
    QString display() const; // "text (origin)"
};

// The outcome of resolving every source: the effective value of each policy with where it
// came from, everything that was wrong, and whether chatting is allowed.
class ResolvedPolicy
{
    Q_DECLARE_TR_FUNCTIONS(ResolvedPolicy)

public:
    ResolvedPolicy();

    const EffectivePolicy &effective() const { return m_effective; }
    const PolicyEntry &entry(PolicyKey key) const { return m_entries.at(int(key)); }
    const QList<PolicyEntry> &entries() const { return m_entries; }
    bool isLocked(PolicyKey key) const { return entry(key).locked; }

    // Source problems, unknown policies, invalid and ignored values: for "policy" output and
    // the log.
    const QList<PolicyMessage> &messages() const { return m_messages; }
    // Names no policy has (also among messages(), as warnings).
    const QList<UnknownPolicy> &unknownPolicies() const { return m_unknown; }
    // Why chatting is disabled (empty when it is not): each names the policy and its source.
    const QList<PolicyMessage> &blockingErrors() const { return m_blocking; }
    bool chatAllowed() const { return m_blocking.isEmpty(); }

    // The addresses and hosts that policy and the user configured (in effective values and in
    // values that lost): what redaction may show when it shows policy, since an admin checking
    // it needs to see them, while anything else shaped like a host or a credential stays hidden.
    QList<QUrl> configuredUrls() const;

    // Every policy's effective value by name (null for blocked ones).
    QJsonObject effectiveJson() const;
    // Lower-case hex SHA-256 of effectiveJson() in compact form: identifies a policy state in
    // logs and support requests without showing it.
    QString sha256() const;
    // The keys whose effective value differs between two states.
    static QList<PolicyKey> changedKeys(const ResolvedPolicy &before, const ResolvedPolicy &after);

private:
    friend class PolicyResolver;

    EffectivePolicy m_effective;
    QList<PolicyEntry> m_entries;
    QList<PolicyMessage> m_messages;
    QList<PolicyMessage> m_blocking;
    QList<UnknownPolicy> m_unknown;
};

} // namespace streamcanvas::policy

#pragma once

#include "Command.h"

#include <QCoreApplication>
#include <QJsonObject>

namespace streamcanvas::policy {
class ResolvedPolicy;
}

namespace streamcanvas::cli {

class PolicyContext;

// "policy [--json] [--reload]": every policy with its effective value, level, scope, source
// and status, every value that lost or was rejected, and every problem with the sources —
// what an admin checks after deploying a profile. --reload re-reads the sources and shows
// what changed since the state the app last recorded.
class PolicyCommand : public Command
{
    Q_DECLARE_TR_FUNCTIONS(PolicyCommand)

public:
    PolicyCommand(PolicyContext &policy, QString snapshotPath);

    QString name() const override;
    QString description() const override;
    int run(const QStringList &arguments, CommandStreams &streams) override;

    static QJsonObject toJson(const policy::ResolvedPolicy &resolved, const QStringList &sources);

private:
    static QString table(const policy::ResolvedPolicy &resolved, const QJsonObject &json);
    QString changesSince(const QJsonObject &snapshot, const policy::ResolvedPolicy &resolved, QJsonArray *json) const;

    PolicyContext &m_policy;
    QString m_snapshotPath;
};

} // namespace streamcanvas::cli

#pragma once

#include "PolicySchema.h"
#include "PolicySource.h"
#include "ResolvedPolicy.h"

#include <QCoreApplication>
#include <QList>

namespace streamcanvas::policy {

// A value the user chose: in settings, in an imported connection profile, or on the
// command line for one run.
struct UserValue {
    QString name;
    QJsonValue value;
    QString origin;
};

// Combines the readings of every policy source and the user's own values into one
// ResolvedPolicy. Precedence, from highest: machine mandatory, user mandatory, the user's
// own value, machine recommended, user recommended, the built-in default. Each value is
// validated on its own; an invalid one is reported and skipped, except for security
// policies, where an invalid policy value disables chatting instead of falling back to a
// less trusted value.
class PolicyResolver
{
    Q_DECLARE_TR_FUNCTIONS(PolicyResolver)

public:
    static ResolvedPolicy resolve(
        const PolicySchema &schema, const QList<PolicySourceReading> &readings, const QList<UserValue> &userValues);

    // The policies a connection profile or the user's connection settings may set; managed
    // by policy as a whole when GatewayUrl is mandatory or AllowUserConnections is false.
    static const QList<PolicyKey> &connectionKeys();
};

} // namespace streamcanvas::policy

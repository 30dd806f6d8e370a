#pragma once

#include "PolicyResolver.h"
#include "PolicySchema.h"
#include "ResolvedPolicy.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace streamcanvas::policy {

// A connection an admin publishes for unmanaged users: a JSON file with the gateway, how to
// sign in and the company CA, e.g.
//   {"format": "streamcanvas-connection", "version": 1, "name": "Example Corp",
//    "gateway": "https://ai.example.com/v1", "auth": "oidc",
//    "issuer": "https://login.example.com", "clientId": "streamcanvas-desktop",
//    "scopes": ["openid", "offline_access"], "resource": "https://ai.example.com",
//    "caCertificates": "-----BEGIN CERTIFICATE-----..."}
// Each entry is validated exactly like the policy it sets. A profile never holds secrets:
// one that looks like it does (a key, password, token or client secret) is refused whole,
// as is one with any invalid or unknown entry, so that a user never ends up with half of it.
class ConnectionProfile
{
    Q_DECLARE_TR_FUNCTIONS(ConnectionProfile)

public:
    struct Result {
        QString name;
        QList<UserValue> values;
        QStringList errors;
        bool ok() const { return errors.isEmpty(); }
    };

    static constexpr qint64 maxFileSize = 1024 * 1024;

    static Result parse(const PolicySchema &schema, const QByteArray &json, const QString &origin);
    // Why policy forbids the user's own connection settings, naming the policy and its
    // source; nullopt when they are allowed.
    static std::optional<QString> forbiddenBy(const ResolvedPolicy &policy);
};

} // namespace streamcanvas::policy

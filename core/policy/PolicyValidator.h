#pragma once

#include "PolicySchema.h"

#include <QCoreApplication>
#include <QJsonValue>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace streamcanvas::policy {

// Checks one value against its policy's rule, on its own: a bad value of one policy never
// affects another. Messages name the policy and the place inside the value, e.g.
// "AllowedModels[2]: expected a string, got 42" (the caller adds where the value came from).
// A valid value comes back normalised (0/1 as false/true, whole numbers as integers, URLs
// in their canonical spelling).
class PolicyValidator
{
    Q_DECLARE_TR_FUNCTIONS(PolicyValidator)

public:
    struct Result {
        QJsonValue value;
        QStringList errors;
        bool ok() const { return errors.isEmpty(); }
    };

    static Result validate(const PolicyDefinition &definition, const QJsonValue &value);
    static Result validate(const ValueRule &rule, const QJsonValue &value, const QString &path);

    // A service address: scheme one of `schemes` (http is also accepted for this computer
    // when https is), a host, no user info, query or fragment. nullopt with *error otherwise.
    static std::optional<QUrl> parseServiceUrl(const QString &text, const QStringList &schemes, QString *error);
    // A proxy: http://[user@]host:port (no password: that lives in the keychain), also
    // accepted as host:port. nullopt with *error otherwise.
    static std::optional<QUrl> parseProxyServer(const QString &text, QString *error);
    // localhost or a loopback address: plain http is acceptable only there.
    static bool isThisComputer(const QString &host);
    // A value for a message: 42, "text", true, null, a list, an object.
    static QString describe(const QJsonValue &value);

private:
    static std::optional<QString> checkFormat(const QString &format, const QString &text);
};

} // namespace streamcanvas::policy

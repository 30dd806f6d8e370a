// libFuzzer target for managed policy: the bytes are one policy file (as an admin, a broken
// MDM agent or an attacker with a typo might write it) and one connection profile. Aborts
// when a promise breaks:
//  - resolving never crashes, whatever the JSON; the file read as mandatory, as recommended
//    and as the user's own values all resolve;
//  - every effective value validates again to itself (normalising is idempotent), so what
//    the app uses is exactly what validation accepted;
//  - chatting is disabled exactly when a security policy is blocked, and a blocked policy
//    has no value;
//  - a connection profile that is accepted never carries an entry outside the connection
//    policies.

#include "policy/ConnectionProfile.h"
#include "policy/PolicyResolver.h"
#include "policy/PolicyValidator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <cstdlib>

using namespace streamcanvas::policy;

namespace {

void check(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "broken promise: %s\n", what);
        std::abort();
    }
}

void checkResolved(const PolicySchema &schema, const ResolvedPolicy &resolved)
{
    bool anyBlocked = false;
    for (const PolicyEntry &entry : resolved.entries()) {
        const PolicyDefinition &definition = schema.definition(entry.key);
        if (entry.blocked) {
            anyBlocked = true;
            check(definition.security, "only security policies block");
            check(entry.value.isNull(), "a blocked policy has no value");
            continue;
        }
        if (entry.value.isNull())
            continue;
        const PolicyValidator::Result again = PolicyValidator::validate(definition, entry.value);
        if (!again.ok() || again.value != entry.value) {
            std::fprintf(stderr, "%s: %s -> %s (%s)\n", qPrintable(definition.name),
                QJsonDocument(QJsonArray{entry.value}).toJson(QJsonDocument::Compact).constData(),
                QJsonDocument(QJsonArray{again.value}).toJson(QJsonDocument::Compact).constData(),
                qPrintable(again.errors.join(u"; ")));
        }
        check(again.ok(), "an effective value validates");
        check(again.value == entry.value, "validation is idempotent");
    }
    check(anyBlocked == !resolved.chatAllowed(), "chat is disabled exactly when something is blocked");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const PolicySchema &schema = PolicySchema::builtIn();

    const QJsonObject object = QJsonDocument::fromJson(bytes).object();
    PolicySourceReading mandatory;
    PolicySourceReading recommended;
    QList<UserValue> user;
    for (auto it = object.begin(); it != object.end(); ++it) {
        mandatory.values.append(
            {it.key(), it.value(), PolicyLevel::Mandatory, PolicyScope::Machine, QStringLiteral("m")});
        recommended.values.append(
            {it.key(), it.value(), PolicyLevel::Recommended, PolicyScope::User, QStringLiteral("r")});
        user.append({it.key(), it.value(), QStringLiteral("u")});
    }
    checkResolved(schema, PolicyResolver::resolve(schema, {mandatory}, {}));
    checkResolved(schema, PolicyResolver::resolve(schema, {recommended}, user));
    checkResolved(schema, PolicyResolver::resolve(schema, {mandatory, recommended}, user));

    const ConnectionProfile::Result profile = ConnectionProfile::parse(schema, bytes, QStringLiteral("p"));
    if (profile.ok()) {
        for (const UserValue &value : profile.values) {
            const auto key = policyKeyByName(value.name);
            check(key && PolicyResolver::connectionKeys().contains(*key), "a profile sets connection policies only");
        }
    } else {
        check(profile.values.isEmpty(), "a refused profile sets nothing");
    }
    return 0;
}

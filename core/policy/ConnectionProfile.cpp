#include "ConnectionProfile.h"

#include "PolicyValidator.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace streamcanvas::policy {

namespace {

struct Field {
    QString name;
    PolicyKey key;
};

const QList<Field> &fields()
{
    static const QList<Field> list{
        {u"gateway"_s, PolicyKey::GatewayUrl},
        {u"auth"_s, PolicyKey::AuthMode},
        {u"issuer"_s, PolicyKey::OidcIssuer},
        {u"clientId"_s, PolicyKey::OidcClientId},
        {u"scopes"_s, PolicyKey::OidcScopes},
        {u"resource"_s, PolicyKey::OidcResource},
        {u"caCertificates"_s, PolicyKey::ExtraCaCertificates},
    };
    return list;
}

bool looksSecret(const QString &key)
{
    static const QRegularExpression secret(
        u"(secret|password|passwd|token|api[-_]?key|apikey|credential|private[-_]?key|cookie)"_s,
        QRegularExpression::CaseInsensitiveOption);
    return secret.match(key).hasMatch();
}

} // namespace

ConnectionProfile::Result ConnectionProfile::parse(
    const PolicySchema &schema, const QByteArray &json, const QString &origin)
{
    Result result;
    if (json.size() > maxFileSize) {
        result.errors.append(tr("the profile is larger than %1 bytes").arg(maxFileSize));
        return result;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        result.errors.append(
            tr("not valid JSON: %1 at offset %2").arg(parseError.errorString()).arg(parseError.offset));
        return result;
    }
    if (!document.isObject()) {
        result.errors.append(tr("expected a JSON object"));
        return result;
    }
    const QJsonObject object = document.object();
    if (object.value(u"format"_s) != QJsonValue(u"streamcanvas-connection"_s))
        result.errors.append(tr("format: expected \"streamcanvas-connection\", got %1")
                                 .arg(PolicyValidator::describe(object.value(u"format"_s))));
    if (object.value(u"version"_s) != QJsonValue(1))
        result.errors.append(
            tr("version: expected 1, got %1").arg(PolicyValidator::describe(object.value(u"version"_s))));
    const QJsonValue name = object.value(u"name"_s);
    if (!name.isUndefined()) {
        ValueRule rule;
        rule.format = u"text"_s;
        rule.maxLength = 200;
        const PolicyValidator::Result checked = PolicyValidator::validate(rule, name, u"name"_s);
        result.errors.append(checked.errors);
        result.name = checked.value.toString();
    }

    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() == u"format"_s || it.key() == u"version"_s || it.key() == u"name"_s)
            continue;
        if (looksSecret(it.key())) {
            result.errors.append(
                tr("%1: a connection profile never holds secrets; remove it (users store keys and passwords in "
                   "the keychain)")
                    .arg(it.key()));
            continue;
        }
        const auto field = std::find_if(
            fields().begin(), fields().end(), [&](const Field &candidate) { return candidate.name == it.key(); });
        if (field == fields().end()) {
            QStringList known;
            for (const Field &candidate : fields())
                known.append(candidate.name);
            result.errors.append(tr("%1: unknown entry (known: %2)").arg(it.key(), known.join(u", "_s)));
            continue;
        }
        const PolicyDefinition &definition = schema.definition(field->key);
        PolicyValidator::Result checked = PolicyValidator::validate(definition.rule, it.value(), it.key());
        if (!checked.ok()) {
            result.errors.append(checked.errors);
            continue;
        }
        result.values.append({definition.name, checked.value, origin});
    }
    if (!object.contains(u"gateway"_s))
        result.errors.append(tr("gateway: missing; a profile names at least the gateway"));
    if (!result.ok())
        result.values.clear();
    return result;
}

std::optional<QString> ConnectionProfile::forbiddenBy(const ResolvedPolicy &policy)
{
    const PolicyEntry &allow = policy.entry(PolicyKey::AllowUserConnections);
    if (allow.value == QJsonValue(false))
        return tr("your organization does not allow setting up connections (AllowUserConnections is false in %1)")
            .arg(allow.origin);
    const PolicyEntry &gateway = policy.entry(PolicyKey::GatewayUrl);
    if (gateway.locked)
        return tr("the connection is managed by your organization (GatewayUrl is set in %1)").arg(gateway.origin);
    return std::nullopt;
}

} // namespace streamcanvas::policy

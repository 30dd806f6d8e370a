#include "PolicyResolver.h"

#include "PolicyValidator.h"

#include <array>

using namespace Qt::StringLiterals;

namespace streamcanvas::policy {

namespace {

ValueSource sourceOf(const RawPolicyValue &value)
{
    if (value.level == PolicyLevel::Mandatory)
        return value.scope == PolicyScope::Machine ? ValueSource::MachineMandatory : ValueSource::UserMandatory;
    return value.scope == PolicyScope::Machine ? ValueSource::MachineRecommended : ValueSource::UserRecommended;
}

bool isMandatory(ValueSource source)
{
    return source == ValueSource::MachineMandatory || source == ValueSource::UserMandatory;
}

QString closestName(const PolicySchema &schema, const QString &name)
{
    for (const PolicyDefinition &definition : schema.definitions()) {
        if (definition.name.compare(name, Qt::CaseInsensitive) == 0)
            return definition.name;
    }
    return {};
}

} // namespace

const QList<PolicyKey> &PolicyResolver::connectionKeys()
{
    static const QList<PolicyKey> keys{PolicyKey::GatewayUrl, PolicyKey::AuthMode, PolicyKey::OidcIssuer,
        PolicyKey::OidcClientId, PolicyKey::OidcScopes, PolicyKey::OidcResource, PolicyKey::ExtraCaCertificates};
    return keys;
}

ResolvedPolicy PolicyResolver::resolve(
    const PolicySchema &schema, const QList<PolicySourceReading> &readings, const QList<UserValue> &userValues)
{
    ResolvedPolicy resolved;
    std::array<QList<PolicyCandidate>, policyKeyCount> candidates;

    for (const PolicySourceReading &reading : readings) {
        for (const SourceProblem &problem : reading.problems) {
            resolved.m_messages.append(
                {problem.severity == SourceProblem::Severity::Error ? PolicyMessage::Severity::Error
                                                                    : PolicyMessage::Severity::Warning,
                    problem.origin, problem.message});
        }
        for (const RawPolicyValue &value : reading.values) {
            const PolicyDefinition *definition = schema.find(value.name);
            if (!definition) {
                resolved.m_unknown.append({value.name, value.origin});
                const QString suggestion = closestName(schema, value.name);
                resolved.m_messages.append({PolicyMessage::Severity::Warning, value.origin,
                    suggestion.isEmpty() ? tr("unknown policy \"%1\"").arg(value.name)
                                         : tr("unknown policy \"%1\" (policy names are case-sensitive: did you mean "
                                              "\"%2\"?)")
                                               .arg(value.name, suggestion)});
                continue;
            }
            candidates[int(definition->key)].append(
                {sourceOf(value), value.origin, value.value, PolicyCandidate::Status::Applied, {}});
        }
    }
    for (const UserValue &value : userValues) {
        if (const PolicyDefinition *definition = schema.find(value.name))
            candidates[int(definition->key)].append(
                {ValueSource::UserSetting, value.origin, value.value, PolicyCandidate::Status::Applied, {}});
    }

    // Decided first: they decide whether the user's connection values count at all.
    const std::array<PolicyKey, 2> gatekeepers{PolicyKey::AllowUserConnections, PolicyKey::GatewayUrl};
    std::array<bool, policyKeyCount> done{};
    QString connectionLock;

    const auto resolveKey = [&](PolicyKey key) {
        const PolicyDefinition &definition = schema.definition(key);
        PolicyEntry &entry = resolved.m_entries[int(key)];
        QList<PolicyCandidate> list = candidates[int(key)];
        std::stable_sort(list.begin(), list.end(),
            [](const PolicyCandidate &a, const PolicyCandidate &b) { return int(a.source) < int(b.source); });

        bool decided = false;
        for (PolicyCandidate &candidate : list) {
            const bool mandatory = isMandatory(candidate.source);
            const bool user = candidate.source == ValueSource::UserSetting;
            QString ignored;
            if (mandatory && !definition.mandatoryAllowed)
                ignored = tr("%1 can only be recommended, not mandatory").arg(definition.name);
            else if (!mandatory && !user && !definition.recommendedAllowed)
                ignored = tr("%1 can only be set as mandatory policy").arg(definition.name);
            else if (user && !definition.userSettable)
                ignored = tr("%1 can only be set by policy").arg(definition.name);
            else if (user && !connectionLock.isEmpty() && connectionKeys().contains(key))
                ignored = connectionLock;
            if (!ignored.isEmpty()) {
                candidate.status = PolicyCandidate::Status::Ignored;
                candidate.message = ignored;
                resolved.m_messages.append({PolicyMessage::Severity::Warning, candidate.origin, ignored});
                continue;
            }
            // Every value is checked, also one that loses: the admin wants to know.
            const PolicyValidator::Result result = PolicyValidator::validate(definition, candidate.value);
            if (!result.ok()) {
                candidate.status = PolicyCandidate::Status::Invalid;
                candidate.message = result.errors.join(u"; "_s);
                resolved.m_messages.append({PolicyMessage::Severity::Error, candidate.origin, candidate.message});
                // Fail closed: no falling back to a user value or a default the admin did
                // not choose.
                if (!decided && definition.security && !user) {
                    decided = true;
                    entry.blocked = true;
                    entry.value = QJsonValue::Null;
                    entry.source = candidate.source;
                    entry.origin = candidate.origin;
                    entry.locked = mandatory;
                    resolved.m_blocking.append({PolicyMessage::Severity::Error, candidate.origin,
                        tr("chatting is disabled: %1 has an invalid value (%2)")
                            .arg(definition.name, candidate.message)});
                }
                continue;
            }
            if (decided) {
                candidate.status = PolicyCandidate::Status::Superseded;
                candidate.message = tr("overridden by the %1 value").arg(valueSourceName(entry.source));
                continue;
            }
            candidate.status = PolicyCandidate::Status::Applied;
            decided = true;
            entry.value = result.value;
            entry.source = candidate.source;
            entry.origin = candidate.origin;
            entry.locked = mandatory;
        }
        entry.candidates = list;
        done[int(key)] = true;
    };

    for (PolicyKey key : gatekeepers) {
        resolveKey(key);
        const PolicyEntry &entry = resolved.m_entries.at(int(key));
        if (!connectionLock.isEmpty())
            continue;
        if (key == PolicyKey::AllowUserConnections && entry.value == QJsonValue(false))
            connectionLock = tr("user connections are turned off by policy (AllowUserConnections)");
    }
    // A mandatory gateway means the connection as a whole is managed; checked after the
    // gateway itself so that the user's gateway shows as "superseded", not "ignored".
    if (connectionLock.isEmpty() && resolved.m_entries.at(int(PolicyKey::GatewayUrl)).locked)
        connectionLock = tr("the connection is managed by policy (GatewayUrl)");
    for (int i = 0; i < policyKeyCount; ++i) {
        if (!done[i])
            resolveKey(PolicyKey(i));
    }

    std::array<QJsonValue, policyKeyCount> values;
    for (int i = 0; i < policyKeyCount; ++i)
        values[i] = resolved.m_entries.at(i).value;
    resolved.m_effective = EffectivePolicy(values);
    return resolved;
}

} // namespace streamcanvas::policy

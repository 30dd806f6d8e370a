#include "ResolvedPolicy.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace streamcanvas::policy {

QString valueSourceName(ValueSource source)
{
    switch (source) {
    case ValueSource::MachineMandatory:
        return u"machine mandatory"_s;
    case ValueSource::UserMandatory:
        return u"user mandatory"_s;
    case ValueSource::UserSetting:
        return u"user setting"_s;
    case ValueSource::MachineRecommended:
        return u"machine recommended"_s;
    case ValueSource::UserRecommended:
        return u"user recommended"_s;
    case ValueSource::Default:
        return u"default"_s;
    }
    return {};
}

QString statusName(PolicyCandidate::Status status)
{
    switch (status) {
    case PolicyCandidate::Status::Applied:
        return u"ok"_s;
    case PolicyCandidate::Status::Superseded:
        return u"superseded"_s;
    case PolicyCandidate::Status::Ignored:
        return u"ignored"_s;
    case PolicyCandidate::Status::Invalid:
        return u"error"_s;
    }
    return {};
}

QString PolicyMessage::display() const
{
    return origin.isEmpty() ? text : u"%1 (%2)"_s.arg(text, origin);
}

ResolvedPolicy::ResolvedPolicy()
{
    for (int i = 0; i < policyKeyCount; ++i) {
        PolicyEntry entry;
        entry.key = PolicyKey(i);
        entry.value = m_effective.value(entry.key);
        m_entries.append(entry);
    }
}

namespace {

void collectUrls(const QJsonValue &value, QList<QUrl> *urls)
{
    if (value.isString() && value.toString().contains(u"://"_s))
        urls->append(QUrl(value.toString()));
    const QJsonArray array = value.toArray();
    for (const QJsonValue &item : array)
        collectUrls(item, urls);
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        urls->append(QUrl(u"https://"_s + it.key())); // PinnedPublicKeys: host names
        collectUrls(it.value(), urls);
    }
}

} // namespace

QList<QUrl> ResolvedPolicy::configuredUrls() const
{
    QList<QUrl> urls;
    for (const PolicyEntry &entry : m_entries) {
        collectUrls(entry.value, &urls);
        for (const PolicyCandidate &candidate : entry.candidates)
            collectUrls(candidate.value, &urls);
    }
    return urls;
}

QJsonObject ResolvedPolicy::effectiveJson() const
{
    QJsonObject object;
    for (const PolicyEntry &entry : m_entries)
        object.insert(policyName(entry.key), entry.value);
    return object;
}

QString ResolvedPolicy::sha256() const
{
    const QByteArray canonical = QJsonDocument(effectiveJson()).toJson(QJsonDocument::Compact);
    return QString::fromLatin1(QCryptographicHash::hash(canonical, QCryptographicHash::Sha256).toHex());
}

QList<PolicyKey> ResolvedPolicy::changedKeys(const ResolvedPolicy &before, const ResolvedPolicy &after)
{
    QList<PolicyKey> keys;
    for (int i = 0; i < policyKeyCount; ++i) {
        const PolicyEntry &a = before.m_entries.at(i);
        const PolicyEntry &b = after.m_entries.at(i);
        if (a.value != b.value || a.blocked != b.blocked || a.locked != b.locked)
            keys.append(PolicyKey(i));
    }
    return keys;
}

} // namespace streamcanvas::policy

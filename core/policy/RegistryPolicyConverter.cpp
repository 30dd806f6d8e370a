#include "policy/RegistryPolicyConverter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <algorithm>
#include <limits>
#include <optional>

using namespace Qt::StringLiterals;

namespace streamcanvas::policy {

namespace {

const QString recommendedKey = u"Recommended"_s;

QString childPath(const QString &path, const QString &name)
{
    // The unnamed value is what registry editors show as "(Default)".
    return path + u'\\' + (name.isEmpty() ? u"(Default)"_s : name);
}

void addProblem(
    QList<SourceProblem> &problems, SourceProblem::Severity severity, const QString &origin, const QString &message)
{
    problems.append(SourceProblem{severity, origin, message});
}

QJsonValue numberValue(quint64 number)
{
    // QJsonValue holds integers as qint64; a QWORD beyond that can only be approximated.
    if (number <= quint64(std::numeric_limits<qint64>::max()))
        return QJsonValue(qint64(number));
    return QJsonValue(double(number));
}

QJsonValue textValue(const QString &text, const QString &origin, QList<SourceProblem> &problems)
{
    if (!text.startsWith(u'{') && !text.startsWith(u'['))
        return text;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error == QJsonParseError::NoError) {
        if (document.isArray())
            return document.array();
        return document.object();
    }
    // Kept as text: the value may be meant as text ("[::1]:3128"), and if it is not, the
    // validator says what it expected.
    addProblem(problems, SourceProblem::Severity::Warning, origin,
        u"looks like JSON but is not (%1 at offset %2); it is read as text"_s.arg(error.errorString())
            .arg(error.offset));
    return text;
}

std::optional<QJsonValue> convertValue(
    const RegistryValue &value, const QString &origin, QList<SourceProblem> &problems)
{
    switch (value.type) {
    case RegistryValue::Type::Dword:
    case RegistryValue::Type::Qword:
        return numberValue(value.number);
    case RegistryValue::Type::String:
    case RegistryValue::Type::ExpandString:
        return textValue(value.text, origin, problems);
    case RegistryValue::Type::MultiString:
        return QJsonArray::fromStringList(value.strings);
    case RegistryValue::Type::Binary:
    case RegistryValue::Type::Other:
        break;
    }
    const bool malformedNumber = value.registryType == RegistryValue::RegDword
        || value.registryType == RegistryValue::RegDwordBigEndian || value.registryType == RegistryValue::RegQword;
    addProblem(problems, SourceProblem::Severity::Error, origin,
        malformedNumber
            ? u"%1 value with %2 bytes of data is malformed; it is ignored"_s
                  .arg(RegistryValue::typeName(value.registryType))
                  .arg(value.bytes.size())
            : u"unsupported registry type %1; the value is ignored"_s.arg(RegistryValue::typeName(value.registryType)));
    return std::nullopt;
}

// "1", "2", "10": the position of a list entry. Only digits, so that " 1" or "+1" are not
// silently taken for a position.
std::optional<quint64> listPosition(const QString &name)
{
    if (name.isEmpty() || !std::all_of(name.cbegin(), name.cend(), [](QChar c) { return c.isDigit() && c < u'\x80'; }))
        return std::nullopt;
    bool ok = false;
    const quint64 position = name.toULongLong(&ok);
    return ok ? std::optional(position) : std::nullopt;
}

QJsonArray convertList(const RegistryKeyContents &key, const QString &origin, QList<SourceProblem> &problems)
{
    struct Entry {
        quint64 position;
        QString name;
        const RegistryValue *value;
        const RegistryKeyContents *list;
    };
    QList<Entry> entries;
    const auto notAPosition = [&](const QString &name) {
        addProblem(problems, SourceProblem::Severity::Error, childPath(origin, name),
            u"a list entry must be named by its position (1, 2, 3, …); the entry is ignored"_s);
    };
    for (auto it = key.values.cbegin(); it != key.values.cend(); ++it) {
        if (const std::optional<quint64> position = listPosition(it.key()))
            entries.append(Entry{*position, it.key(), &it.value(), nullptr});
        else
            notAPosition(it.key());
    }
    for (auto it = key.subkeys.cbegin(); it != key.subkeys.cend(); ++it) {
        if (const std::optional<quint64> position = listPosition(it.key()))
            entries.append(Entry{*position, it.key(), nullptr, &it.value()});
        else
            notAPosition(it.key());
    }
    // Numeric order (1, 2, 10); the map's name order breaks ties such as "1" and "01".
    std::stable_sort(
        entries.begin(), entries.end(), [](const Entry &a, const Entry &b) { return a.position < b.position; });

    QJsonArray list;
    for (const Entry &entry : std::as_const(entries)) {
        const QString entryOrigin = childPath(origin, entry.name);
        if (entry.list) {
            list.append(convertList(*entry.list, entryOrigin, problems));
        } else if (const std::optional<QJsonValue> value = convertValue(*entry.value, entryOrigin, problems)) {
            list.append(*value);
        }
    }
    return list;
}

void convertLevel(const RegistryKeyContents &key, PolicyLevel level, PolicyScope scope, const QString &origin,
    bool isPolicyKey, PolicySourceReading &reading)
{
    const auto isRecommendedKey = [&](const QString &name) {
        return isPolicyKey && name.compare(recommendedKey, Qt::CaseInsensitive) == 0;
    };
    const auto hasListNamed = [&](const QString &name) {
        for (auto it = key.subkeys.cbegin(); it != key.subkeys.cend(); ++it) {
            if (!isRecommendedKey(it.key()) && it.key().compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    };

    for (auto it = key.values.cbegin(); it != key.values.cend(); ++it) {
        const QString valueOrigin = childPath(origin, it.key());
        if (it.key().isEmpty()) {
            addProblem(reading.problems, SourceProblem::Severity::Warning, valueOrigin,
                u"the key's unnamed value is not a policy; it is ignored"_s);
            continue;
        }
        if (hasListNamed(it.key())) {
            addProblem(reading.problems, SourceProblem::Severity::Error, valueOrigin,
                u"there is also a subkey of this name; the subkey's list is used and this value is ignored"_s);
            continue;
        }
        if (const std::optional<QJsonValue> value = convertValue(it.value(), valueOrigin, reading.problems))
            reading.values.append(RawPolicyValue{it.key(), *value, level, scope, valueOrigin});
    }
    for (auto it = key.subkeys.cbegin(); it != key.subkeys.cend(); ++it) {
        if (isRecommendedKey(it.key()))
            continue;
        const QString listOrigin = childPath(origin, it.key());
        reading.values.append(
            RawPolicyValue{it.key(), convertList(it.value(), listOrigin, reading.problems), level, scope, listOrigin});
    }
}

} // namespace

PolicySourceReading RegistryPolicyConverter::convert(
    const RegistryKeyContents &key, PolicyScope scope, const QString &origin)
{
    PolicySourceReading reading;
    convertLevel(key, PolicyLevel::Mandatory, scope, origin, true, reading);
    for (auto it = key.subkeys.cbegin(); it != key.subkeys.cend(); ++it) {
        if (it.key().compare(recommendedKey, Qt::CaseInsensitive) == 0)
            convertLevel(it.value(), PolicyLevel::Recommended, scope, childPath(origin, it.key()), false, reading);
    }
    return reading;
}

} // namespace streamcanvas::policy

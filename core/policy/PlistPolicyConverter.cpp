#include "policy/PlistPolicyConverter.h"

#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

#include <cmath>
#include <limits>
#include <optional>

using namespace Qt::StringLiterals;

namespace streamcanvas::policy {

namespace {

// "AllowedModels[2]", "RequestTimeouts.connectSeconds", "PinnedPublicKeys[\"ai.example.com\"]":
// where inside a value something was found, in the form the validator's messages use.
QString memberPath(const QString &path, const QString &key)
{
    static const QRegularExpression identifier(u"^[A-Za-z_][A-Za-z0-9_]*$"_s);
    if (identifier.match(key).hasMatch())
        return path + u'.' + key;
    QString quoted = key;
    quoted.replace(u'\\', u"\\\\"_s).replace(u'"', u"\\\""_s);
    return path + u"[\"" + quoted + u"\"]";
}

class Converter
{
public:
    Converter(const QString &origin, QList<SourceProblem> &problems)
        : m_origin(origin)
        , m_problems(problems)
    {
    }

    std::optional<QJsonValue> convert(const QVariant &value, const QString &path)
    {
        switch (value.typeId()) {
        case QMetaType::Bool:
            return value.toBool();
        case QMetaType::Char:
        case QMetaType::SChar:
        case QMetaType::Short:
        case QMetaType::Int:
        case QMetaType::Long:
        case QMetaType::LongLong:
            return value.toLongLong();
        case QMetaType::UChar:
        case QMetaType::UShort:
        case QMetaType::UInt:
        case QMetaType::ULong:
        case QMetaType::ULongLong: {
            const qulonglong number = value.toULongLong();
            if (number <= qulonglong(std::numeric_limits<qint64>::max()))
                return qint64(number);
            return double(number);
        }
        case QMetaType::Float:
        case QMetaType::Double:
            return number(value.toDouble(), path);
        case QMetaType::QString:
            return value.toString();
        case QMetaType::QStringList:
            return QJsonArray::fromStringList(value.toStringList());
        case QMetaType::QVariantList:
            return list(value.toList(), path);
        case QMetaType::QVariantMap:
            return dictionary(value.toMap(), path);
        case QMetaType::QVariantHash: {
            const QVariantHash hash = value.toHash();
            QVariantMap members;
            for (auto it = hash.cbegin(); it != hash.cend(); ++it)
                members.insert(it.key(), it.value());
            return dictionary(members, path);
        }
        case QMetaType::QByteArray:
            return unsupported(path, u"data"_s);
        case QMetaType::QDateTime:
        case QMetaType::QDate:
        case QMetaType::QTime:
            return unsupported(path, u"a date"_s);
        default:
            return unsupported(path,
                value.isValid() ? u"a value of type %1"_s.arg(QString::fromLatin1(value.typeName()))
                                : u"an empty value"_s);
        }
    }

private:
    std::optional<QJsonValue> number(double number, const QString &path)
    {
        if (!std::isfinite(number))
            return unsupported(path, u"a number that is not finite"_s);
        // 2^63 is exactly representable; every whole double below it fits into a qint64.
        constexpr double limit = 9223372036854775808.0;
        if (number == std::trunc(number) && number >= -limit && number < limit)
            return qint64(number);
        return number;
    }

    QJsonArray list(const QVariantList &items, const QString &path)
    {
        QJsonArray result;
        for (qsizetype i = 0; i < items.size(); ++i) {
            if (const std::optional<QJsonValue> item = convert(items.at(i), path + u'[' + QString::number(i) + u']'))
                result.append(*item);
        }
        return result;
    }

    QJsonObject dictionary(const QVariantMap &members, const QString &path)
    {
        QJsonObject result;
        for (auto it = members.cbegin(); it != members.cend(); ++it) {
            if (const std::optional<QJsonValue> member = convert(it.value(), memberPath(path, it.key())))
                result.insert(it.key(), *member);
        }
        return result;
    }

    std::optional<QJsonValue> unsupported(const QString &path, const QString &what)
    {
        m_problems.append(SourceProblem{SourceProblem::Severity::Error, m_origin,
            u"%1: %2 cannot be a policy value; it is ignored"_s.arg(path, what)});
        return std::nullopt;
    }

    const QString &m_origin;
    QList<SourceProblem> &m_problems;
};

} // namespace

PolicySourceReading PlistPolicyConverter::convert(
    const QVariantMap &values, const QSet<QString> &forcedKeys, PolicyScope scope, const QString &origin)
{
    PolicySourceReading reading;
    Converter converter(origin, reading.problems);
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        const PolicyLevel level = forcedKeys.contains(it.key()) ? PolicyLevel::Mandatory : PolicyLevel::Recommended;
        if (const std::optional<QJsonValue> value = converter.convert(it.value(), it.key()))
            reading.values.append(RawPolicyValue{it.key(), *value, level, scope, origin});
    }
    return reading;
}

} // namespace streamcanvas::policy

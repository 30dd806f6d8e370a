#include "ValueCheck.h"

#include "Formats.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrl>

#include <cmath>

using namespace Qt::StringLiterals;

namespace streamcanvas::policygen {

namespace {

QString matchesPattern(const QString &pattern, const QString &text, const QString &what)
{
    if (pattern.isEmpty())
        return {};
    const QRegularExpression expression(pattern);
    if (!expression.match(text).hasMatch())
        return u"%1 \"%2\" does not match the pattern %3"_s.arg(what, text, pattern);
    return {};
}

QString stringProblem(const ValueSpec &spec, const QString &text)
{
    if (spec.maxLength && text.size() > *spec.maxLength)
        return u"is longer than maxLength %1"_s.arg(*spec.maxLength);
    if (spec.format.isEmpty())
        return {};
    const std::optional<StringFormat> format = stringFormat(spec.format);
    return format ? matchesPattern(format->pattern, text, u"the value"_s) : QString();
}

QString urlProblem(const ValueSpec &spec, const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return u"\"%1\" is not an absolute URL with a host"_s.arg(text);
    if (!spec.schemes.contains(url.scheme()))
        return u"\"%1\" does not have one of the schemes %2"_s.arg(text, spec.schemes.join(u", "_s));
    return {};
}

QString listProblem(const ValueSpec &spec, const QJsonArray &array)
{
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString problem = valueProblem(spec.items.front(), array.at(i));
        if (!problem.isEmpty())
            return u"item %1: %2"_s.arg(i).arg(problem);
    }
    return {};
}

QString dictionaryProblem(const ValueSpec &spec, const QJsonObject &object)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        const ValueSpec *rule = nullptr;
        if (spec.hasFixedKeys()) {
            for (const ValueSpec &property : spec.properties) {
                if (property.key == it.key())
                    rule = &property;
            }
            if (!rule)
                return u"\"%1\" is not one of its keys"_s.arg(it.key());
        } else {
            const std::optional<StringFormat> format = keyFormat(spec.keyFormat);
            const QString keyProblem = format ? matchesPattern(format->pattern, it.key(), u"the key"_s) : QString();
            if (!keyProblem.isEmpty())
                return keyProblem;
            rule = &spec.values.front();
        }
        const QString problem = valueProblem(*rule, it.value());
        if (!problem.isEmpty())
            return u"\"%1\": %2"_s.arg(it.key(), problem);
    }
    return {};
}

} // namespace

QString valueProblem(const ValueSpec &spec, const QJsonValue &value)
{
    const QString shown = compactJson(value);
    if (spec.type == u"bool")
        return value.isBool() ? QString() : u"%1 is not true or false"_s.arg(shown);
    if (spec.type == u"int") {
        const double number = value.toDouble();
        if (!value.isDouble() || std::trunc(number) != number)
            return u"%1 is not a whole number"_s.arg(shown);
        if ((spec.minimum && number < double(*spec.minimum)) || (spec.maximum && number > double(*spec.maximum)))
            return u"%1 is outside %2..%3"_s.arg(shown).arg(spec.minimum.value_or(0)).arg(spec.maximum.value_or(0));
        return {};
    }
    if (spec.type == u"enum") {
        for (const EnumValue &enumValue : spec.enumValues) {
            if (value.isString() && enumValue.value == value.toString())
                return {};
        }
        return u"%1 is not one of its values"_s.arg(shown);
    }
    if (spec.type == u"string" || spec.type == u"url") {
        if (!value.isString())
            return u"%1 is not a string"_s.arg(shown);
        return spec.type == u"url" ? urlProblem(spec, value.toString()) : stringProblem(spec, value.toString());
    }
    if (spec.type == u"list")
        return value.isArray() ? listProblem(spec, value.toArray()) : u"%1 is not a list"_s.arg(shown);
    if (spec.type == u"dictionary")
        return value.isObject() ? dictionaryProblem(spec, value.toObject()) : u"%1 is not an object"_s.arg(shown);
    return u"has the unknown type \"%1\""_s.arg(spec.type);
}

QString compactJson(const QJsonValue &value)
{
    // QJsonDocument holds only arrays and objects: wrap the value and cut the brackets off.
    const QByteArray json = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2));
}

} // namespace streamcanvas::policygen

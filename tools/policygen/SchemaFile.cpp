#include "SchemaFile.h"

#include "Formats.h"
#include "ValueCheck.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace streamcanvas::policygen {

namespace {

const QStringList policyTypes{u"bool"_s, u"int"_s, u"string"_s, u"url"_s, u"enum"_s, u"list"_s, u"dictionary"_s};
const QStringList policyFields{u"name"_s, u"category"_s, u"type"_s, u"default"_s, u"levels"_s, u"userSettable"_s,
    u"apply"_s, u"security"_s, u"example"_s, u"title"_s, u"description"_s};
const QStringList productFields{u"name"_s, u"vendor"_s, u"registryKey"_s, u"preferenceDomain"_s, u"linuxDirectory"_s,
    u"admxNamespace"_s, u"admxPrefix"_s};
// Names the generated C++ already uses: a policy of that name would clash with them.
const QStringList reservedNames{u"PolicyKey"_s, u"EffectivePolicy"_s, u"Value"_s};

// The fields a value rule of each type may have besides "type".
QStringList specFields(const QString &type)
{
    if (type == u"int")
        return {u"minimum"_s, u"maximum"_s};
    if (type == u"string")
        return {u"format"_s, u"maxLength"_s};
    if (type == u"url")
        return {u"schemes"_s};
    if (type == u"enum")
        return {u"values"_s};
    if (type == u"list")
        return {u"items"_s};
    if (type == u"dictionary")
        return {u"properties"_s, u"keyFormat"_s, u"valueType"_s};
    return {};
}

// What a broken rule is replaced with, so that reading can go on to the next problem.
ValueSpec placeholderSpec()
{
    ValueSpec spec;
    spec.type = u"string"_s;
    return spec;
}

// "api-key" -> "ApiKey"
QString identifierOf(const QString &value)
{
    QString identifier;
    for (const QString &part : value.split(u'-')) {
        identifier += part.left(1).toUpper() + part.mid(1);
    }
    return identifier;
}

std::optional<qint64> wholeNumber(const QJsonValue &value)
{
    const double number = value.toDouble();
    if (!value.isDouble() || std::trunc(number) != number || std::abs(number) > double(1LL << 53))
        return std::nullopt;
    return qint64(number);
}

// Reads the parts of the file, noting every problem with where it is; carries on after a
// problem so that one run lists them all.
class SchemaReader
{
public:
    QStringList errors;
    Product product;
    QList<Category> categories;
    QList<Policy> policies;
    QList<ExampleFile> examples;

    void read(const QJsonObject &root)
    {
        unknownFields(root, {u"product"_s, u"categories"_s, u"policies"_s, u"examples"_s}, u"the file"_s);
        readProduct(root.value(u"product"_s));
        readCategories(root.value(u"categories"_s));
        readPolicies(root.value(u"policies"_s));
        if (root.contains(u"examples"_s))
            readExamples(root.value(u"examples"_s));
    }

private:
    void fail(const QString &where, const QString &field, const QString &message)
    {
        errors.append(u"%1, field \"%2\": %3"_s.arg(where, field, message));
    }

    // path: where the object is inside the policy ("items.", "title."), for the field's name.
    void unknownFields(
        const QJsonObject &object, const QStringList &known, const QString &where, const QString &path = QString())
    {
        for (const QString &key : object.keys()) {
            if (!known.contains(key))
                fail(where, path + key, u"is not a known field (known: %1)"_s.arg(known.join(u", "_s)));
        }
    }

    QString string(const QJsonObject &object, const QString &field, const QString &where)
    {
        const QJsonValue value = object.value(field);
        if (!value.isString() || value.toString().isEmpty()) {
            fail(where, field, value.isUndefined() ? u"is missing"_s : u"must be a non-empty string"_s);
            return {};
        }
        return value.toString();
    }

    bool boolean(const QJsonObject &object, const QString &field, const QString &where)
    {
        const QJsonValue value = object.value(field);
        if (!value.isBool())
            fail(where, field, value.isUndefined() ? u"is missing"_s : u"must be true or false"_s);
        return value.toBool();
    }

    // field: the object's path in the policy ("title", "values.api-key.title").
    LocalizedText localized(const QJsonObject &object, const QString &field, const QString &where)
    {
        const QJsonValue value = object.value(field.section(u'.', -1));
        if (!value.isObject()) {
            fail(where, field, u"must be an object with an English (\"en\") and a German (\"de\") text"_s);
            return {};
        }
        const QJsonObject texts = value.toObject();
        unknownFields(texts, {u"en"_s, u"de"_s}, where, field + u'.');
        LocalizedText text;
        for (const auto &[language, target] : {std::pair(u"en"_s, &text.en), std::pair(u"de"_s, &text.de)}) {
            *target = texts.value(language).toString();
            if (target->isEmpty())
                fail(where, field + u'.' + language,
                    texts.contains(language) ? u"must be a non-empty string"_s : u"is missing"_s);
        }
        return text;
    }

    void readProduct(const QJsonValue &value)
    {
        const QString where = u"product"_s;
        const QJsonObject object = value.toObject();
        if (!value.isObject())
            fail(u"the file"_s, where, u"must be an object"_s);
        unknownFields(object, productFields, where);
        product = {string(object, u"name"_s, where), string(object, u"vendor"_s, where),
            string(object, u"registryKey"_s, where), string(object, u"preferenceDomain"_s, where),
            string(object, u"linuxDirectory"_s, where), string(object, u"admxNamespace"_s, where),
            string(object, u"admxPrefix"_s, where)};
    }

    void readCategories(const QJsonValue &value)
    {
        if (!value.isArray() || value.toArray().isEmpty()) {
            fail(u"the file"_s, u"categories"_s, u"must be a non-empty array"_s);
            return;
        }
        static const QRegularExpression idPattern(u"^[A-Z][A-Za-z0-9]*$"_s);
        QSet<QString> seen;
        for (const QJsonValue &entry : value.toArray()) {
            const QJsonObject object = entry.toObject();
            const QString id = object.value(u"id"_s).toString();
            const QString where = u"category \"%1\""_s.arg(id);
            unknownFields(object, {u"id"_s, u"title"_s}, where);
            if (!idPattern.match(id).hasMatch())
                fail(where, u"id"_s, u"must be a name like \"Connection\" (letters and digits)"_s);
            else if (seen.contains(id))
                fail(where, u"id"_s, u"is not unique"_s);
            seen.insert(id);
            categories.append({id, localized(object, u"title"_s, where)});
        }
    }

    void readPolicies(const QJsonValue &value)
    {
        if (!value.isArray() || value.toArray().isEmpty()) {
            fail(u"the file"_s, u"policies"_s, u"must be a non-empty array"_s);
            return;
        }
        static const QRegularExpression namePattern(u"^[A-Z][A-Za-z0-9]*$"_s);
        QSet<QString> seen;
        const QJsonArray entries = value.toArray();
        for (qsizetype i = 0; i < entries.size(); ++i) {
            const QJsonObject object = entries.at(i).toObject();
            Policy policy;
            policy.name = object.value(u"name"_s).toString();
            const QString where
                = policy.name.isEmpty() ? u"policy number %1"_s.arg(i + 1) : u"policy \"%1\""_s.arg(policy.name);
            if (!namePattern.match(policy.name).hasMatch())
                fail(where, u"name"_s, u"must be a name like \"GatewayUrl\" (letters and digits)"_s);
            else if (seen.contains(policy.name))
                fail(where, u"name"_s, u"is not unique"_s);
            else if (reservedNames.contains(policy.name))
                fail(where, u"name"_s, u"is a name the generated code already uses"_s);
            seen.insert(policy.name);
            readPolicy(object, where, policy);
            policies.append(policy);
        }
    }

    void readPolicy(const QJsonObject &object, const QString &where, Policy &policy)
    {
        const QString type = object.value(u"type"_s).toString();
        QStringList known = policyFields + specFields(type);
        if (!policyTypes.contains(type)) {
            // Reported as a wrong type below; its other fields are not wrong on top of that.
            for (const QString &anyType : policyTypes)
                known += specFields(anyType);
        }
        unknownFields(object, known, where);

        policy.category = string(object, u"category"_s, where);
        const bool knownCategory = std::any_of(categories.cbegin(), categories.cend(),
            [&](const Category &category) { return category.id == policy.category; });
        if (!policy.category.isEmpty() && !knownCategory)
            fail(where, u"category"_s, u"\"%1\" is not one of the categories"_s.arg(policy.category));

        policy.spec = readSpec(object, where, QString(), true);
        readLevels(object, where, policy);
        policy.userSettable = boolean(object, u"userSettable"_s, where);
        policy.security = boolean(object, u"security"_s, where);
        const QString apply = string(object, u"apply"_s, where);
        if (!apply.isEmpty() && apply != u"live" && apply != u"restart")
            fail(where, u"apply"_s, u"must be \"live\" or \"restart\""_s);
        policy.appliesLive = apply == u"live";
        policy.title = localized(object, u"title"_s, where);
        policy.description = localized(object, u"description"_s, where);

        policy.defaultValue = object.value(u"default"_s);
        policy.example = object.value(u"example"_s);
        if (!policyTypes.contains(policy.spec.type))
            return; // already reported: values of an unknown type cannot be checked
        const bool mayBeUnset
            = policy.spec.type == u"url" || policy.spec.type == u"string" || policy.spec.type == u"enum";
        if (policy.defaultValue.isUndefined())
            fail(where, u"default"_s, u"is missing (null: not set)"_s);
        else if (policy.defaultValue.isNull() && !mayBeUnset)
            fail(where, u"default"_s, u"may be null only for url, string and enum policies"_s);
        else if (!policy.defaultValue.isNull())
            checkValue(policy.spec, policy.defaultValue, where, u"default"_s);
        if (policy.example.isUndefined() || policy.example.isNull())
            fail(where, u"example"_s, u"is missing"_s);
        else
            checkValue(policy.spec, policy.example, where, u"example"_s);
    }

    void readLevels(const QJsonObject &object, const QString &where, Policy &policy)
    {
        const QJsonValue levels = object.value(u"levels"_s);
        if (!levels.isArray() || levels.toArray().isEmpty()) {
            fail(where, u"levels"_s, u"must be a non-empty array of \"mandatory\" and \"recommended\""_s);
            return;
        }
        for (const QJsonValue &level : levels.toArray()) {
            if (level.toString() != u"mandatory" && level.toString() != u"recommended") {
                fail(where, u"levels"_s, u"%1 is not \"mandatory\" or \"recommended\""_s.arg(compactJson(level)));
                continue;
            }
            bool &allowed = level.toString() == u"mandatory" ? policy.mandatoryAllowed : policy.recommendedAllowed;
            if (allowed)
                fail(where, u"levels"_s, u"names %1 twice"_s.arg(compactJson(level)));
            allowed = true;
        }
    }

    void checkValue(const ValueSpec &spec, const QJsonValue &value, const QString &where, const QString &field)
    {
        const QString problem = valueProblem(spec, value);
        if (!problem.isEmpty())
            fail(where, field, problem);
    }

    // A value rule: the policy object itself (topLevel) or a nested "items", "valueType" or
    // property rule; path says where in the policy it is ("items.", "properties.idleSeconds.").
    ValueSpec readSpec(const QJsonObject &object, const QString &where, const QString &path, bool topLevel)
    {
        ValueSpec spec;
        spec.type = object.value(u"type"_s).toString();
        if (!policyTypes.contains(spec.type)) {
            fail(where, path + u"type"_s,
                u"%1 is not one of %2"_s.arg(compactJson(object.value(u"type"_s)), policyTypes.join(u", "_s)));
            return spec;
        }
        if (!topLevel)
            unknownFields(object, QStringList{u"type"_s} + specFields(spec.type), where, path);

        if (spec.type == u"int")
            readRange(object, where, path, topLevel, spec);
        else if (spec.type == u"string")
            readString(object, where, path, spec);
        else if (spec.type == u"url")
            readSchemes(object, where, path, spec);
        else if (spec.type == u"enum")
            readEnumValues(object, where, path, spec);
        else if (spec.type == u"list")
            readList(object, where, path, topLevel, spec);
        else if (spec.type == u"dictionary")
            readDictionary(object, where, path, spec);
        return spec;
    }

    void readRange(const QJsonObject &object, const QString &where, const QString &path, bool topLevel, ValueSpec &spec)
    {
        spec.minimum = wholeNumber(object.value(u"minimum"_s));
        spec.maximum = wholeNumber(object.value(u"maximum"_s));
        if (!spec.minimum)
            fail(where, path + u"minimum"_s, u"must be a whole number"_s);
        if (!spec.maximum)
            fail(where, path + u"maximum"_s, u"must be a whole number"_s);
        if (spec.minimum && spec.maximum && *spec.minimum > *spec.maximum)
            fail(where, path + u"maximum"_s, u"is less than the minimum"_s);
        // A policy's own number is a registry DWORD on Windows and an int in the accessors.
        if (topLevel && spec.minimum && *spec.minimum < 0)
            fail(where, path + u"minimum"_s, u"must not be negative (Windows stores the value as a DWORD)"_s);
        if (topLevel && spec.maximum && *spec.maximum > std::numeric_limits<int>::max())
            fail(where, path + u"maximum"_s, u"must fit in an int"_s);
    }

    void readString(const QJsonObject &object, const QString &where, const QString &path, ValueSpec &spec)
    {
        if (object.contains(u"format"_s)) {
            spec.format = object.value(u"format"_s).toString();
            if (!stringFormat(spec.format))
                fail(where, path + u"format"_s,
                    u"%1 is not a known format"_s.arg(compactJson(object.value(u"format"_s))));
        }
        if (object.contains(u"maxLength"_s)) {
            spec.maxLength = wholeNumber(object.value(u"maxLength"_s));
            if (!spec.maxLength || *spec.maxLength < 1)
                fail(where, path + u"maxLength"_s, u"must be a positive whole number"_s);
        }
    }

    void readSchemes(const QJsonObject &object, const QString &where, const QString &path, ValueSpec &spec)
    {
        static const QRegularExpression schemePattern(u"^[a-z][a-z0-9+.-]*$"_s);
        for (const QJsonValue &scheme : object.value(u"schemes"_s).toArray()) {
            if (!schemePattern.match(scheme.toString()).hasMatch())
                fail(where, path + u"schemes"_s, u"%1 is not a URL scheme"_s.arg(compactJson(scheme)));
            spec.schemes.append(scheme.toString());
        }
        if (spec.schemes.isEmpty())
            fail(where, path + u"schemes"_s, u"must list the allowed URL schemes"_s);
    }

    void readEnumValues(const QJsonObject &object, const QString &where, const QString &path, ValueSpec &spec)
    {
        static const QRegularExpression valuePattern(u"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"_s);
        QSet<QString> identifiers;
        for (const QJsonValue &entry : object.value(u"values"_s).toArray()) {
            const QJsonObject valueObject = entry.toObject();
            EnumValue value;
            value.value = valueObject.value(u"value"_s).toString();
            const QString valuePath = path + u"values.%1."_s.arg(value.value);
            unknownFields(valueObject, {u"value"_s, u"title"_s}, where, valuePath);
            if (!valuePattern.match(value.value).hasMatch())
                fail(where, path + u"values"_s, u"%1 is not a value like \"api-key\""_s.arg(compactJson(entry)));
            value.identifier = identifierOf(value.value);
            if (identifiers.contains(value.identifier))
                fail(where, path + u"values"_s, u"\"%1\" is not unique"_s.arg(value.value));
            identifiers.insert(value.identifier);
            value.title = localized(valueObject, valuePath + u"title"_s, where);
            spec.enumValues.append(value);
        }
        if (spec.enumValues.isEmpty())
            fail(where, path + u"values"_s, u"must list the values"_s);
    }

    void readList(const QJsonObject &object, const QString &where, const QString &path, bool topLevel, ValueSpec &spec)
    {
        if (!object.value(u"items"_s).isObject()) {
            fail(where, path + u"items"_s, u"must be the rule of every item"_s);
            spec.items.push_back(placeholderSpec());
            return;
        }
        spec.items.push_back(readSpec(object.value(u"items"_s).toObject(), where, path + u"items."_s, false));
        if (topLevel && spec.items.front().type != u"string")
            fail(where, path + u"items.type"_s, u"must be \"string\" (the accessor is a QStringList)"_s);
    }

    void readDictionary(const QJsonObject &object, const QString &where, const QString &path, ValueSpec &spec)
    {
        const bool fixed = object.contains(u"properties"_s);
        if (fixed == (object.contains(u"keyFormat"_s) || object.contains(u"valueType"_s))) {
            fail(where, path + u"properties"_s,
                u"a dictionary has either \"properties\" or \"keyFormat\" and \"valueType\""_s);
            spec.values.push_back(placeholderSpec());
            return;
        }
        if (fixed) {
            const QJsonObject properties = object.value(u"properties"_s).toObject();
            for (auto it = properties.begin(); it != properties.end(); ++it) {
                const QString propertyPath = path + u"properties.%1."_s.arg(it.key());
                spec.properties.push_back(readSpec(it.value().toObject(), where, propertyPath, false));
                spec.properties.back().key = it.key();
            }
            if (spec.properties.empty())
                fail(where, path + u"properties"_s, u"must name the keys"_s);
            return;
        }
        spec.keyFormat = object.value(u"keyFormat"_s).toString();
        if (!keyFormat(spec.keyFormat))
            fail(where, path + u"keyFormat"_s,
                u"%1 is not a known key format"_s.arg(compactJson(object.value(u"keyFormat"_s))));
        const QJsonValue valueType = object.value(u"valueType"_s);
        if (!valueType.isObject()) {
            fail(where, path + u"valueType"_s, u"must be the rule of every value"_s);
            spec.values.push_back(placeholderSpec());
            return;
        }
        spec.values.push_back(readSpec(valueType.toObject(), where, path + u"valueType."_s, false));
    }

    void readExamples(const QJsonValue &value)
    {
        static const QRegularExpression filePattern(u"^[0-9]{2}-[a-z0-9-]+\\.json$"_s);
        if (!value.isArray()) {
            fail(u"the file"_s, u"examples"_s, u"must be an array of example files"_s);
            return;
        }
        QSet<QString> files;
        for (const QJsonValue &entry : value.toArray()) {
            const QJsonObject object = entry.toObject();
            ExampleFile example;
            example.fileName = object.value(u"file"_s).toString();
            const QString where = u"example file \"%1\""_s.arg(example.fileName);
            unknownFields(object, {u"file"_s, u"level"_s, u"policies"_s}, where);
            if (!filePattern.match(example.fileName).hasMatch())
                fail(where, u"file"_s, u"must be a file name like \"10-connection.json\""_s);
            const QString level = object.value(u"level"_s).toString();
            if (level != u"mandatory" && level != u"recommended")
                fail(where, u"level"_s, u"must be \"mandatory\" or \"recommended\""_s);
            example.recommended = level == u"recommended";
            if (files.contains(example.path()))
                fail(where, u"file"_s, u"is not unique"_s);
            files.insert(example.path());
            for (const QJsonValue &name : object.value(u"policies"_s).toArray()) {
                const auto policy = std::find_if(policies.cbegin(), policies.cend(),
                    [&](const Policy &candidate) { return candidate.name == name.toString(); });
                if (policy == policies.cend())
                    fail(where, u"policies"_s, u"%1 is not a policy"_s.arg(compactJson(name)));
                else if (!(example.recommended ? policy->recommendedAllowed : policy->mandatoryAllowed))
                    fail(where, u"policies"_s, u"%1 cannot be set at the level %2"_s.arg(compactJson(name), level));
                else if (example.policies.contains(name.toString()))
                    fail(where, u"policies"_s, u"names %1 twice"_s.arg(compactJson(name)));
                example.policies.append(name.toString());
            }
            if (example.policies.isEmpty())
                fail(where, u"policies"_s, u"must name the policies in the file"_s);
            examples.append(example);
        }
    }
};

} // namespace

std::optional<SchemaFile> SchemaFile::load(const QString &path, QStringList *errors)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        errors->append(u"%1: %2"_s.arg(path, file.errorString()));
        return std::nullopt;
    }
    return fromJson(file.readAll(), errors);
}

std::optional<SchemaFile> SchemaFile::fromJson(const QByteArray &json, QStringList *errors)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (!document.isObject()) {
        errors->append(u"not a JSON object (%1 at offset %2)"_s.arg(parseError.errorString()).arg(parseError.offset));
        return std::nullopt;
    }
    SchemaReader reader;
    reader.read(document.object());
    if (!reader.errors.isEmpty()) {
        *errors += reader.errors;
        return std::nullopt;
    }
    SchemaFile schema;
    schema.m_bytes = json;
    schema.m_product = reader.product;
    schema.m_categories = reader.categories;
    schema.m_policies = reader.policies;
    schema.m_examples = reader.examples;
    return schema;
}

QList<const Policy *> SchemaFile::policiesIn(const QString &categoryId) const
{
    QList<const Policy *> found;
    for (const Policy &policy : m_policies) {
        if (policy.category == categoryId)
            found.append(&policy);
    }
    return found;
}

const Policy *SchemaFile::find(const QString &name) const
{
    for (const Policy &policy : m_policies) {
        if (policy.name == name)
            return &policy;
    }
    return nullptr;
}

} // namespace streamcanvas::policygen

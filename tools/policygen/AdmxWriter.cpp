#include "AdmxWriter.h"

#include "ValueCheck.h"

using namespace Qt::StringLiterals;

namespace streamcanvas::policygen {

namespace {

const QString supportedOn = u"SUPPORTED_WIN10"_s;
const QString recommendedSuffix = u"_Recommended"_s;

struct FixedText {
    const char16_t *en;
    const char16_t *de;

    QString in(QStringView language) const { return QString::fromUtf16(language == u"de" ? de : en); }
};

const FixedText supportedText{u"Microsoft Windows 10 or later", u"Microsoft Windows 10 oder neuer"};
const FixedText recommendedRootText{
    u"%1 - Default Settings (users can override)", u"%1 - Standardeinstellungen (Benutzer können sie ändern)"};
const FixedText appliesLiveText{u"Takes effect immediately.", u"Wird sofort wirksam."};
const FixedText appliesRestartText{
    u"Takes effect the next time the app starts.", u"Wird beim nächsten Start der App wirksam."};
const FixedText jsonText{u"Enter a JSON object, for example:", u"Als JSON-Objekt eingeben, zum Beispiel:"};
const FixedText descriptionText{u"Policies for %1", u"Richtlinien für %1"};

QString stringRef(const QString &id)
{
    return u"$(string.%1)"_s.arg(id);
}

QString categoryString(const QString &category)
{
    return u"Category_"_s + category;
}

QString explainString(const Policy &policy)
{
    return policy.name + u"_Explain"_s;
}

QString itemString(const Policy &policy, const EnumValue &value)
{
    return policy.name + u"_Item_"_s + value.identifier;
}

// "en-US" -> "en": the language of the schema's texts.
QString schemaLanguage(const QString &language)
{
    return language.left(2);
}

bool hasPresentation(const Policy &policy)
{
    return policy.spec.type != u"bool";
}

} // namespace

AdmxWriter::AdmxWriter(const SchemaFile &schema)
    : m_schema(schema)
{
}

const QStringList &AdmxWriter::languages()
{
    static const QStringList languages{u"en-US"_s, u"de-DE"_s};
    return languages;
}

QList<GeneratedFile> AdmxWriter::files() const
{
    const QString base = m_schema.product().vendor;
    QList<GeneratedFile> files{{base + u".admx"_s, admx()}};
    for (const QString &language : languages())
        files.append({language + u'/' + base + u".adml"_s, adml(language)});
    return files;
}

QString AdmxWriter::rootCategory() const
{
    return QString(m_schema.product().name).remove(u' ');
}

QByteArray AdmxWriter::admx() const
{
    QByteArray out;
    QXmlStreamWriter xml(&out);
    xml.setAutoFormatting(true);
    xml.setAutoFormattingIndent(2);
    xml.writeStartDocument();
    xml.writeStartElement(u"policyDefinitions"_s);
    xml.writeDefaultNamespace(u"http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions"_s);
    xml.writeAttribute(u"revision"_s, u"1.0"_s);
    xml.writeAttribute(u"schemaVersion"_s, u"1.0"_s);

    xml.writeStartElement(u"policyNamespaces"_s);
    xml.writeEmptyElement(u"target"_s);
    xml.writeAttribute(u"prefix"_s, m_schema.product().admxPrefix);
    xml.writeAttribute(u"namespace"_s, m_schema.product().admxNamespace);
    xml.writeEndElement();
    xml.writeEmptyElement(u"resources"_s);
    xml.writeAttribute(u"minRequiredRevision"_s, u"1.0"_s);

    xml.writeStartElement(u"supportedOn"_s);
    xml.writeStartElement(u"definitions"_s);
    xml.writeEmptyElement(u"definition"_s);
    xml.writeAttribute(u"name"_s, supportedOn);
    xml.writeAttribute(u"displayName"_s, stringRef(supportedOn));
    xml.writeEndElement();
    xml.writeEndElement();

    writeCategories(xml);

    xml.writeStartElement(u"policies"_s);
    for (const Policy &policy : m_schema.policies()) {
        writePolicy(xml, policy, false);
        if (policy.recommendedAllowed)
            writePolicy(xml, policy, true);
    }
    xml.writeEndElement();
    xml.writeEndElement();
    xml.writeEndDocument();
    return normalizedText(out);
}

void AdmxWriter::writeCategories(QXmlStreamWriter &xml) const
{
    xml.writeStartElement(u"categories"_s);
    for (const QString &suffix : {QString(), recommendedSuffix}) {
        const QString root = rootCategory() + suffix;
        xml.writeEmptyElement(u"category"_s);
        xml.writeAttribute(u"name"_s, root);
        xml.writeAttribute(u"displayName"_s, stringRef(categoryString(root)));
        for (const Category &category : m_schema.categories()) {
            xml.writeStartElement(u"category"_s);
            xml.writeAttribute(u"name"_s, category.id + suffix);
            xml.writeAttribute(u"displayName"_s, stringRef(categoryString(category.id)));
            xml.writeEmptyElement(u"parentCategory"_s);
            xml.writeAttribute(u"ref"_s, root);
            xml.writeEndElement();
        }
    }
    xml.writeEndElement();
}

void AdmxWriter::writePolicy(QXmlStreamWriter &xml, const Policy &policy, bool recommended) const
{
    const QString key = m_schema.product().registryKey + (recommended ? u"\\Recommended"_s : QString());
    xml.writeStartElement(u"policy"_s);
    xml.writeAttribute(u"name"_s, policy.name + (recommended ? recommendedSuffix : QString()));
    xml.writeAttribute(u"class"_s, u"Both"_s);
    xml.writeAttribute(u"displayName"_s, stringRef(policy.name));
    xml.writeAttribute(u"explainText"_s, stringRef(explainString(policy)));
    if (hasPresentation(policy))
        xml.writeAttribute(u"presentation"_s, u"$(presentation.%1)"_s.arg(policy.name));
    xml.writeAttribute(u"key"_s, key);
    if (policy.spec.type == u"bool")
        xml.writeAttribute(u"valueName"_s, policy.name);

    xml.writeEmptyElement(u"parentCategory"_s);
    xml.writeAttribute(u"ref"_s, policy.category + (recommended ? recommendedSuffix : QString()));
    xml.writeEmptyElement(u"supportedOn"_s);
    xml.writeAttribute(u"ref"_s, supportedOn);

    if (policy.spec.type == u"bool") {
        for (const auto &[element, value] : {std::pair(u"enabledValue"_s, 1), std::pair(u"disabledValue"_s, 0)}) {
            xml.writeStartElement(element);
            xml.writeEmptyElement(u"decimal"_s);
            xml.writeAttribute(u"value"_s, QString::number(value));
            xml.writeEndElement();
        }
    } else {
        xml.writeStartElement(u"elements"_s);
        writeElement(xml, policy, key);
        xml.writeEndElement();
    }
    xml.writeEndElement();
}

void AdmxWriter::writeElement(QXmlStreamWriter &xml, const Policy &policy, const QString &key) const
{
    const ValueSpec &spec = policy.spec;
    if (spec.type == u"enum") {
        xml.writeStartElement(u"enum"_s);
        xml.writeAttribute(u"id"_s, policy.name);
        xml.writeAttribute(u"valueName"_s, policy.name);
        for (const EnumValue &value : spec.enumValues) {
            xml.writeStartElement(u"item"_s);
            xml.writeAttribute(u"displayName"_s, stringRef(itemString(policy, value)));
            xml.writeStartElement(u"value"_s);
            xml.writeTextElement(u"string"_s, value.value);
            xml.writeEndElement();
            xml.writeEndElement();
        }
        xml.writeEndElement();
        return;
    }
    if (spec.type == u"int") {
        xml.writeEmptyElement(u"decimal"_s);
        xml.writeAttribute(u"id"_s, policy.name);
        xml.writeAttribute(u"valueName"_s, policy.name);
        xml.writeAttribute(u"minValue"_s, QString::number(*spec.minimum));
        xml.writeAttribute(u"maxValue"_s, QString::number(*spec.maximum));
        return;
    }
    if (spec.type == u"list") {
        // Chrome's convention: one subkey named after the policy, values named 1, 2, 3, ...
        xml.writeEmptyElement(u"list"_s);
        xml.writeAttribute(u"id"_s, policy.name);
        xml.writeAttribute(u"key"_s, key + u'\\' + policy.name);
        xml.writeAttribute(u"valuePrefix"_s, QString());
        return;
    }
    // Strings, URLs, and dictionaries as JSON text. The ADMX default limit of a text element
    // is 1023 characters, too short for a certificate or a dictionary.
    xml.writeEmptyElement(spec.isMultiLineText() ? u"multiText"_s : u"text"_s);
    xml.writeAttribute(u"id"_s, policy.name);
    xml.writeAttribute(u"valueName"_s, policy.name);
    xml.writeAttribute(u"maxLength"_s, QString::number(spec.maxLength.value_or(1000000)));
}

QByteArray AdmxWriter::adml(const QString &language) const
{
    const QString textLanguage = schemaLanguage(language);
    QByteArray out;
    QXmlStreamWriter xml(&out);
    xml.setAutoFormatting(true);
    xml.setAutoFormattingIndent(2);
    xml.writeStartDocument();
    xml.writeStartElement(u"policyDefinitionResources"_s);
    xml.writeDefaultNamespace(u"http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions"_s);
    xml.writeAttribute(u"revision"_s, u"1.0"_s);
    xml.writeAttribute(u"schemaVersion"_s, u"1.0"_s);
    xml.writeTextElement(u"displayName"_s, m_schema.product().name);
    xml.writeTextElement(u"description"_s, descriptionText.in(textLanguage).arg(m_schema.product().name));
    xml.writeStartElement(u"resources"_s);
    writeStrings(xml, textLanguage);
    xml.writeStartElement(u"presentationTable"_s);
    for (const Policy &policy : m_schema.policies()) {
        if (hasPresentation(policy))
            writePresentation(xml, policy, textLanguage);
    }
    xml.writeEndElement();
    xml.writeEndElement();
    xml.writeEndElement();
    xml.writeEndDocument();
    return normalizedText(out);
}

void AdmxWriter::writeStrings(QXmlStreamWriter &xml, const QString &language) const
{
    const auto string = [&](const QString &id, const QString &text) {
        xml.writeStartElement(u"string"_s);
        xml.writeAttribute(u"id"_s, id);
        xml.writeCharacters(text);
        xml.writeEndElement();
    };
    xml.writeStartElement(u"stringTable"_s);
    string(supportedOn, supportedText.in(language));
    string(categoryString(rootCategory()), m_schema.product().name);
    string(categoryString(rootCategory() + recommendedSuffix),
        recommendedRootText.in(language).arg(m_schema.product().name));
    for (const Category &category : m_schema.categories())
        string(categoryString(category.id), category.title.in(language));
    for (const Policy &policy : m_schema.policies()) {
        string(policy.name, policy.title.in(language));
        string(explainString(policy), explainText(policy, language));
        for (const EnumValue &value : policy.spec.enumValues)
            string(itemString(policy, value), value.title.in(language));
    }
    xml.writeEndElement();
}

QString AdmxWriter::explainText(const Policy &policy, const QString &language) const
{
    QString text = policy.description.in(language);
    if (policy.spec.type == u"dictionary")
        text += u"\n\n"_s + jsonText.in(language) + u' ' + compactJson(policy.example);
    text += u"\n\n"_s + (policy.appliesLive ? appliesLiveText : appliesRestartText).in(language);
    return text;
}

void AdmxWriter::writePresentation(QXmlStreamWriter &xml, const Policy &policy, const QString &language) const
{
    const ValueSpec &spec = policy.spec;
    const QString label = policy.title.in(language) + u':';
    xml.writeStartElement(u"presentation"_s);
    xml.writeAttribute(u"id"_s, policy.name);
    if (spec.type == u"enum") {
        xml.writeStartElement(u"dropdownList"_s);
        xml.writeAttribute(u"refId"_s, policy.name);
        xml.writeAttribute(u"noSort"_s, u"true"_s);
        for (qsizetype i = 0; i < spec.enumValues.size(); ++i) {
            if (policy.defaultValue.toString() == spec.enumValues.at(i).value)
                xml.writeAttribute(u"defaultItem"_s, QString::number(i));
        }
        xml.writeCharacters(label);
        xml.writeEndElement();
    } else if (spec.type == u"int") {
        xml.writeStartElement(u"decimalTextBox"_s);
        xml.writeAttribute(u"refId"_s, policy.name);
        xml.writeAttribute(u"defaultValue"_s, QString::number(policy.defaultValue.toInteger()));
        xml.writeCharacters(label);
        xml.writeEndElement();
    } else if (spec.type == u"list") {
        xml.writeStartElement(u"listBox"_s);
        xml.writeAttribute(u"refId"_s, policy.name);
        xml.writeCharacters(label);
        xml.writeEndElement();
    } else if (spec.isMultiLineText()) {
        xml.writeStartElement(u"multiTextBox"_s);
        xml.writeAttribute(u"refId"_s, policy.name);
        xml.writeCharacters(label);
        xml.writeEndElement();
    } else {
        xml.writeStartElement(u"textBox"_s);
        xml.writeAttribute(u"refId"_s, policy.name);
        xml.writeTextElement(u"label"_s, label);
        if (policy.defaultValue.isString())
            xml.writeTextElement(u"defaultValue"_s, policy.defaultValue.toString());
        else if (spec.type == u"dictionary")
            xml.writeTextElement(u"defaultValue"_s, compactJson(policy.defaultValue));
        xml.writeEndElement();
    }
    xml.writeEndElement();
}

} // namespace streamcanvas::policygen

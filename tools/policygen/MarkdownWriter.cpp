#include "MarkdownWriter.h"

#include "Formats.h"
#include "GeneratedFile.h"
#include "JsonSchemaWriter.h"
#include "ValueCheck.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace streamcanvas::policygen {

namespace {

// Prose from the schema, with Markdown's special characters taken literally.
QString escaped(const QString &text)
{
    QString out;
    for (const QChar c : text) {
        if (u"\\`*_[]<>|"_s.contains(c))
            out += u'\\';
        out += c;
    }
    return out;
}

QString code(const QString &text)
{
    return u'`' + text + u'`';
}

// GitHub's anchor of a heading.
QString anchor(const QString &heading)
{
    static const QRegularExpression dropped(u"[^a-z0-9 _-]"_s);
    return u'#' + heading.toLower().remove(dropped).replace(u' ', u'-');
}

QString levelsOf(const Policy &policy)
{
    if (policy.mandatoryAllowed && policy.recommendedAllowed)
        return u"mandatory, recommended"_s;
    return policy.mandatoryAllowed ? u"mandatory"_s : u"recommended"_s;
}

QString appliesOf(const Policy &policy)
{
    return policy.appliesLive ? u"live"_s : u"restart"_s;
}

// What a value of this rule is, in a few words.
QString typeDescription(const ValueSpec &spec)
{
    if (spec.type == u"bool")
        return u"boolean (true or false)"_s;
    if (spec.type == u"int")
        return u"whole number from %1 to %2"_s.arg(*spec.minimum).arg(*spec.maximum);
    if (spec.type == u"url")
        return u"URL (%1)"_s.arg(spec.schemes.join(u", "_s));
    if (spec.type == u"enum")
        return u"one of the values below"_s;
    if (spec.type == u"string") {
        const std::optional<StringFormat> format = stringFormat(spec.format);
        QString text = format ? u"string: "_s + format->description : u"string"_s;
        if (spec.maxLength)
            text += u" (at most %1 characters)"_s.arg(*spec.maxLength);
        return text;
    }
    if (spec.type == u"list")
        return u"list; each entry a "_s + typeDescription(spec.items.front());
    if (spec.hasFixedKeys())
        return u"dictionary with the keys below"_s;
    const std::optional<StringFormat> key = keyFormat(spec.keyFormat);
    return u"dictionary: %1 → %2"_s.arg(key ? key->description : spec.keyFormat, typeDescription(spec.values.front()));
}

QString valueText(const QJsonValue &value)
{
    if (value.isNull())
        return u"not set"_s;
    return code(compactJson(value));
}

QString registryType(const Policy &policy)
{
    const ValueSpec &spec = policy.spec;
    if (spec.type == u"bool")
        return u"REG_DWORD: 1 for true, 0 for false"_s;
    if (spec.type == u"int")
        return u"REG_DWORD"_s;
    if (spec.isMultiLineText())
        return u"REG_MULTI_SZ (one string per line, as the administrative template writes it) or REG_SZ"_s;
    if (spec.type == u"dictionary")
        return u"REG_SZ holding the JSON object"_s;
    return u"REG_SZ"_s;
}

QString plistType(const ValueSpec &spec)
{
    if (spec.type == u"bool")
        return u"boolean"_s;
    if (spec.type == u"int")
        return u"integer"_s;
    if (spec.type == u"list")
        return u"array of "_s + plistType(spec.items.front()) + u"s"_s;
    if (spec.type == u"dictionary")
        return spec.hasFixedKeys() ? u"dictionary"_s : u"dictionary of "_s + plistType(spec.values.front());
    return u"string"_s;
}

QString linuxSnippet(const Policy &policy)
{
    return u"```json\n"_s + QString::fromUtf8(JsonSchemaWriter::orderedObject({{policy.name, policy.example}}))
        + u"```\n"_s;
}

const QString generalText = uR"(## Mandatory and recommended

A **mandatory** value is locked: the app shows the setting as managed and users cannot
change it. A **recommended** value is a default: users see it and may change it where the
app lets them set that setting themselves. Some policies can only be mandatory; the
table below says which.

A value applies to every user of the computer (Windows `HKLM`, a macOS device profile,
Linux `/etc`) or to one user (Windows `HKCU`, a macOS user profile).

## Which value wins

For each policy the first valid value in this order applies:

1. a mandatory value for the computer,
2. a mandatory value for the user,
3. the user's own setting (only for policies users can set themselves),
4. a recommended value for the computer, then one for the user,
5. the built-in default.

## Windows

Values are registry values:

| | the computer | one user |
|---|---|---|
| mandatory | `HKLM\%2` | `HKCU\%2` |
| recommended | `HKLM\%2\Recommended` | `HKCU\%2\Recommended` |

Each policy below says its value name and type. A list is a subkey named after the policy
holding one `REG_SZ` value per entry, named `1`, `2`, `3`, … (as Chrome's policies do).

The administrative template sets them through Group Policy or Intune: copy
`StreamCanvas.admx` to `C:\Windows\PolicyDefinitions` (or the domain's central store) and
`en-US\StreamCanvas.adml` and `de-DE\StreamCanvas.adml` into the folders of the same names
there; in Intune, import the ADMX and ADML files. The policies are under *Administrative
Templates › %1*, the recommended ones under *%1 - Default Settings (users can
override)*.

## macOS

Values are managed preferences in the domain `%3`, delivered by a configuration
profile. A **forced** value (the `Forced` settings of a `com.apple.ManagedClient.preferences`
payload, or a custom settings payload for the domain as MDM servers write it) is mandatory.
An **unforced** value in the managed preferences, or a value in the admin-only
`/Library/Preferences/%3.plist`, is recommended: users may change it. A user's own
`defaults write` is never policy. A device profile applies to the computer, a user profile
to one user. Each policy below says its key
and plist type. `%3.mobileconfig` is an example profile with every key;
`%3.jamf.json` describes the keys to Jamf Pro.

## Linux

Values are JSON files, each one JSON object of policy names and values like the snippets
below:

| | files |
|---|---|
| mandatory | `%4/managed/*.json` |
| recommended | `%4/recommended/*.json` |

Linux has no per-user policy: the files apply to every user.

- The files of a directory are merged in file-name order: when two files set the same
  policy, the later file wins and the conflict is reported. Number the files
  (`10-connection.json`, `50-defaults.json`) to make the order plain.
- A file that is not owned by root, or that its group or others may write, is ignored and
  reported: otherwise anyone who can write it could change the policy. The same holds for
  the directories. Symbolic links are not followed.
- Changes are picked up while the app runs (file watching, debounced).
- `streamcanvas-policies.schema.json` (JSON Schema, draft 2020-12) checks a file before it
  is deployed; `examples/linux` has a managed and a recommended example.

## Invalid values

Each value is checked against its policy: type, range, allowed values, format. An invalid
value is reported and skipped, and the next value in the order above applies.

Policies marked **security** fail closed instead: an invalid value of one of them is not
replaced by a weaker one. The app does not send anything to the gateway until the value is
fixed, and says why. A wrong gateway address, authentication mode, proxy or pin therefore
stops chatting rather than connecting somewhere unintended.

Policies that apply **live** take effect as soon as the source changes; the others when the
app starts next.

## Checking what applies

`streamcanvas-cli policy` prints every policy's effective value, the level and source it
came from (registry key, profile, file) and every problem found. `streamcanvas-cli policy
--json` prints the same as JSON for scripts; `--reload` reads all sources again and first
lists what changed since the state the app last recorded, and whether each change applies
now or at the next start. The effective policy and its SHA-256 are also logged at start and
on every reload (log level `info`).

```
streamcanvas-cli policy [--json] [--reload]
```

## Users' own connections

Without a mandatory `GatewayUrl`, users may set up their own connection, usually by
importing a connection profile the company publishes (`streamcanvas-cli connection import
FILE`): a JSON file with `format` `"streamcanvas-connection"`, `version` 1, an optional
`name`, and `gateway`, `auth`, `issuer`, `clientId`, `scopes`, `resource` and
`caCertificates`, each checked like the policy of the same meaning. A profile never holds a
secret: one with a key, password, token or client secret, or with any invalid or unknown
entry, is refused whole. `AllowUserConnections` = false forbids users' own connections.
)"_s;

} // namespace

MarkdownWriter::MarkdownWriter(const SchemaFile &schema)
    : m_schema(schema)
{
}

QByteArray MarkdownWriter::document() const
{
    QString out = introduction() + u'\n' + generalSections() + u'\n' + overview();
    for (const Category &category : m_schema.categories()) {
        out += u"\n## "_s + category.title.en + u"\n"_s;
        for (const Policy *policy : m_schema.policiesIn(category.id))
            out += u'\n' + policySection(*policy);
    }
    return normalizedText(out.toUtf8());
}

QString MarkdownWriter::introduction() const
{
    const Product &product = m_schema.product();
    QString out = u"# %1 policies\n\n"_s.arg(product.name);
    out += u"<!-- Generated by streamcanvas-policygen from core/policy/policies.json: do not edit. After changing "
           u"the schema run tools/update-policy-templates.sh. -->\n\n"_s;
    out += u"Companies set %1 up with policies: the gateway and identity provider to use,\n"
           u"the models allowed, network rules, what happens with links and images, and what is kept\n"
           u"and logged. This page describes every policy and how to set it on Windows, macOS and\n"
           u"Linux. Ready-made templates are in [`packaging/policy`](../packaging/policy/README.md).\n\n"_s.arg(
               product.name);
    out += u"- [Mandatory and recommended](#mandatory-and-recommended)\n"
           u"- [Which value wins](#which-value-wins)\n"
           u"- [Windows](#windows), [macOS](#macos), [Linux](#linux)\n"
           u"- [Invalid values](#invalid-values)\n"
           u"- [Checking what applies](#checking-what-applies)\n"
           u"- [All policies](#all-policies)"_s;
    for (const Category &category : m_schema.categories())
        out += u", [%1](%2)"_s.arg(category.title.en, anchor(category.title.en));
    return out + u'\n';
}

QString MarkdownWriter::generalSections() const
{
    const Product &product = m_schema.product();
    return generalText.arg(product.name, product.registryKey, product.preferenceDomain, product.linuxDirectory);
}

QString MarkdownWriter::overview() const
{
    QString out = u"## All policies\n\n"_s
                  u"Security policies fail closed (see [Invalid values](#invalid-values)).\n\n"_s
                  u"| Policy | What | Type | Levels | Applies | Security |\n"
                  u"|---|---|---|---|---|---|\n"_s;
    for (const Policy &policy : m_schema.policies()) {
        out += u"| [%1](%2) | %3 | %4 | %5 | %6 | %7 |\n"_s.arg(policy.name, anchor(policy.name),
            escaped(policy.title.en), policy.spec.type, levelsOf(policy), appliesOf(policy),
            policy.security ? u"yes"_s : QString());
    }
    return out;
}

QString MarkdownWriter::policySection(const Policy &policy) const
{
    QString out
        = u"### %1\n\n**%2**\n\n%3\n\n"_s.arg(policy.name, escaped(policy.title.en), escaped(policy.description.en));
    out += u"| | |\n|---|---|\n"_s;
    out += u"| Type | %1 |\n"_s.arg(escaped(typeDescription(policy.spec)));
    out += u"| Default | %1 |\n"_s.arg(valueText(policy.defaultValue));
    out += u"| Levels | %1 |\n"_s.arg(levelsOf(policy));
    out += u"| Users can set it themselves | %1 |\n"_s.arg(policy.userSettable ? u"yes"_s : u"no"_s);
    out += u"| Applies | %1 |\n"_s.arg(policy.appliesLive ? u"live: as soon as it changes"_s : u"at the next start"_s);
    out += u"| Security | %1 |\n"_s.arg(policy.security ? u"yes: an invalid value disables chatting"_s : u"no"_s);
    out += valueDetails(policy);
    if (policy.security) {
        out += u"\n> **Fails closed.** An invalid value is not replaced by the default or a value from a lower level: "
               u"the app sends nothing to the gateway until it is fixed.\n"_s;
    }
    return out + u'\n' + howToSet(policy);
}

QString MarkdownWriter::valueDetails(const Policy &policy) const
{
    const ValueSpec &spec = policy.spec;
    QString out;
    if (spec.type == u"enum") {
        out += u"\n| Value | Meaning |\n|---|---|\n"_s;
        for (const EnumValue &value : spec.enumValues)
            out += u"| %1 | %2 |\n"_s.arg(code(value.value), escaped(value.title.en));
    }
    if (spec.hasFixedKeys()) {
        out += u"\n| Key | Type | Default |\n|---|---|---|\n"_s;
        const QJsonObject defaults = policy.defaultValue.toObject();
        for (const ValueSpec &property : spec.properties) {
            const QJsonValue defaultValue = defaults.value(property.key);
            out += u"| %1 | %2 | %3 |\n"_s.arg(code(property.key), escaped(typeDescription(property)),
                valueText(defaultValue.isUndefined() ? QJsonValue() : defaultValue));
        }
    }
    return out;
}

QString MarkdownWriter::howToSet(const Policy &policy) const
{
    const Product &product = m_schema.product();
    const bool list = policy.spec.type == u"list";
    QString out = u"**Windows:** "_s;
    if (list)
        out += u"one REG_SZ value per entry, named `1`, `2`, `3`, …, in the subkey:\n\n"_s;
    else
        out += u"the value %1, %2, in:\n\n"_s.arg(code(policy.name), registryType(policy));
    const QString subkey = list ? u"\\"_s + policy.name : QString();
    if (policy.mandatoryAllowed)
        out += u"- mandatory: %1 or %2\n"_s.arg(
            code(u"HKLM\\"_s + product.registryKey + subkey), code(u"HKCU\\"_s + product.registryKey + subkey));
    if (policy.recommendedAllowed) {
        const QString key = product.registryKey + u"\\Recommended"_s + subkey;
        out += u"- recommended: %1 or %2\n"_s.arg(code(u"HKLM\\"_s + key), code(u"HKCU\\"_s + key));
    }

    out += u"\n**macOS:** the key %1 (%2) in the domain %3.\n\n"_s.arg(
        code(policy.name), plistType(policy.spec), code(product.preferenceDomain));

    QStringList directories;
    if (policy.mandatoryAllowed)
        directories.append(code(product.linuxDirectory + u"/managed/"_s));
    if (policy.recommendedAllowed)
        directories.append(code(product.linuxDirectory + u"/recommended/"_s));
    out += u"**Linux:** in a file in %1, for example:\n\n"_s.arg(directories.join(u" or "_s)) + linuxSnippet(policy);
    return out;
}

} // namespace streamcanvas::policygen

#include "PolicyValidator.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cmath>

using namespace Qt::StringLiterals;

namespace streamcanvas::policy {

namespace {

QString quoted(const QStringList &values)
{
    QStringList result;
    for (const QString &value : values)
        result.append(u"\"%1\""_s.arg(value));
    return result.join(u", "_s);
}

// Control characters other than tab and line breaks, and the invisible characters that can
// make a banner or prompt read differently from what it holds.
std::optional<qsizetype> firstHiddenCharacter(const QString &text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        const bool control = (c < 0x20 && c != u'\t' && c != u'\n' && c != u'\r') || (c >= 0x7f && c <= 0x9f);
        const bool bidi = (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
        const bool invisible = (c >= 0x200b && c <= 0x200f) || (c >= 0x2060 && c <= 0x2064) || c == 0xfeff;
        if (control || bidi || invisible)
            return i;
    }
    return std::nullopt;
}

bool isHostName(const QString &host)
{
    // After IDN conversion: labels of letters, digits and hyphens, or an IP address.
    if (!QHostAddress(host).isNull())
        return true;
    const QByteArray ace = QUrl::toAce(host);
    static const QRegularExpression label(u"^(?!-)[a-z0-9-]{1,63}(?<!-)$"_s);
    if (ace.isEmpty() || ace.size() > 253)
        return false;
    const QStringList labels = QString::fromLatin1(ace).toLower().split(u'.');
    for (const QString &part : labels) {
        if (!label.match(part).hasMatch())
            return false;
    }
    return true;
}

} // namespace

bool PolicyValidator::isThisComputer(const QString &host)
{
    if (host.compare(u"localhost"_s, Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

QString PolicyValidator::describe(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return u"null"_s;
    case QJsonValue::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Double: {
        const double number = value.toDouble();
        return number == std::floor(number) && std::abs(number) < 1e15 ? QString::number(qint64(number))
                                                                       : QString::number(number);
    }
    case QJsonValue::String: {
        // User info in an address may be a password: never repeat it.
        static const QRegularExpression userInfo(u"(\\w://)[^/@\\s]+@"_s);
        QString text = value.toString().replace(userInfo, u"\\1[user info hidden]@"_s);
        if (text.size() > 60)
            text = text.left(57) + u"..."_s;
        return u"\"%1\""_s.arg(text);
    }
    case QJsonValue::Array:
        return tr("a list");
    case QJsonValue::Object:
        return tr("an object");
    }
    return {};
}

std::optional<QUrl> PolicyValidator::parseServiceUrl(const QString &text, const QStringList &schemes, QString *error)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    const bool httpHere = scheme == u"http"_s && schemes.contains(u"https"_s) && isThisComputer(url.host());
    if (!url.isValid() || url.host().isEmpty() || (!schemes.contains(scheme) && !httpHere)) {
        *error = schemes == QStringList{u"https"_s} ? tr("expected an https address") : tr("expected an address");
        return std::nullopt;
    }
    if (!url.userInfo().isEmpty() || url.hasQuery() || url.hasFragment()) {
        *error = tr("the address must not contain a user name, password, query or fragment");
        return std::nullopt;
    }
    QUrl normalised = url;
    normalised.setScheme(scheme);
    normalised.setHost(url.host().toLower());
    // Empty path segments are dropped here, before and after removing dot segments: Qt 6.4's
    // NormalizePathSegments removes only one "//" per call and can leave one behind ("/a/./b/../c"
    // gives "/a//c"), so an address would otherwise come out of validation different each time.
    static const QRegularExpression repeatedSlashes(u"/{2,}"_s);
    const auto dropEmptySegments = [](QUrl &address) {
        address.setPath(address.path(QUrl::FullyEncoded).replace(repeatedSlashes, u"/"_s), QUrl::TolerantMode);
    };
    dropEmptySegments(normalised);
    normalised = normalised.adjusted(QUrl::NormalizePathSegments);
    dropEmptySegments(normalised);
    normalised = normalised.adjusted(QUrl::StripTrailingSlash);
    return normalised;
}

std::optional<QUrl> PolicyValidator::parseProxyServer(const QString &text, QString *error)
{
    const QString trimmed = text.trimmed();
    const QUrl url(trimmed.contains(u"://"_s) ? trimmed : u"http://"_s + trimmed, QUrl::StrictMode);
    if (!url.password().isEmpty()) {
        *error = tr("a proxy password never goes into settings; it is stored in the keychain");
        return std::nullopt;
    }
    if (!url.isValid() || url.scheme() != u"http"_s || url.host().isEmpty() || url.port() <= 0 || url.path().size() > 1
        || url.hasQuery() || url.hasFragment()) {
        *error = tr("expected http://[user@]host:port");
        return std::nullopt;
    }
    return url.adjusted(QUrl::RemovePath);
}

std::optional<QString> PolicyValidator::checkFormat(const QString &format, const QString &text)
{
    static const QRegularExpression scope(u"^[\\x21\\x23-\\x5b\\x5d-\\x7e]+$"_s);
    static const QRegularExpression token(u"^[\\x21-\\x7e]{1,256}$"_s);
    static const QRegularExpression scheme(u"^[a-z][a-z0-9+.-]*$"_s);
    static const QRegularExpression spki(u"^[A-Za-z0-9+/]{43}=$"_s);
    static const QRegularExpression pemBlock(
        u"-----BEGIN CERTIFICATE-----\\s*([A-Za-z0-9+/=\\s]+?)\\s*-----END CERTIFICATE-----"_s);

    if (format.isEmpty())
        return std::nullopt;
    if (format == u"text"_s) {
        if (const auto at = firstHiddenCharacter(text))
            return tr("contains an invisible or control character at position %1").arg(*at + 1);
        return std::nullopt;
    }
    if (format == u"client-id"_s || format == u"model-id"_s)
        return token.match(text).hasMatch() && !text.contains(u'*') ? std::nullopt
                                                                    : std::optional(tr("expected a name without "
                                                                                       "spaces or control characters"));
    if (format == u"model-pattern"_s)
        return token.match(text).hasMatch() ? std::nullopt
                                            : std::optional(tr("expected a model id, with * for any characters"));
    if (format == u"scope"_s)
        return scope.match(text).hasMatch() ? std::nullopt : std::optional(tr("expected a scope without spaces"));
    if (format == u"link-scheme"_s) {
        static const QStringList never{u"javascript"_s, u"vbscript"_s, u"file"_s, u"data"_s, u"blob"_s};
        if (never.contains(text.toLower()))
            return tr("\"%1\" links are never allowed").arg(text);
        return scheme.match(text).hasMatch() ? std::nullopt
                                             : std::optional(tr("expected a lower-case scheme such as \"https\""));
    }
    if (format == u"spki-sha256"_s) {
        return spki.match(text).hasMatch() && QByteArray::fromBase64(text.toLatin1()).size() == 32
            ? std::nullopt
            : std::optional(tr("expected the base64 SHA-256 of a public key (44 characters)"));
    }
    if (format == u"host"_s)
        return isHostName(text) ? std::nullopt : std::optional(tr("expected a host name"));
    if (format == u"host-pattern"_s) {
        const QString host = text.startsWith(u"*."_s) ? text.mid(2) : text;
        return isHostName(host) ? std::nullopt : std::optional(tr("expected a host name, optionally with \"*.\""));
    }
    if (format == u"origin"_s) {
        QString error;
        const auto url = parseServiceUrl(text, {u"https"_s}, &error);
        if (!url)
            return error;
        if (url->path().size() > 1)
            return tr("expected an origin such as https://host[:port], without a path");
        return std::nullopt;
    }
    if (format == u"proxy"_s) {
        QString error;
        return parseProxyServer(text, &error) ? std::nullopt : std::optional(error);
    }
    if (format == u"pem"_s) {
        auto blocks = pemBlock.globalMatch(text);
        int count = 0;
        while (blocks.hasNext()) {
            const QString body = blocks.next().captured(1);
            if (QByteArray::fromBase64(body.toLatin1().simplified().replace(' ', "")).isEmpty())
                return tr("certificate %1 is not valid base64").arg(count + 1);
            ++count;
        }
        return count > 0 ? std::nullopt
                         : std::optional(tr("expected PEM certificates (-----BEGIN CERTIFICATE----- ...)"));
    }
    return tr("unknown format %1").arg(format);
}

PolicyValidator::Result PolicyValidator::validate(const PolicyDefinition &definition, const QJsonValue &value)
{
    Result result = validate(definition.rule, value, definition.name);
    // A dictionary of fixed entries (RequestTimeouts) keeps the default of an entry left out.
    if (result.ok() && !definition.rule.properties.isEmpty() && definition.defaultValue.isObject()) {
        QJsonObject merged = definition.defaultValue.toObject();
        const QJsonObject given = result.value.toObject();
        for (auto it = given.begin(); it != given.end(); ++it)
            merged.insert(it.key(), it.value());
        result.value = merged;
    }
    return result;
}

PolicyValidator::Result PolicyValidator::validate(const ValueRule &rule, const QJsonValue &value, const QString &path)
{
    Result result;
    const auto fail = [&](const QString &expected) {
        result.errors.append(u"%1: %2, got %3"_s.arg(path, expected, describe(value)));
        return result;
    };
    switch (rule.type) {
    case PolicyType::Bool:
        // Registry and plist values of 0/1 mean false/true.
        if (value.isBool()) {
            result.value = value;
        } else if (value.isDouble() && (value.toDouble() == 0 || value.toDouble() == 1)) {
            result.value = value.toDouble() == 1;
        } else {
            return fail(tr("expected true or false"));
        }
        return result;
    case PolicyType::Int: {
        const double number = value.toDouble();
        const bool whole = value.isDouble() && number == std::floor(number) && std::abs(number) < 1e15;
        const bool inRange = whole && (!rule.minimum || number >= double(*rule.minimum))
            && (!rule.maximum || number <= double(*rule.maximum));
        if (!inRange) {
            if (rule.minimum && rule.maximum)
                return fail(tr("expected a whole number from %1 to %2").arg(*rule.minimum).arg(*rule.maximum));
            return fail(tr("expected a whole number"));
        }
        result.value = qint64(number);
        return result;
    }
    case PolicyType::String: {
        // Multi-line text may arrive as its lines (a REG_MULTI_SZ, as the ADMX template
        // writes certificates and banners).
        const bool multiLine = rule.format == u"pem"_s || rule.format == u"text"_s;
        const QJsonArray lines = value.toArray();
        if (multiLine && !lines.isEmpty()
            && std::all_of(lines.begin(), lines.end(), [](const QJsonValue &line) { return line.isString(); })) {
            return validate(rule, value.toVariant().toStringList().join(u'\n'), path);
        }
        if (!value.isString())
            return fail(tr("expected a string"));
        const QString text = value.toString();
        if (rule.maxLength && text.size() > *rule.maxLength) {
            result.errors.append(
                tr("%1: longer than %2 characters (%3)").arg(path).arg(*rule.maxLength).arg(text.size()));
            return result;
        }
        if (const auto error = checkFormat(rule.format, text)) {
            // A proxy address may hold a password by mistake: never repeat it.
            if (rule.format == u"proxy"_s)
                result.errors.append(u"%1: %2"_s.arg(path, *error));
            else
                return fail(*error);
            return result;
        }
        result.value = text;
        return result;
    }
    case PolicyType::Url: {
        if (!value.isString())
            return fail(
                rule.schemes == QStringList{u"https"_s} ? tr("expected an https address") : tr("expected an address"));
        QString error;
        const auto url = parseServiceUrl(value.toString(), rule.schemes, &error);
        if (!url)
            return fail(error);
        result.value = url->toString(QUrl::FullyEncoded);
        return result;
    }
    case PolicyType::Enum:
        if (!value.isString() || !rule.enumValues.contains(value.toString()))
            return fail(tr("expected one of %1").arg(quoted(rule.enumValues)));
        result.value = value;
        return result;
    case PolicyType::List: {
        if (!value.isArray())
            return fail(tr("expected a list"));
        QJsonArray items;
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            const Result item = validate(rule.items.value(0), array.at(i), u"%1[%2]"_s.arg(path).arg(i));
            result.errors.append(item.errors);
            items.append(item.value);
        }
        if (result.ok())
            result.value = items;
        return result;
    }
    case PolicyType::Dictionary: {
        if (!value.isObject())
            return fail(tr("expected an object"));
        const QJsonObject object = value.toObject();
        QJsonObject normalised;
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString entryPath
                = rule.properties.isEmpty() ? u"%1[\"%2\"]"_s.arg(path, it.key()) : u"%1.%2"_s.arg(path, it.key());
            if (!rule.properties.isEmpty() && !rule.properties.contains(it.key())) {
                QStringList known = rule.properties.keys();
                known.sort();
                result.errors.append(tr("%1: unknown entry (known: %2)").arg(entryPath, known.join(u", "_s)));
                continue;
            }
            if (rule.properties.isEmpty()) {
                if (const auto error = checkFormat(rule.keyFormat, it.key())) {
                    result.errors.append(u"%1: %2"_s.arg(entryPath, *error));
                    continue;
                }
            }
            const ValueRule &entryRule
                = rule.properties.isEmpty() ? rule.values.value(0) : rule.properties.value(it.key());
            const Result entry = validate(entryRule, it.value(), entryPath);
            result.errors.append(entry.errors);
            normalised.insert(rule.properties.isEmpty() ? it.key().toLower() : it.key(), entry.value);
        }
        if (result.ok())
            result.value = normalised;
        return result;
    }
    }
    return fail(tr("unsupported type"));
}

} // namespace streamcanvas::policy

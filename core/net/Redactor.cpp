#include "net/Redactor.h"

#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace streamcanvas::net {

namespace {

const QString kRedacted = u"[redacted]"_s;
const QString kInternalHost = u"[internal host]"_s;
const QString kTruncated = u" [truncated]"_s;

QRegularExpression pattern(const QString &source)
{
    QRegularExpression re(source, QRegularExpression::CaseInsensitiveOption);
    re.optimize();
    return re;
}

// Builds the result from the text between matches and what `replace` makes of each match.
template <typename Replace>
QString replaceMatches(const QString &text, const QRegularExpression &re, Replace replace)
{
    QRegularExpressionMatchIterator it = re.globalMatch(text);
    if (!it.hasNext())
        return text;
    QString out;
    out.reserve(text.size());
    qsizetype last = 0;
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        out += QStringView(text).mid(last, match.capturedStart() - last);
        out += replace(match);
        last = match.capturedEnd();
    }
    out += QStringView(text).mid(last);
    return out;
}

// A lone surrogate makes the whole subject invalid UTF-16 for PCRE2, and no pattern would
// match at all: replace them first so nothing slips through that way.
QString wellFormed(const QString &text)
{
    const auto bad = [&text](qsizetype i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate())
            return i + 1 >= text.size() || !text.at(i + 1).isLowSurrogate();
        return c.isLowSurrogate() && (i == 0 || !text.at(i - 1).isHighSurrogate());
    };
    QString out = text;
    for (qsizetype i = 0; i < out.size(); ++i) {
        if (bad(i))
            out[i] = QChar::ReplacementCharacter;
    }
    return out;
}

// Header names whose whole value is a credential.
QString headerValues(const QString &text)
{
    static const QRegularExpression re = pattern(
        uR"re((?<![A-Za-z0-9_\-])(["']?)(proxy-authorization|authorization|set-cookie|cookie|x-api-key|api-key)\1([ \t]*:[ \t]*)("(?:[^"\\\r\n]|\\.)*"|'[^'\r\n]*'|[^\r\n]+))re"_s);
    return replaceMatches(text, re, [](const QRegularExpressionMatch &m) -> QString {
        const QString value = m.captured(4);
        const QChar first = value.at(0);
        const QString shown = (first == u'"' || first == u'\'') ? QString(first + kRedacted + first) : kRedacted;
        return m.captured(1) + m.captured(2) + m.captured(1) + m.captured(3) + shown;
    });
}

QString bearerTokens(const QString &text)
{
    static const QRegularExpression re = pattern(uR"re(\b(bearer)([ \t]+)[A-Za-z0-9\-._~+/]+=*)re"_s);
    return replaceMatches(text, re,
        [](const QRegularExpressionMatch &m) -> QString { return m.captured(1) + m.captured(2) + kRedacted; });
}

// True when only blanks or a structural character precede `position` on its line, as in
// "password: x" in a config dump or "{password: x" — but not in prose ("invalid token: x").
bool startsAnEntry(const QString &text, qsizetype position)
{
    for (qsizetype i = position - 1; i >= 0; --i) {
        const QChar c = text.at(i);
        if (c == u' ' || c == u'\t')
            continue;
        return c == u'\n' || c == u'\r' || c == u'{' || c == u',' || c == u';' || c == u'&' || c == u'?';
    }
    return true;
}

const QString kValue = uR"re(("(?:[^"\\\r\n]|\\.)*"|'[^'\r\n]*'|[^\s&#;,"'<>(){}\[\]]+))re"_s;

QString keyValues(const QString &text)
{
    // Keys that always name a credential, also with a prefix ("x_auth_token", "db_password");
    // "max_tokens" or "token_type" do not end in one of them and stay.
    static const QRegularExpression strong = pattern(
        uR"re((?<![A-Za-z0-9_\-])(["']?)([A-Za-z0-9_\-]*?(?:token|password|passwd|secret|api[_\-]?key))\1([ \t]*)([:=])([ \t]*))re"_s
        + kValue);
    QString out = replaceMatches(text, strong, [&text](const QRegularExpressionMatch &m) -> QString {
        const bool quotedKey = !m.captured(1).isEmpty();
        if (m.captured(4) == u":" && !quotedKey && !startsAnEntry(text, m.capturedStart()))
            return m.captured(0);
        const QString value = m.captured(6);
        const QChar first = value.at(0);
        const QString shown = (first == u'"' || first == u'\'') ? QString(first + kRedacted + first) : kRedacted;
        return m.captured(1) + m.captured(2) + m.captured(1) + m.captured(3) + m.captured(4) + m.captured(5) + shown;
    });
    // Keys that are credentials in a query string or form ("code=...&state=...") but plain
    // words elsewhere ("code": "invalid_api_key" in an error body is not one).
    static const QRegularExpression weak = pattern(
        uR"re((?<![A-Za-z0-9_\-])(code|state|session|session_state|cookie|sig|signature)=([^\s&#;,"'<>(){}\[\]]+))re"_s);
    return replaceMatches(
        out, weak, [](const QRegularExpressionMatch &m) -> QString { return m.captured(1) + u'=' + kRedacted; });
}

QString tokenShapes(const QString &text)
{
    // JWTs (JWS and JWE), OpenAI-style "sk-" keys, GitHub, Slack and AWS access keys.
    static const QRegularExpression re = pattern(
        uR"re((?<![A-Za-z0-9_\-])(?:eyJ[A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]*){2,4}|sk-[A-Za-z0-9_\-]{6,}|gh[pousr]_[A-Za-z0-9]{20,}|xox[abprs]-[A-Za-z0-9\-]{10,}|AKIA[0-9A-Z]{16}))re"_s);
    return replaceMatches(text, re, [](const QRegularExpressionMatch &) -> QString { return kRedacted; });
}

bool isPrivateIPv4(int a, int b)
{
    return a == 10 || a == 127 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168) || (a == 169 && b == 254)
        || (a == 100 && b >= 64 && b <= 127) || a == 0;
}

QString normalisedHost(QString host)
{
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    const QByteArray ace = QUrl::toAce(host);
    return ace.isEmpty() ? host.toLower() : QString::fromLatin1(ace).toLower();
}

} // namespace

Redactor::Redactor(const QList<QUrl> &knownOrigins, const QStringList &secrets)
{
    for (const QUrl &url : knownOrigins) {
        const QString host = url.host(QUrl::FullyEncoded).toLower();
        if (!host.isEmpty())
            m_knownHosts.insert(host);
    }
    for (const QString &secret : secrets)
        addSecret(secret);
}

void Redactor::addSecret(const QString &secret)
{
    if (secret.isEmpty())
        return;
    const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(secret));
    for (const QString &spelling : {secret, encoded}) {
        if (!m_secrets.contains(spelling))
            m_secrets.append(spelling);
    }
    std::stable_sort(
        m_secrets.begin(), m_secrets.end(), [](const QString &a, const QString &b) { return a.size() > b.size(); });
}

QString Redactor::redact(const QString &text) const
{
    if (text.isEmpty())
        return text;
    bool truncated = false;
    QString out = boundedInput(text, &truncated);
    // Secrets first, before other rules could split them; header values before the URL rule,
    // so a cookie that contains a URL goes whole.
    out = replaceSecrets(out);
    out = headerValues(out);
    out = bearerTokens(out);
    out = rewriteUrls(out);
    out = keyValues(out);
    out = tokenShapes(out);
    out = hidePrivateAddresses(out);
    if (out.size() > maxOutputLength) {
        qsizetype cut = maxOutputLength;
        if (out.at(cut - 1).isHighSurrogate())
            --cut;
        out.truncate(cut);
        truncated = true;
    }
    if (truncated)
        out += kTruncated;
    return out;
}

QString Redactor::redactUrl(const QUrl &url) const
{
    if (url.isEmpty())
        return {};
    const QString scheme = url.scheme().toLower();
    const bool web = scheme == u"http" || scheme == u"https" || scheme == u"ws" || scheme == u"wss";
    if (web && !url.host().isEmpty())
        return redact(url.toString(QUrl::FullyEncoded));
    // Anything else (a relative URL, file:, data:): what it is, without what may identify or
    // authorise.
    QString shown = url.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::FullyEncoded);
    if (url.hasQuery())
        shown += u"?"_s + kRedacted;
    if (url.hasFragment())
        shown += u"#"_s + kRedacted;
    return redact(shown);
}

QString Redactor::boundedInput(const QString &text, bool *truncated) const
{
    if (text.size() <= maxInputLength)
        return wellFormed(text);
    *truncated = true;
    qsizetype cut = maxInputLength;
    if (text.at(cut - 1).isHighSurrogate())
        --cut;
    // Whatever the cut went through could be the start of a token that no rule would
    // recognise any more: drop the last word, and any beginning of a secret.
    while (cut > 0 && !text.at(cut - 1).isSpace())
        --cut;
    QString out = text.left(cut);
    for (const QString &secret : m_secrets) {
        for (qsizetype length = std::min(secret.size() - 1, out.size()); length > 0; --length) {
            if (out.endsWith(QStringView(secret).left(length))) {
                out.chop(length);
                break;
            }
        }
    }
    return wellFormed(out);
}

QString Redactor::replaceSecrets(const QString &text) const
{
    QString out = text;
    for (const QString &secret : m_secrets)
        out.replace(secret, kRedacted);
    return out;
}

QString Redactor::rewriteUrls(const QString &text) const
{
    // JSON sometimes escapes slashes ("https:\/\/host\/path"); both spellings are URLs.
    // "[internal host]" is one unit, so redacting twice changes nothing.
    static const QRegularExpression re
        = pattern(uR"re(\b(?:https?|wss?):(?:\\?/){2}(?:\[internal host\]|[^\s"'<>`])+)re"_s);
    return replaceMatches(text, re, [this](const QRegularExpressionMatch &m) -> QString {
        QStringView url = m.capturedView(0);
        // Sentence punctuation and closing brackets after a URL belong to the prose.
        QStringView tail;
        while (!url.isEmpty()) {
            const QChar last = url.back();
            const bool unbalanced = (last == u')' && url.count(u'(') < url.count(u')'))
                || (last == u']' && url.count(u'[') < url.count(u']'));
            if (!(QStringView(u".,;:!?}*\\").contains(last) || unbalanced))
                break;
            url.chop(1);
            tail = m.capturedView(0).mid(url.size());
        }
        return rewriteUrl(url) + tail;
    });
}

QString Redactor::rewriteUrl(QStringView url) const
{
    const qsizetype colon = url.indexOf(u':');
    qsizetype position = colon + 1;
    while (position < url.size() && (url.at(position) == u'/' || url.at(position) == u'\\'))
        ++position;
    const QStringView prefix = url.left(position); // "https://" or "https:\/\/"

    qsizetype authorityEnd = position;
    while (authorityEnd < url.size() && !QStringView(u"/\\?#").contains(url.at(authorityEnd)))
        ++authorityEnd;
    QStringView authority = url.mid(position, authorityEnd - position);
    const qsizetype at = authority.lastIndexOf(u'@');
    if (at >= 0)
        authority = authority.mid(at + 1); // user info never shown

    QStringView host = authority;
    QStringView port;
    if (authority.startsWith(u'[')) {
        const qsizetype close = authority.indexOf(u']');
        if (close > 0) {
            host = authority.left(close + 1);
            if (authority.mid(close + 1).startsWith(u':'))
                port = authority.mid(close + 2);
        }
    } else if (const qsizetype portColon = authority.lastIndexOf(u':'); portColon >= 0) {
        host = authority.left(portColon);
        port = authority.mid(portColon + 1);
    }
    const bool numericPort = !port.isEmpty() && port.size() <= 5
        && std::all_of(port.begin(), port.end(), [](QChar c) { return c.isDigit(); });
    if (!port.isEmpty() && !numericPort) {
        host = authority; // not a port: judge the whole thing as a host
        port = {};
    }

    const QStringView rest = url.mid(authorityEnd);
    const qsizetype queryStart = rest.indexOf(u'?');
    const qsizetype fragmentStart = rest.indexOf(u'#');
    qsizetype pathEnd = rest.size();
    if (queryStart >= 0)
        pathEnd = queryStart;
    if (fragmentStart >= 0 && fragmentStart < pathEnd)
        pathEnd = fragmentStart;

    QString out = prefix.toString();
    // Of an address outside the gateway and the identity provider nothing is shown: its
    // port and path describe the internal network as much as its name.
    if (!isKnownHost(host.toString()))
        return out + kInternalHost;
    out += host.toString();
    if (!port.isEmpty())
        out += u':' + port.toString();
    out += rest.left(pathEnd);
    if (queryStart >= 0 && (fragmentStart < 0 || queryStart < fragmentStart) && queryStart + 1 < rest.size()
        && rest.at(queryStart + 1) != u'#')
        out += u"?"_s + kRedacted;
    if (fragmentStart >= 0 && fragmentStart + 1 < rest.size())
        out += u"#"_s + kRedacted;
    return out;
}

QString Redactor::hidePrivateAddresses(const QString &text) const
{
    static const QRegularExpression re
        = pattern(uR"re((?<![0-9.])([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})(?![0-9]|\.[0-9]))re"_s);
    return replaceMatches(text, re, [this](const QRegularExpressionMatch &m) -> QString {
        int octets[4];
        for (int i = 0; i < 4; ++i) {
            octets[i] = m.capturedView(i + 1).toInt();
            if (octets[i] > 255)
                return m.captured(0);
        }
        if (!isPrivateIPv4(octets[0], octets[1]) || isKnownHost(m.captured(0)))
            return m.captured(0);
        return kInternalHost;
    });
}

bool Redactor::isKnownHost(const QString &host) const
{
    return !host.isEmpty() && m_knownHosts.contains(normalisedHost(host));
}

} // namespace streamcanvas::net

#pragma once

#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace streamcanvas::net {

// The one redaction step for everything shown to users or written to logs: error strings,
// server error bodies, header dumps. It replaces with "[redacted]":
//  - bearer tokens, and the values of Authorization, Proxy-Authorization, Cookie,
//    Set-Cookie, X-Api-Key and Api-Key headers;
//  - values of credential-like keys (token, access_token, password, client_secret, api_key,
//    ..._token, ...; and code, state, session, cookie in key=value form);
//  - JWT-shaped strings, "sk-" API keys and a few other well-known key shapes;
//  - every explicit secret;
// and in http(s)/ws(s) URLs drops the user info, replaces query and fragment with
// "?[redacted]" / "#[redacted]" and shows a host that is not one of the known origins'
// hosts as "[internal host]"; private and loopback IPv4 addresses outside the known
// origins are hidden the same way.
//
// It never throws, and the output is bounded: input beyond maxInputLength is cut (at a
// point where no partial token or secret is left) and output beyond maxOutputLength is cut,
// each marked with " [truncated]".
class Redactor
{
public:
    explicit Redactor(const QList<QUrl> &knownOrigins = {}, const QStringList &secrets = {});

    // A value that must never be shown (a password, a token held in memory); also hidden
    // in its percent-encoded spelling. Empty strings are ignored.
    void addSecret(const QString &secret);

    QString redact(const QString &text) const;
    QString redactUrl(const QUrl &url) const;

    static constexpr qsizetype maxInputLength = 1024 * 1024;
    static constexpr qsizetype maxOutputLength = 64 * 1024;

private:
    QString boundedInput(const QString &text, bool *truncated) const;
    QString replaceSecrets(const QString &text) const;
    QString rewriteUrls(const QString &text) const;
    QString rewriteUrl(QStringView url) const;
    QString hidePrivateAddresses(const QString &text) const;
    bool isKnownHost(const QString &host) const;

    QSet<QString> m_knownHosts; // lower-case, punycode, IPv6 without brackets
    QStringList m_secrets;      // longest first, so a secret containing another goes whole
};

} // namespace streamcanvas::net

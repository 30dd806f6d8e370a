#include "Formats.h"

#include <QList>

using namespace Qt::StringLiterals;

namespace streamcanvas::policygen {

namespace {

// Patterns only where the rule is obvious and no looser than the app's own check, so that an
// admin's editor never rejects what the app would accept.
const QList<StringFormat> &stringFormats()
{
    static const QList<StringFormat> formats{
        {u"client-id"_s, {}, u"an OAuth client id"_s},
        {u"model-id"_s, {}, u"a model id as the gateway lists it"_s},
        {u"model-pattern"_s, {}, u"a model id; \"*\" matches any run of characters"_s},
        {u"text"_s, {}, u"text; it may span several lines"_s},
        {u"pem"_s, u"-----BEGIN CERTIFICATE-----"_s, u"one or more PEM certificates"_s},
        {u"proxy"_s, {}, u"a proxy address: http://[user@]host:port"_s},
        // RFC 6749, section 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
        {u"scope"_s, u"^[!#-\\[\\]-~]+$"_s, u"an OAuth scope (no spaces)"_s},
        {u"spki-sha256"_s, u"^[A-Za-z0-9+/]{43}=$"_s,
            u"the base64 SHA-256 hash of a certificate's SubjectPublicKeyInfo (44 characters)"_s},
        {u"origin"_s, u"^https://[^\\s/?#@]+$"_s, u"an origin: https://host[:port], no path"_s},
        {u"link-scheme"_s, u"^[a-z][a-z0-9+.-]*$"_s, u"a URL scheme in lower case, without \":\""_s},
        {u"host-pattern"_s, u"^(\\*\\.)?[^\\s*/:@]+$"_s, u"a host name; \"*.\" in front also matches its subdomains"_s},
    };
    return formats;
}

const QList<StringFormat> &keyFormats()
{
    static const QList<StringFormat> formats{
        {u"host"_s, u"^[^\\s*/:@]+$"_s, u"a host name"_s},
    };
    return formats;
}

std::optional<StringFormat> find(const QList<StringFormat> &formats, const QString &name)
{
    for (const StringFormat &format : formats) {
        if (format.name == name)
            return format;
    }
    return std::nullopt;
}

} // namespace

std::optional<StringFormat> stringFormat(const QString &name)
{
    return find(stringFormats(), name);
}

std::optional<StringFormat> keyFormat(const QString &name)
{
    return find(keyFormats(), name);
}

} // namespace streamcanvas::policygen

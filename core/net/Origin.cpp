#include "net/Origin.h"

using namespace Qt::StringLiterals;

namespace streamcanvas::net {

QString Origin::of(const QUrl &url)
{
    if (!url.isValid())
        return {};
    const QString scheme = url.scheme().toLower();
    int defaultPort = 0;
    if (scheme == u"https")
        defaultPort = 443;
    else if (scheme == u"http")
        defaultPort = 80;
    else
        return {};
    // FullyEncoded gives the ACE (punycode) form, so "bücher.example" and its punycode
    // spelling are one origin.
    QString host = url.host(QUrl::FullyEncoded).toLower();
    if (host.isEmpty())
        return {};
    if (host.contains(u':'))
        host = u'[' + host + u']';
    return scheme + u"://"_s + host + u':' + QString::number(url.port(defaultPort));
}

bool Origin::same(const QUrl &a, const QUrl &b)
{
    const QString origin = of(a);
    return !origin.isEmpty() && origin == of(b);
}

} // namespace streamcanvas::net

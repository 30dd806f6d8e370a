#pragma once

#include <QString>
#include <QUrl>

namespace streamcanvas::net {

// The web origin (scheme, host, port) of a URL, the unit every rule of the network setup
// works with: the allow-list, the redirect rule and the places a token may go.
class Origin
{
public:
    // "https://host:443": scheme and host lower-cased, IDN hosts in punycode, IPv6 hosts in
    // brackets, default ports made explicit. Empty when the URL is not http(s) or has no host.
    static QString of(const QUrl &url);
    // True when both URLs have the same, non-empty origin.
    static bool same(const QUrl &a, const QUrl &b);
};

} // namespace streamcanvas::net

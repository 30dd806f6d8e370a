#pragma once

#include <QList>
#include <QStringList>
#include <QUrl>

namespace streamcanvas::net {

// The outbound allow-list: a request may only go to one of these origins. Only
// scheme://host:port of each given URL counts (a path is ignored); entries that are not
// http(s) URLs with a host allow nothing.
class OriginAllowList
{
public:
    explicit OriginAllowList(const QList<QUrl> &origins = {});

    bool allows(const QUrl &url) const;
    // The allowed origins, normalised ("https://host:443"), without duplicates.
    QList<QUrl> origins() const;

private:
    QStringList m_origins;
};

} // namespace streamcanvas::net

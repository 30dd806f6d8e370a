#include "net/OriginAllowList.h"

#include "net/Origin.h"

namespace streamcanvas::net {

OriginAllowList::OriginAllowList(const QList<QUrl> &origins)
{
    for (const QUrl &url : origins) {
        const QString origin = Origin::of(url);
        if (!origin.isEmpty() && !m_origins.contains(origin))
            m_origins.append(origin);
    }
}

bool OriginAllowList::allows(const QUrl &url) const
{
    const QString origin = Origin::of(url);
    return !origin.isEmpty() && m_origins.contains(origin);
}

QList<QUrl> OriginAllowList::origins() const
{
    QList<QUrl> result;
    result.reserve(m_origins.size());
    for (const QString &origin : m_origins)
        result.append(QUrl(origin));
    return result;
}

} // namespace streamcanvas::net

#include "net/RefusedReply.h"

#include <QPointer>
#include <QVariant>

namespace streamcanvas::net {

RefusedReply::RefusedReply(QNetworkAccessManager::Operation operation, const QNetworkRequest &request, Refusal refusal,
    const QString &message, QNetworkAccessManager *manager)
    : QNetworkReply(manager)
{
    setRequest(request);
    setUrl(request.url());
    setOperation(operation);
    setProperty(detail::refusalProperty, static_cast<int>(refusal));
    open(QIODevice::ReadOnly | QIODevice::Unbuffered); // before setError(): open() clears the error string
    setError(QNetworkReply::ContentAccessDenied, message);
    // Callers connect to finished() after get()/post() return: never finish synchronously.
    QMetaObject::invokeMethod(this, &RefusedReply::finish, Qt::QueuedConnection);
}

void RefusedReply::abort()
{
    finish();
}

qint64 RefusedReply::readData(char *, qint64)
{
    return -1;
}

void RefusedReply::finish()
{
    if (isFinished())
        return;
    setFinished(true);
    const QPointer<RefusedReply> self(this);
    emit errorOccurred(error());
    if (!self)
        return;
    // QNetworkAccessManager::get() and friends relay this to the manager's finished() (and
    // honour autoDeleteReplies()), as for their own replies.
    emit finished();
}

} // namespace streamcanvas::net

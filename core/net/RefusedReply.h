#pragma once

#include "net/Refusal.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

namespace streamcanvas::net {

// The reply for a request the network setup refuses before any socket exists: no DNS
// lookup, no connection. It finishes asynchronously, like a real reply, with
// ContentAccessDenied and a message that names no URL.
class RefusedReply : public QNetworkReply
{
    Q_OBJECT

public:
    RefusedReply(QNetworkAccessManager::Operation operation, const QNetworkRequest &request, Refusal refusal,
        const QString &message, QNetworkAccessManager *manager);

    void abort() override;
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;

private:
    void finish();
};

} // namespace streamcanvas::net

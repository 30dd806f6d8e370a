#include "NoAuthentication.h"

#include <QPointer>
#include <QTimer>

namespace streamcanvas::gateway {

void NoAuthentication::authorization(QObject *context, Callback done)
{
    QTimer::singleShot(0, context, [done = std::move(done)] { done({true, {}, {}}); });
}

void NoAuthentication::renewAfterRejection(const QByteArray &, QObject *context, Callback done)
{
    QTimer::singleShot(0, context, [done = std::move(done)] {
        done({false, {},
            tr("The gateway requires authentication, but this connection is set up without any. Ask your IT "
               "department which sign-in to use.")});
    });
}

} // namespace streamcanvas::gateway

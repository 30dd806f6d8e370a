#pragma once

#include "AccessTokenSource.h"

#include <QCoreApplication>

namespace streamcanvas::gateway {

// For gateways that authenticate the network rather than the user: no Authorization header.
class NoAuthentication : public AccessTokenSource
{
    Q_DECLARE_TR_FUNCTIONS(NoAuthentication)

public:
    void authorization(QObject *context, Callback done) override;
    void renewAfterRejection(const QByteArray &rejected, QObject *context, Callback done) override;
};

} // namespace streamcanvas::gateway

#pragma once

#include <QByteArray>
#include <QString>

#include <functional>

class QObject;

namespace streamcanvas::gateway {

// What the gateway client asks for the Authorization header of each request: nothing, an
// API key from the keychain, or (with sign-in) a fresh access token.
class AccessTokenSource
{
public:
    struct Result {
        bool ok = false;
        QByteArray authorization; // the header value to send; empty: send none
        QString error;            // user-facing, when !ok
    };
    using Callback = std::function<void(const Result &)>;

    virtual ~AccessTokenSource() = default;

    // The header value for the next request. `done` runs later, on this thread, and not at
    // all once `context` is gone.
    virtual void authorization(QObject *context, Callback done) = 0;
    // The gateway answered 401 to a request sent with `rejected`: make one attempt at a
    // better value (a refresh), or report that the user has to sign in again.
    virtual void renewAfterRejection(const QByteArray &rejected, QObject *context, Callback done) = 0;
};

} // namespace streamcanvas::gateway

#pragma once

#include <QString>

#include <chrono>
#include <optional>

namespace streamcanvas::gateway {

// What went wrong talking to the gateway, as the user should hear it. `message` is always
// user-facing, translated and redacted: it never holds a header, a token, an internal URL
// or a raw upstream body.
struct GatewayError {
    enum class Kind {
        None,
        SignIn,      // 401: sign in again / the API key was not accepted
        Permission,  // 403
        NotFound,    // 404: unknown model or wrong gateway address
        TooLarge,    // 413
        RateLimited, // 429
        BadRequest,  // other 4xx
        Gateway,     // 5xx
        Network,     // no answer: refused, reset, DNS, proxy
        Tls,         // the gateway's certificate or TLS setup was not accepted
        Timeout,     // connect, first byte or silence between events
        NotAllowed,  // refused by the outbound allow-list or redirect rules before any socket
        Protocol,    // the gateway answered something that is not an event stream
        ModelError,  // an error object or error event in the middle of the answer
        Cut,         // the stream ended without [DONE]
        Cancelled,   // the user stopped it
    };

    Kind kind = Kind::None;
    QString message;
    int httpStatus = 0;
    // How long the gateway asked us to wait (Retry-After), when it said so.
    std::optional<std::chrono::milliseconds> retryAfter;

    bool isError() const { return kind != Kind::None; }
    // Sign-in and permission problems: the user (or admin) must act; retrying cannot help.
    bool isAuthorization() const { return kind == Kind::SignIn || kind == Kind::Permission; }
};

} // namespace streamcanvas::gateway

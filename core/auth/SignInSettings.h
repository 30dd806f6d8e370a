#pragma once

#include <QStringList>

#include <chrono>

namespace streamcanvas::auth {

// How this app signs in at one identity provider (from policy, or the user's connection
// profile).
struct SignInSettings {
    QString issuer;
    QString clientId;
    QStringList scopes{
        QStringLiteral("openid"), QStringLiteral("profile"), QStringLiteral("email"), QStringLiteral("offline_access")};
    // RFC 8707: the gateway's origin, so the provider issues an access token for it.
    QString resource;
    // How long the browser sign-in may take before the listener gives up.
    std::chrono::seconds timeout{300};
};

} // namespace streamcanvas::auth

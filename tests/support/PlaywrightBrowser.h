#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>

namespace streamcanvas::testsupport {

class LocalStack;

// A person at a browser, for the sign-in pages of the local OpenID Provider (LocalStack with
// Options::idp): runs tests/support/browser/sign-in.mjs or device.mjs, which drive headless
// Debian Chromium through playwright-core, type the user name and password, allow the consent
// and block every request that is not to a loopback address.
//
// Each call runs a fresh browser and waits (at most 60 s, the scripts' own limit, plus a margin)
// while running this thread's event loop, so that a callback listener on 127.0.0.1 in the same
// thread (a QTcpServer, or the product's own) can answer the browser. The scripts' diagnostics
// go to the test's output, each line prefixed "[browser]".
class PlaywrightBrowser
{
public:
    // Signs in as the stack's user, trusting the stack's CA.
    explicit PlaywrightBrowser(const LocalStack &stack);
    // Signs in as anyone (say, with a wrong password); caFile is the CA (PEM) to trust.
    PlaywrightBrowser(const QString &userName, const QString &password, const QString &caFile);

    // Opens the authorization URL, signs in, allows the consent and follows the redirect to the
    // client's loopback callback. True once the callback page has loaded (also when the
    // provider redirected there with an error); false with the reason in *error otherwise.
    bool signIn(const QUrl &authorizationUrl, QString *error);
    // Approves a device authorization (RFC 8628) at verificationUri (verification_uri, where the
    // code is typed in, or verification_uri_complete): checks the code shown, signs in, allows.
    bool approveDevice(const QUrl &verificationUri, const QString &userCode, QString *error);

    // What the last signIn() printed: the callback's origin and path (never its query).
    QString lastCallback() const;

private:
    bool run(const QString &script, const QStringList &arguments, QString *error);

    QString m_userName;
    QString m_password;
    QString m_caFile;
    QString m_lastOutput;
};

} // namespace streamcanvas::testsupport

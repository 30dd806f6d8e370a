#pragma once

#include <QByteArray>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace streamcanvas::testsupport {

// Certificates made with the openssl command line, in a temporary directory, for TLS tests:
//  "ca"     a CA certificate,
//  "server" a server certificate for localhost and 127.0.0.1 signed by "ca",
//  "other"  an unrelated self-signed certificate.
// Each has <name>.pem and <name>.key.
class TestCertificates
{
public:
    // False (and `error` says why) when openssl is missing or fails.
    bool generate(QString *error);

    QString path(const QString &fileName) const;
    QByteArray pem(const QString &name) const;
    QSslCertificate certificate(const QString &name) const;
    QSslKey key(const QString &name) const;

    // The public-key pin of <name>.pem as the openssl command line computes it:
    // x509 -pubkey | pkey -pubin -outform der | dgst -sha256 -binary | base64.
    QByteArray opensslPin(const QString &name, QString *error) const;

private:
    bool openssl(const QStringList &arguments, QString *error) const;

    QTemporaryDir m_dir;
};

} // namespace streamcanvas::testsupport

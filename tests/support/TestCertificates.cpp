#include "TestCertificates.h"

#include <QFile>
#include <QProcess>

using namespace Qt::StringLiterals;

namespace streamcanvas::testsupport {

namespace {

const QStringList kEcKey{u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s, u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s};

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

bool TestCertificates::generate(QString *error)
{
    if (!m_dir.isValid()) {
        *error = u"no temporary directory"_s;
        return false;
    }
    QFile extensions(path(u"server.ext"_s));
    if (!extensions.open(QIODevice::WriteOnly)
        || extensions.write("basicConstraints=CA:FALSE\n"
                            "keyUsage=critical,digitalSignature\n"
                            "extendedKeyUsage=serverAuth\n"
                            "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                            "subjectKeyIdentifier=hash\n"
                            "authorityKeyIdentifier=keyid,issuer\n")
            < 0) {
        *error = u"cannot write server.ext"_s;
        return false;
    }
    extensions.close();

    return openssl(QStringList{u"req"_s, u"-x509"_s} + kEcKey
                   + QStringList{u"-keyout"_s, u"ca.key"_s, u"-out"_s, u"ca.pem"_s, u"-days"_s, u"2"_s, u"-subj"_s,
                       u"/CN=StreamCanvas Test CA"_s, u"-addext"_s, u"basicConstraints=critical,CA:TRUE"_s,
                       u"-addext"_s, u"keyUsage=critical,keyCertSign,cRLSign"_s},
               error)
        && openssl(QStringList{u"req"_s, u"-new"_s} + kEcKey
                + QStringList{u"-keyout"_s, u"server.key"_s, u"-out"_s, u"server.csr"_s, u"-subj"_s,
                    u"/CN=localhost"_s},
            error)
        && openssl(
            {u"x509"_s, u"-req"_s, u"-in"_s, u"server.csr"_s, u"-CA"_s, u"ca.pem"_s, u"-CAkey"_s, u"ca.key"_s,
                u"-CAcreateserial"_s, u"-days"_s, u"2"_s, u"-extfile"_s, u"server.ext"_s, u"-out"_s, u"server.pem"_s},
            error)
        && openssl(QStringList{u"req"_s, u"-x509"_s} + kEcKey
                + QStringList{u"-keyout"_s, u"other.key"_s, u"-out"_s, u"other.pem"_s, u"-days"_s, u"2"_s, u"-subj"_s,
                    u"/CN=Unrelated"_s},
            error);
}

QString TestCertificates::path(const QString &fileName) const
{
    return m_dir.filePath(fileName);
}

QByteArray TestCertificates::pem(const QString &name) const
{
    return readFile(path(name + u".pem"_s));
}

QSslCertificate TestCertificates::certificate(const QString &name) const
{
    return QSslCertificate(pem(name), QSsl::Pem);
}

QSslKey TestCertificates::key(const QString &name) const
{
    return QSslKey(readFile(path(name + u".key"_s)), QSsl::Ec, QSsl::Pem);
}

QByteArray TestCertificates::opensslPin(const QString &name, QString *error) const
{
    const QString stem = name + u"-pin"_s;
    const bool ok
        = openssl({u"x509"_s, u"-in"_s, name + u".pem"_s, u"-pubkey"_s, u"-noout"_s, u"-out"_s, stem + u".pub.pem"_s},
              error)
        && openssl({u"pkey"_s, u"-pubin"_s, u"-in"_s, stem + u".pub.pem"_s, u"-outform"_s, u"der"_s, u"-out"_s,
                       stem + u".pub.der"_s},
            error)
        && openssl({u"dgst"_s, u"-sha256"_s, u"-binary"_s, u"-out"_s, stem + u".sha256"_s, stem + u".pub.der"_s}, error)
        && openssl({u"base64"_s, u"-A"_s, u"-in"_s, stem + u".sha256"_s, u"-out"_s, stem + u".b64"_s}, error);
    return ok ? readFile(path(stem + u".b64"_s)).trimmed() : QByteArray();
}

bool TestCertificates::openssl(const QStringList &arguments, QString *error) const
{
    QProcess process;
    process.setWorkingDirectory(m_dir.path());
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(u"openssl"_s, arguments);
    if (!process.waitForFinished(30'000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        *error = u"openssl "_s + arguments.join(u' ') + u": "_s + process.errorString() + u" "_s
            + QString::fromLocal8Bit(process.readAll());
        return false;
    }
    return true;
}

} // namespace streamcanvas::testsupport

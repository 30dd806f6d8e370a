// Test certificates made with the openssl command: a CA, a gateway certificate signed by it, and a
// self-signed certificate that no client should ever accept. All P-256, valid for a week.
// makeServerCertificate() issues further certificates from the same CA (the OpenID Provider's).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

// Our own openssl configuration, so that neither /etc/ssl/openssl.cnf nor OPENSSL_CONF can add
// or duplicate extensions.
const config = `
[req]
prompt = no
distinguished_name = dn_server

[dn_server]
CN = localhost
O = StreamCanvas tests

[ext_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash

[ext_server]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer

[ext_untrusted]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:localhost
subjectKeyIdentifier = hash
`;

const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

async function openssl(args, dir) {
    try {
        await run('openssl', args, { cwd: dir, timeout: 30_000, env: { ...process.env, OPENSSL_CONF: join(dir, 'openssl.cnf') } });
    } catch (error) {
        throw new Error(`openssl ${args[0]} failed: ${error.stderr || error.message}`);
    }
}

// Writes ca.pem, server.pem/server.key and untrusted.pem/untrusted.key into dir and returns their paths.
export async function makeCertificates(dir) {
    const cnf = join(dir, 'openssl.cnf');
    writeFileSync(cnf, config);
    const serial = () => '0x' + randomBytes(8).toString('hex');
    const common = ['-config', cnf, '-days', '7', '-sha256'];

    await openssl(['req', '-x509', ...newKey, '-keyout', 'ca.key', '-out', 'ca.pem', ...common,
        '-subj', '/CN=StreamCanvas Test CA/O=StreamCanvas tests', '-extensions', 'ext_ca', '-set_serial', serial()], dir);
    await openssl(['req', '-new', ...newKey, '-keyout', 'server.key', '-out', 'server.csr', '-config', cnf], dir);
    await openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', serial(),
        '-days', '7', '-sha256', '-extfile', cnf, '-extensions', 'ext_server', '-out', 'server.pem'], dir);
    await openssl(['req', '-x509', ...newKey, '-keyout', 'untrusted.key', '-out', 'untrusted.pem', ...common,
        '-subj', '/CN=localhost/O=Nobody trusts this', '-extensions', 'ext_untrusted', '-set_serial', serial()], dir);

    return {
        dir,
        caFile: join(dir, 'ca.pem'),
        serverCert: join(dir, 'server.pem'),
        serverKey: join(dir, 'server.key'),
        untrustedCert: join(dir, 'untrusted.pem'),
        untrustedKey: join(dir, 'untrusted.key'),
    };
}

// Issues <name>.pem/<name>.key from the CA made by makeCertificates(dir), for another server on
// 127.0.0.1 (same SAN as the gateway's), and returns their paths.
export async function makeServerCertificate(certs, name) {
    if (!/^[a-z][a-z0-9-]*$/.test(name))
        throw new Error(`not a usable certificate name: ${name}`);
    const { dir } = certs;
    const cnf = join(dir, 'openssl.cnf');
    const serial = '0x' + randomBytes(8).toString('hex');
    await openssl(['req', '-new', ...newKey, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-config', cnf], dir);
    await openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', serial,
        '-days', '7', '-sha256', '-extfile', cnf, '-extensions', 'ext_server', '-out', `${name}.pem`], dir);
    return { cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`) };
}

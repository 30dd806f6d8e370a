#!/usr/bin/env node
// The local gateway stack for the integration tests: nginx (TLS, API key, rate limit,
// redirects) in front of the scripted model server, plus a canary server and a forward proxy.
//
//   node tests/support/stack/stack.mjs [--idp [--access-token-seconds N]]
//
// With --idp it also runs an OpenID Provider (../idp/idp.mjs, which needs `npm ci` there) and
// /v1/ takes that provider's JWT access tokens instead of the API key (then at /key/v1/).
//
// Prints one line of JSON with the URLs, keys and log files once everything answers, and
// nothing else on stdout (diagnostics go to stderr). Runs until stdin closes or it gets
// SIGTERM/SIGINT, then stops everything it started and removes its temporary folder.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { startCanaryServer } from './canary-server.mjs';
import { makeCertificates } from './certificates.mjs';
import { startModelServer } from './model-server.mjs';
import { gatewayAudience, startNginx } from './nginx.mjs';
import { startProxy } from './proxy.mjs';

const say = (message) => process.stderr.write(`${message}\n`);
// stdout carries the JSON line and nothing else: what libraries log (oidc-provider prints its
// notices with console.info) goes to stderr with the other diagnostics.
console.log = console.info = console.debug = console.error;

// Exits with 2 on a wrong command line, before anything is started.
function readOptions() {
    try {
        const { values } = parseArgs({ options: {
            'idp': { type: 'boolean', default: false },
            'access-token-seconds': { type: 'string' },
        } });
        const seconds = values['access-token-seconds'] ?? process.env.STREAMCANVAS_ACCESS_TOKEN_SECONDS ?? '300';
        if (!/^[1-9][0-9]{0,6}$/.test(seconds))
            throw new Error(`--access-token-seconds wants a positive whole number, not "${seconds}"`);
        return { idp: values.idp, accessTokenSeconds: Number(seconds) };
    } catch (error) {
        say(`stack: ${error.message}`);
        say('usage: node stack.mjs [--idp [--access-token-seconds N]]');
        process.exit(2);
    }
}
const options = readOptions();

let dir = null;
let nginx = null;
const servers = [];
let stopping = false;
const startup = new AbortController();
let starting = null;

async function shutdown(code) {
    if (stopping)
        return;
    stopping = true;
    // Stopped while starting: let the start wind down first, so nginx is stopped and reaped here.
    startup.abort();
    await starting?.catch(() => {});
    try {
        if (nginx !== null)
            await nginx.stop();
        for (const server of servers)
            server.close();
    } catch (error) {
        say(`stopping: ${error.stack ?? error}`);
        code = code || 1;
    }
    if (dir !== null)
        rmSync(dir, { recursive: true, force: true });
    process.exit(code);
}

async function main() {
    dir = mkdtempSync(join(tmpdir(), 'streamcanvas-stack-'));
    const file = (name) => {
        const path = join(dir, name);
        writeFileSync(path, '');
        return path;
    };
    const upstreamLog = file('upstream.jsonl');
    const canaryLog = file('canary.jsonl');
    const proxyLog = file('proxy.jsonl');
    const accessLog = file('access.log');
    const apiKey = 'sk-test-' + randomBytes(24).toString('hex');
    const proxyUser = 'streamcanvas';
    const proxyPassword = randomBytes(16).toString('hex');

    const certs = await makeCertificates(dir);
    const upstream = await startModelServer({ logFile: upstreamLog });
    servers.push(upstream);
    const canary = await startCanaryServer({ logFile: canaryLog });
    servers.push(canary);
    const proxy = await startProxy({ logFile: proxyLog, user: proxyUser, password: proxyPassword });
    servers.push(proxy);
    let idp = null;
    let idpLog = null;
    if (options.idp) {
        idpLog = file('idp.jsonl');
        // Imported only here: without --idp the stack needs no npm packages.
        const { startIdp } = await import('../idp/idp.mjs');
        idp = await startIdp({ certs, logFile: idpLog, accessTokenSeconds: options.accessTokenSeconds });
        servers.push(idp);
    }
    nginx = await startNginx({
        dir, certs, apiKey, upstreamPort: upstream.port, canaryPort: canary.port, accessLog, signal: startup.signal,
        idp: idp && { issuer: idp.issuer, port: idp.port, jwksPath: idp.jwksPath } });
    idp?.setGatewayAudience(gatewayAudience(nginx.gatewayPort));
    nginx.child.on('exit', (code, signal) => {
        if (!stopping) {
            say(`nginx exited unexpectedly (${signal ?? code}); stopping the stack`);
            shutdown(1);
        }
    });
    if (stopping)
        return;

    say(`stack ready in ${dir}`);
    const local = (scheme, port) => `${scheme}://127.0.0.1:${port}`;
    const identity = idp === null ? {} : {
        issuer: idp.issuer,
        clientId: idp.clientId,
        user: idp.user,
        password: idp.password,
        idpLog,
        gatewayAudience: gatewayAudience(nginx.gatewayPort),
        otherAudience: idp.otherAudience,
    };
    process.stdout.write(JSON.stringify({
        gateway: local('https', nginx.gatewayPort),
        untrustedGateway: local('https', nginx.untrustedPort),
        caFile: certs.caFile,
        apiKey,
        upstream: local('http', upstream.port),
        upstreamLog,
        canary: local('http', canary.port),
        canaryLog,
        proxy: local('http', proxy.port),
        proxyUser,
        proxyPassword,
        proxyLog,
        nginxLog: accessLog,
        ...identity,
        dir,
    }) + '\n');
}

for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'])
    process.on(signal, () => shutdown(0));
process.on('uncaughtException', (error) => {
    say(`stack: ${error.stack ?? error}`);
    shutdown(1);
});
process.on('unhandledRejection', (error) => {
    say(`stack: ${error?.stack ?? error}`);
    shutdown(1);
});
// The owner of our stdin going away (a test that ended or crashed) stops the stack.
process.stdin.on('end', () => shutdown(0));
process.stdin.on('error', () => shutdown(0));
process.stdin.resume();

starting = main();
starting.catch((error) => {
    if (stopping)
        return;
    say(`stack: could not start: ${error.stack ?? error}`);
    shutdown(1);
});

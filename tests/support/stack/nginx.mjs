// The gateway: Debian's nginx in the foreground as a single process (no workers, no user
// switching), with its configuration, pid, logs and temp files all inside the stack's folder.
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const unauthorizedBody = JSON.stringify({ error: {
    message: 'Missing or invalid API key: send the header "Authorization: Bearer <key>".',
    type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
const rateLimitedBody = JSON.stringify({ error: {
    message: 'Too many requests to the gateway; retry after 1 second.',
    type: 'rate_limit_error', param: null, code: 'rate_limit_exceeded' } });
const invalidTokenBody = JSON.stringify({ error: {
    message: 'Missing or invalid access token: send "Authorization: Bearer <access token>" with a token of the identity provider for this gateway.',
    type: 'invalid_request_error', param: null, code: 'invalid_token' } });
const notFoundBody = JSON.stringify({ error: {
    message: 'No such route on the gateway.', type: 'invalid_request_error', param: null, code: 'unknown_url' } });

// A single-quoted nginx string: there a backslash escapes the next character.
function quoted(text) {
    return `'${text.replace(/[\\']/g, '\\$&')}'`;
}

// Debian installs nginx in /usr/sbin, which is not on every user's PATH.
function findNginx() {
    const candidates = [process.env.STREAMCANVAS_NGINX,
        ...(process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'nginx')),
        '/usr/sbin/nginx', '/usr/local/sbin/nginx'];
    for (const candidate of candidates) {
        if (!candidate)
            continue;
        try {
            accessSync(candidate, constants.X_OK);
            return candidate;
        } catch {
            // next
        }
    }
    throw new Error('nginx not found (tools/setup.sh installs it; or set STREAMCANVAS_NGINX)');
}

// Debian's njs module (package libnginx-mod-http-js), for the access token check of --idp.
function findJsModule() {
    const candidates = [process.env.STREAMCANVAS_NGINX_JS_MODULE, '/usr/lib/nginx/modules/ngx_http_js_module.so',
        '/usr/lib64/nginx/modules/ngx_http_js_module.so', '/usr/local/lib/nginx/modules/ngx_http_js_module.so'];
    for (const candidate of candidates) {
        if (candidate && existsSync(candidate))
            return candidate;
    }
    throw new Error('the nginx njs module was not found (tools/setup.sh installs libnginx-mod-http-js; '
        + 'or set STREAMCANVAS_NGINX_JS_MODULE)');
}

// Two distinct free ports; they are released again so nginx can take them, which is racy,
// hence the retry in startNginx.
async function freePorts(count) {
    const servers = [];
    try {
        for (let i = 0; i < count; ++i) {
            const server = createServer();
            servers.push(server);
            await new Promise((resolve, reject) => {
                server.once('error', reject);
                server.listen(0, '127.0.0.1', resolve);
            });
        }
        return servers.map((server) => server.address().port);
    } finally {
        await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    }
}

// The API behind the API key: at /v1/, or at /key/v1/ when /v1/ takes the identity provider's
// tokens. (/v1/ passes the request URI on as it came, like every other route.)
function keyRoute(prefix, apiUpstream) {
    return `
        location ${prefix} {
            error_page 401 = @unauthorized;
            if ($api_key_ok = 0) { return 401; }
            proxy_pass ${prefix === '/v1/' ? apiUpstream : `${apiUpstream}/v1/`};
        }
`;
}

// /v1/ with the identity provider's JWT access tokens, checked by gateway-auth.js. The
// WWW-Authenticate of the check's answer is passed on to the client by @invalid_token.
function tokenRoutes({ apiUpstream, idp, audience }) {
    return `
        location /v1/ {
            auth_request /_gateway/auth;
            auth_request_set $gateway_www_authenticate $sent_http_www_authenticate;
            error_page 401 = @invalid_token;
            proxy_pass ${apiUpstream};
        }
${keyRoute('/key/v1/', apiUpstream)}
        location = /_gateway/auth {
            internal;
            set $gateway_issuer ${quoted(idp.issuer)};
            set $gateway_audience ${quoted(audience)};
            set $gateway_jwks_uri /_gateway/jwks;
            js_content gateway.verify;
        }
        # The provider's JWKS, for the check above: nginx's cache stands in for the memory that
        # njs 0.7 does not share between requests.
        location = /_gateway/jwks {
            internal;
            proxy_method GET;
            proxy_pass_request_body off;
            proxy_set_header Content-Length "";
            proxy_set_header Authorization "";
            proxy_set_header Host 127.0.0.1:${idp.port};
            proxy_ssl_verify on;
            proxy_ssl_trusted_certificate ${idp.caFile};
            proxy_ssl_name localhost;
            proxy_ssl_server_name on;
            proxy_buffering on;
            proxy_cache jwks;
            proxy_cache_key ${idp.jwksPath};
            proxy_cache_valid 200 60s;
            proxy_ignore_headers Cache-Control Expires Set-Cookie;
            subrequest_output_buffer_size 64k;
            proxy_pass https://127.0.0.1:${idp.port}${idp.jwksPath};
        }
        location @invalid_token {
            default_type application/json;
            add_header WWW-Authenticate $gateway_www_authenticate always;
            return 401 ${quoted(invalidTokenBody)};
        }
`;
}

// Routes shared by both TLS listeners.
function routes({ apiUpstream, canaryPort, upstreamPort, idp, audience }) {
    return `${idp ? tokenRoutes({ apiUpstream, idp, audience }) : keyRoute('/v1/', apiUpstream)}

        # For clients configured without authentication.
        location /open/v1/ {
            proxy_pass ${apiUpstream}/v1/;
        }

        location /limited/v1/ {
            error_page 401 = @unauthorized;
            error_page 429 = @rate_limited;
            if ($api_key_ok = 0) { return 401; }
            limit_req zone=limited burst=1 nodelay;
            limit_req_status 429;
            proxy_pass ${apiUpstream}/v1/;
        }

        location ~ ^/redirect-same(?<rest>/v1/.*)$ {
            return 307 https://$host:$server_port$rest$is_args$args;
        }
        location ~ ^/redirect-cross(?<rest>/v1/.*)$ {
            return 307 http://127.0.0.1:${canaryPort}$rest$is_args$args;
        }
        location ~ ^/redirect-https-to-http(?<rest>/v1/.*)$ {
            return 307 http://127.0.0.1:${upstreamPort}$rest$is_args$args;
        }

        location @unauthorized {
            default_type application/json;
            add_header WWW-Authenticate Bearer always;
            return 401 ${quoted(unauthorizedBody)};
        }
        location @rate_limited {
            default_type application/json;
            add_header Retry-After 1 always;
            return 429 ${quoted(rateLimitedBody)};
        }
        location / {
            default_type application/json;
            return 404 ${quoted(notFoundBody)};
        }
`;
}

// The audience that the gateway's JWT check demands: its trusted origin.
export function gatewayAudience(gatewayPort) {
    return `https://127.0.0.1:${gatewayPort}`;
}

// idp, when set: { issuer, port, jwksPath, caFile, jsModule } of the OpenID Provider whose
// access tokens /v1/ then takes instead of the API key.
export function nginxConfig({ dir, gatewayPort, untrustedPort, upstreamPort, canaryPort, apiKey, certs, accessLog, idp }) {
    const temp = (name) => join(dir, 'nginx-temp', name);
    const audience = gatewayAudience(gatewayPort);
    const server = (port, cert, key) => `
    server {
        listen 127.0.0.1:${port} ssl;
        ssl_certificate ${cert};
        ssl_certificate_key ${key};
        ${routes({ apiUpstream: 'http://model', canaryPort, upstreamPort, idp, audience })}
    }`;
    if (!/^[A-Za-z0-9_-]+$/.test(apiKey))
        throw new Error('the API key must be safe to put in a regular expression');
    const jsModule = idp ? `load_module ${idp.jsModule};\n` : '';
    const jsSetup = idp ? `
    # The access token check of /v1/ (gateway-auth.js) and the cache of the provider's JWKS.
    js_path ${quoted(dirname(fileURLToPath(import.meta.url)))};
    js_import gateway from gateway-auth.js;
    proxy_cache_path ${temp('jwks-cache')} levels=1 keys_zone=jwks:1m max_size=1m inactive=10m use_temp_path=off;
` : '';
    return `# Generated by tests/support/stack/nginx.mjs
${jsModule}daemon off;
master_process off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} notice;

events {
    worker_connections 512;
}

http {
    client_body_temp_path ${temp('client_body')};
    proxy_temp_path ${temp('proxy')};
    fastcgi_temp_path ${temp('fastcgi')};
    uwsgi_temp_path ${temp('uwsgi')};
    scgi_temp_path ${temp('scgi')};

    # The exact header, case-sensitively; nothing else is let through to /v1/.
    map $http_authorization $api_key_ok {
        default 0;
        "~^Bearer ${apiKey}$" 1;
    }
    # Whether the header was there at all: the access log never holds its value.
    map $http_authorization $authorization_present {
        default yes;
        "" no;
    }
    log_format stack '$time_iso8601 $server_port "$request_method $request_uri" $status '
                     'authorization=$authorization_present upstream_status=$upstream_status '
                     'bytes=$bytes_sent request_time=$request_time';
    access_log ${accessLog} stack;

    limit_req_zone $binary_remote_addr zone=limited:1m rate=1r/s;
${jsSetup}
    upstream model {
        server 127.0.0.1:${upstreamPort};
        keepalive 16;
        keepalive_timeout 30s;
    }

    default_type application/octet-stream;
    server_tokens off;
    client_max_body_size 64m;
    ssl_protocols TLSv1.2 TLSv1.3;

    # Events must stream through as the model writes them.
    gzip off;
    proxy_buffering off;
    proxy_cache off;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host $http_host;
    proxy_read_timeout 300s;
${server(gatewayPort, certs.serverCert, certs.serverKey)}
${server(untrustedPort, certs.untrustedCert, certs.untrustedKey)}
}
`;
}

// Resolves to true when https://127.0.0.1:port answers /open/v1/models with 200, verified against ca.
function probe(port, ca) {
    return new Promise((resolve) => {
        const req = request({ host: '127.0.0.1', port, path: '/open/v1/models', ca, agent: false, timeout: 1000 }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode === 200));
        });
        req.on('timeout', () => req.destroy());
        req.on('error', () => resolve(false));
        req.end();
    });
}

function exited(child) {
    return child.exitCode !== null || child.signalCode !== null;
}

async function stopChild(child) {
    if (child.pid === undefined || exited(child))
        return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    if (await Promise.race([gone.then(() => true), sleep(5000).then(() => false)]))
        return;
    process.stderr.write('nginx: did not stop on SIGTERM, killing it\n');
    child.kill('SIGKILL');
    await gone;
}

async function attempt(options, binary) {
    const { dir, certs } = options;
    const [gatewayPort, untrustedPort] = await freePorts(2);
    const configFile = join(dir, 'nginx.conf');
    const errorLog = join(dir, 'error.log');
    writeFileSync(configFile, nginxConfig({ ...options, gatewayPort, untrustedPort }));
    writeFileSync(errorLog, '');

    const child = spawn(binary, ['-p', dir + '/', '-c', configFile, '-e', errorLog], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const forward = (data) => {
        output += data;
        process.stderr.write(String(data).replace(/^(?=.)/gm, 'nginx: '));
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    let failed = false;
    child.on('error', (error) => {
        failed = true;
        process.stderr.write(`nginx: ${error.message}\n`);
    });
    // A last resort should this process die without stopping nginx first.
    const killOnExit = () => child.kill('SIGKILL');
    process.on('exit', killOnExit);
    const stop = async () => {
        await stopChild(child);
        process.off('exit', killOnExit);
    };

    const gatewayCa = readFileSync(certs.caFile);
    const untrustedCa = readFileSync(certs.untrustedCert);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
        if (options.signal?.aborted) {
            await stop();
            return { aborted: true };
        }
        const log = output + readFileSync(errorLog, 'utf8');
        if (failed || exited(child) || /Address already in use/.test(log)) {
            await stop();
            const status = `(nginx exited with ${child.signalCode ?? child.exitCode ?? 'an error'})`;
            return { busy: /Address already in use/.test(log), log: `${log}${status}` };
        }
        const ready = await Promise.all([probe(gatewayPort, gatewayCa), probe(untrustedPort, untrustedCa)]);
        if (ready.every(Boolean))
            return { child, gatewayPort, untrustedPort, stop };
        await sleep(50);
    }
    await stop();
    return { busy: false, log: `nginx did not answer within 20 s\n${readFileSync(errorLog, 'utf8')}` };
}

// Starts nginx on two free ports: { child, gatewayPort, untrustedPort, stop() }.
// options: dir, certs, apiKey, upstreamPort, canaryPort, accessLog, an AbortSignal that stops
// it while it is still starting, and idp ({ issuer, port, jwksPath }) for JWT access tokens.
export async function startNginx(options) {
    const binary = findNginx();
    if (options.idp)
        options = { ...options, idp: { ...options.idp, caFile: options.certs.caFile, jsModule: findJsModule() } };
    for (const name of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
        mkdirSync(join(options.dir, 'nginx-temp', name), { recursive: true });
    if (!existsSync(options.accessLog))
        writeFileSync(options.accessLog, '');
    for (let tries = 1; ; ++tries) {
        if (options.signal?.aborted)
            throw new Error('stopped before nginx started');
        const result = await attempt(options, binary);
        if (result.child)
            return result;
        if (result.aborted)
            throw new Error('stopped while starting nginx');
        if (!result.busy || tries === 5)
            throw new Error(`nginx did not start:\n${result.log}`);
        process.stderr.write(`nginx: a port was taken in the meantime, trying others (${tries})\n`);
    }
}

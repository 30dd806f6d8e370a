// An HTTP forward proxy with Basic authentication: CONNECT tunnels and absolute-URI plain
// requests. Every request or CONNECT is logged as one JSON line (target, whether the credentials
// were right, the status it ended with). It only forwards to loopback hosts, so a test can never
// reach the outside world through it; other targets get 403 (and are logged like the rest).
import { appendFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { connect } from 'node:net';

const realm = 'Basic realm="streamcanvas-test"';

// Headers that belong to one hop and are not forwarded.
const hopByHop = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection',
    'te', 'trailer', 'transfer-encoding', 'upgrade']);

function isLoopback(host) {
    const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

function forwardedHeaders(headers) {
    const named = new Set((headers.connection ?? '').split(',').map((name) => name.trim().toLowerCase()));
    return Object.fromEntries(Object.entries(headers).filter(([name]) => !hopByHop.has(name) && !named.has(name)));
}

export function startProxy({ logFile, user, password, port = 0 }) {
    const expected = Buffer.from(`${user}:${password}`).toString('base64');
    const tunnels = new Set();

    // "ok", "missing" or "invalid"; the scheme name is case-insensitive (RFC 9110).
    const checkAuth = (req) => {
        const value = req.headers['proxy-authorization'];
        if (value === undefined)
            return 'missing';
        const [scheme, credentials] = value.trim().split(/\s+/, 2);
        return scheme.toLowerCase() === 'basic' && credentials === expected ? 'ok' : 'invalid';
    };
    const log = (req, kind, target, auth, status) => {
        const entry = { time: new Date().toISOString(), kind, method: req.method, target, auth, authOk: auth === 'ok', status };
        appendFileSync(logFile, JSON.stringify(entry) + '\n');
    };

    const server = createServer((req, res) => {
        const auth = checkAuth(req);
        const answer = (status, headers = {}) => {
            log(req, 'request', req.url, auth, status);
            res.writeHead(status, { 'Content-Type': 'text/plain', ...headers });
            res.end(`proxy: ${status}\n`);
        };
        let target = null;
        try {
            target = new URL(req.url);
        } catch {
            // not an absolute URI
        }
        if (target === null || target.protocol !== 'http:')
            return answer(400);
        if (auth !== 'ok')
            return answer(407, { 'Proxy-Authenticate': realm });
        if (!isLoopback(target.hostname))
            return answer(403);

        const upstream = httpRequest({
            host: target.hostname.replace(/^\[(.*)\]$/, '$1'),
            port: target.port || 80,
            method: req.method,
            path: target.pathname + target.search,
            headers: forwardedHeaders(req.headers),
        });
        upstream.on('response', (upstreamRes) => {
            log(req, 'request', req.url, auth, upstreamRes.statusCode);
            res.writeHead(upstreamRes.statusCode, forwardedHeaders(upstreamRes.headers));
            upstreamRes.pipe(res);
        });
        upstream.on('error', () => {
            if (res.headersSent)
                return res.destroy();
            answer(502);
        });
        req.pipe(upstream);
    });

    server.on('connect', (req, socket, head) => {
        const auth = checkAuth(req);
        const refuse = (status, reason, extra = '') => {
            log(req, 'connect', req.url, auth, status);
            // Closed after the answer: the client retries on a new connection.
            socket.end(`HTTP/1.1 ${status} ${reason}\r\n${extra}Content-Length: 0\r\nConnection: close\r\n\r\n`);
        };
        socket.on('error', () => socket.destroy());
        const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(req.url);
        if (match === null)
            return refuse(400, 'Bad Request');
        if (auth !== 'ok')
            return refuse(407, 'Proxy Authentication Required', `Proxy-Authenticate: ${realm}\r\n`);
        if (!isLoopback(match[1]))
            return refuse(403, 'Forbidden');

        const upstream = connect(Number(match[2]), match[1].replace(/^\[(.*)\]$/, '$1'));
        upstream.once('connect', () => {
            log(req, 'connect', req.url, auth, 200);
            tunnels.add(socket).add(upstream);
            socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
            if (head.length > 0)
                upstream.write(head);
            upstream.pipe(socket);
            socket.pipe(upstream);
        });
        upstream.on('error', () => {
            if (tunnels.has(upstream))
                socket.destroy();
            else
                refuse(502, 'Bad Gateway');
        });
        const forget = () => {
            tunnels.delete(socket);
            tunnels.delete(upstream);
            upstream.destroy();
            socket.destroy();
        };
        socket.on('close', forget);
        upstream.on('close', () => {
            if (tunnels.has(upstream))
                forget();
        });
    });

    const close = () => {
        for (const socket of tunnels)
            socket.destroy();
        server.closeAllConnections();
        server.close();
    };
    return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve({ server, port: server.address().port, close }));
    });
}

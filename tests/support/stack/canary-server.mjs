// A server that no test should ever reach: a client that follows a redirect to another origin,
// or sends a token where it must not, ends up here. It answers 200 to anything and logs each
// request (method, url, all headers with their values, body size) as one JSON line.
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:http';

export function startCanaryServer({ logFile, port = 0 }) {
    const server = createServer((req, res) => {
        let bodyBytes = 0;
        req.on('data', (part) => {
            bodyBytes += part.length;
        });
        req.on('end', () => {
            const entry = { time: new Date().toISOString(), method: req.method, url: req.url, headers: req.headers, bodyBytes };
            appendFileSync(logFile, JSON.stringify(entry) + '\n');
            res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
            res.end('canary: this server must never be contacted\n');
        });
    });
    return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve({ server, port: server.address().port, close: () => closeServer(server) }));
    });
}

function closeServer(server) {
    server.closeAllConnections();
    server.close();
}

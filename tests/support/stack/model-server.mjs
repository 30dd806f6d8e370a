// The scripted model server: an OpenAI-compatible upstream (GET /v1/models, streaming
// POST /v1/chat/completions) whose answers are picked by the request's "model". Every request is
// logged as one JSON line, the Authorization value replaced by "present".
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:http';

import { ClientGone, tokenize } from './chat-stream.mjs';
import { findScenario, scenarioIds } from './scenarios.mjs';

const maxBody = 64 * 1024 * 1024;

function readBody(req) {
    return new Promise((resolve, reject) => {
        const parts = [];
        let size = 0;
        req.on('data', (part) => {
            size += part.length;
            if (size > maxBody) {
                reject(new Error('request body too large'));
                req.destroy();
                return;
            }
            parts.push(part);
        });
        req.on('end', () => resolve(Buffer.concat(parts)));
        req.on('error', reject);
    });
}

function parseJson(bytes) {
    if (bytes.length === 0)
        return null;
    try {
        return JSON.parse(bytes.toString('utf8'));
    } catch {
        return null;
    }
}

function sendJson(res, status, value, headers = {}) {
    const body = JSON.stringify(value);
    res.writeHead(status, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(body),
        ...headers,
    });
    res.end(body);
}

function sendError(res, status, message, type, code = null, headers = {}) {
    sendJson(res, status, { error: { message, type, param: null, code } }, headers);
}

// The text of a message whose content is a string or an array of content parts.
function messageText(message) {
    const content = message?.content;
    if (typeof content === 'string')
        return content;
    if (Array.isArray(content))
        return content.map((part) => (typeof part?.text === 'string' ? part.text : '')).join('');
    return '';
}

function chatContext(req, res, body) {
    const messages = Array.isArray(body.messages) ? body.messages : [];
    const lastUser = messageText(messages.findLast((m) => m?.role === 'user'));
    const system = messages.filter((m) => m?.role === 'system').map(messageText).join('\n');
    const echoText = `You said: ${lastUser}` + (system ? `\n\nSystem: ${system}` : '');
    return {
        req,
        res,
        body,
        model: body.model,
        lastUser,
        echoText,
        promptTokens: messages.reduce((sum, m) => sum + tokenize(messageText(m)).length, 0),
        error: (status, message, type, code, headers) => sendError(res, status, message, type, code, headers),
    };
}

async function handle(req, res, logFile) {
    const body = parseJson(await readBody(req));
    const headers = { ...req.headers };
    if ('authorization' in headers)
        headers.authorization = 'present';
    appendFileSync(logFile, JSON.stringify({ time: new Date().toISOString(), method: req.method, path: req.url, headers, body }) + '\n');

    const path = new URL(req.url, 'http://upstream').pathname;
    if (path === '/v1/models') {
        if (req.method !== 'GET')
            return sendError(res, 405, 'Use GET for /v1/models.', 'invalid_request_error');
        const data = scenarioIds().map((id) => ({ id, object: 'model', created: 0, owned_by: 'streamcanvas-test' }));
        return sendJson(res, 200, { object: 'list', data });
    }
    if (path !== '/v1/chat/completions')
        return sendError(res, 404, 'Unknown endpoint.', 'invalid_request_error', 'unknown_url');
    if (req.method !== 'POST')
        return sendError(res, 405, 'Use POST for /v1/chat/completions.', 'invalid_request_error');
    if (body === null || typeof body !== 'object' || Array.isArray(body))
        return sendError(res, 400, 'The body must be a JSON object.', 'invalid_request_error');
    const scenario = typeof body.model === 'string' ? findScenario(body.model) : null;
    if (scenario === null)
        return sendError(res, 404, `The model '${body.model}' does not exist.`, 'invalid_request_error', 'model_not_found');
    if (body.stream !== true)
        return sendError(res, 400, 'This server only streams: set "stream": true.', 'invalid_request_error', 'stream_required');
    await scenario(chatContext(req, res, body));
}

// Starts the server on 127.0.0.1 (port 0: any free one); resolves to { server, port }.
export function startModelServer({ logFile, port = 0 }) {
    const server = createServer((req, res) => {
        handle(req, res, logFile).catch((error) => {
            if (error instanceof ClientGone)
                return;
            process.stderr.write(`model server: ${req.method} ${req.url}: ${error.stack ?? error}\n`);
            if (!res.headersSent)
                sendError(res, 500, 'The scripted model server failed.', 'server_error');
            else
                res.destroy();
        });
    });
    // nginx keeps idle upstream connections for 30 s; closing them first here could race with
    // a request nginx is just sending and turn it into a 502.
    server.keepAliveTimeout = 120_000;
    server.headersTimeout = 130_000;
    return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve({ server, port: server.address().port, close: () => closeServer(server) }));
    });
}

function closeServer(server) {
    server.closeAllConnections();
    server.close();
}

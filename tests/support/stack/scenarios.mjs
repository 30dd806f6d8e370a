// What the scripted model server answers, chosen by the request's "model". Each scenario gets a
// context (see model-server.mjs) and either streams through ctx.stream() or answers with an error.
import { ChatStream, tokenize } from './chat-stream.mjs';
import { longAnswer } from './long-answer.mjs';

export const STATUS_CODES = [400, 401, 403, 404, 413, 429, 500, 502, 503, 504];

// What a scripted-status-NNN or scripted-fail-NNN-... answer says.
const statusErrors = {
    400: ['The request is malformed: messages[0].content must be a string or an array.', 'invalid_request_error', null],
    401: ['Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'],
    403: ['You are not allowed to use this model.', 'permission_error', 'model_not_allowed'],
    404: ['The model does not exist or you do not have access to it.', 'invalid_request_error', 'model_not_found'],
    413: ['The request is too large for this model.', 'invalid_request_error', 'request_too_large'],
    429: ['Rate limit reached for requests. Please try again in 1s.', 'rate_limit_error', 'rate_limit_exceeded'],
    // Deliberately full of what must never be shown to a user or written to a log.
    500: ['upstream http://10.20.30.40:8080/internal/v1 failed, Authorization: Bearer sk-live-SECRET, cookie=session123',
        'server_error', null],
    502: ['Bad gateway: the model backend did not answer.', 'server_error', null],
    503: ['The model is overloaded. Please try again later.', 'server_error', 'overloaded'],
    504: ['The model backend timed out.', 'server_error', null],
};

const htmlBadGateway = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
</body>
</html>
`;

function statusError(ctx, status) {
    const [message, type, code] = statusErrors[status] ?? [`Scripted status ${status}.`, 'server_error', null];
    const headers = status === 429 || status === 503 ? { 'Retry-After': '1' } : {};
    ctx.error(status, message, type, code, headers);
}

function stream(ctx, options = {}) {
    return new ChatStream(ctx.req, ctx.res, ctx.model, {
        includeUsage: ctx.body.stream_options?.include_usage === true,
        promptTokens: ctx.promptTokens,
        ...options,
    });
}

async function streamText(s, text, { delayMs = 0, tokens = tokenize(text), done = true } = {}) {
    await s.role();
    for (const token of tokens) {
        await s.delta({ content: token });
        if (delayMs)
            await s.pause(delayMs);
    }
    await s.finish({ done });
    s.end();
}

const echo = (options) => async (ctx) => streamText(stream(ctx, options), ctx.echoText);

// Groups words one, two or three at a time, in a fixed rhythm.
function wordGroups(text) {
    const words = tokenize(text);
    const groups = [];
    for (let i = 0, n = 0; i < words.length; ++n) {
        const size = [1, 2, 3, 2][n % 4];
        groups.push(words.slice(i, i + size).join(''));
        i += size;
    }
    return groups;
}

function slowTokens(text) {
    const tokens = tokenize(text);
    for (let n = 1; tokens.length < 100; ++n)
        tokens.push(n === 1 ? '\n\nCounting: 1' : ` ${n}`);
    return tokens;
}

let bigDeltas = null;

// 10 MiB of content in 1 KiB deltas, each a numbered line.
function bigContent() {
    if (bigDeltas === null) {
        bigDeltas = [];
        for (let i = 0; i < 10 * 1024; ++i) {
            const head = `${String(i).padStart(5, '0')} `;
            bigDeltas.push(head + 'abcdefghijklmnopqrstuvwxyz '.repeat(40).slice(0, 1024 - head.length - 1) + '\n');
        }
    }
    return bigDeltas;
}

const partial = ['This', ' answer', ' stops', ' in', ' the', ' middle', ' of'];

const scenarios = {
    'scripted-echo': echo(),

    'scripted-long': async (ctx) => {
        const text = longAnswer();
        await streamText(stream(ctx), text, { tokens: wordGroups(text) });
    },

    'scripted-slow': async (ctx) => {
        await streamText(stream(ctx), ctx.echoText, { delayMs: 50, tokens: slowTokens(ctx.echoText) });
    },

    'scripted-reasoning': async (ctx) => {
        const s = stream(ctx);
        await s.role();
        for (const token of tokenize(`The user wrote "${ctx.lastUser}". I should repeat it.`))
            await s.delta({ reasoning_content: token });
        for (const token of tokenize(' Checking the wording once more.'))
            await s.delta({ reasoning: token });
        for (const token of tokenize(ctx.echoText))
            await s.delta({ content: token });
        await s.finish();
        s.end();
    },

    'scripted-stall': async (ctx) => {
        const s = stream(ctx);
        await s.role();
        for (const token of ['Thinking', ' about', ' it'])
            await s.delta({ content: token });
        await s.pause(300_000);
        ctx.req.socket.destroy();
    },

    'scripted-stall-first-byte': async (ctx) => {
        const s = stream(ctx);
        await s.pause(60_000);
        await streamText(s, ctx.echoText);
    },

    'scripted-drop': async (ctx) => {
        const s = stream(ctx);
        await s.role();
        for (const token of partial)
            await s.delta({ content: token });
        await s.drop();
    },

    'scripted-no-done': async (ctx) => streamText(stream(ctx), ctx.echoText, { done: false }),

    'scripted-error-object': async (ctx) => {
        const s = stream(ctx);
        await s.role();
        for (const token of partial)
            await s.delta({ content: token });
        await s.event({ error: { message: 'The model crashed', type: 'server_error' } });
        s.end();
    },

    'scripted-error-event': async (ctx) => {
        const s = stream(ctx);
        await s.role();
        for (const token of partial)
            await s.delta({ content: token });
        await s.event({ error: { message: 'Overloaded', type: 'server_error' } }, { event: 'error' });
        s.end();
    },

    'scripted-status-html-502': async (ctx) => {
        ctx.res.writeHead(502, { 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(htmlBadGateway) });
        ctx.res.end(htmlBadGateway);
    },

    'scripted-big': async (ctx) => {
        const s = stream(ctx);
        await s.role();
        for (const content of bigContent())
            await s.delta({ content });
        await s.finish();
        s.end();
    },

    'scripted-cr': echo({ eol: '\r' }),
    'scripted-crlf': echo({ eol: '\r\n' }),
    'scripted-bytewise': echo({ bytewise: true }),

    'scripted-bom-comments': async (ctx) => {
        const s = stream(ctx);
        const json = (chunk) => JSON.stringify(chunk);
        const tokens = tokenize(ctx.echoText);
        await s.write(`\uFEFFdata:${json(s.chunk({ role: 'assistant', content: '' }))}\n\n`);
        for (const [i, token] of tokens.entries()) {
            s.completionTokens += 1;
            const chunk = json(s.chunk({ content: token }));
            if (i === 0) {
                await s.write(`event: message\ndata: ${chunk}\n\n`);
            } else if (i === 1) {
                // One event whose JSON spans two data lines; the parser joins them with a newline.
                const cut = chunk.indexOf(',"created"') + 1;
                await s.write(`data: ${chunk.slice(0, cut)}\ndata: ${chunk.slice(cut)}\n\n`);
            } else {
                await s.write(`data:${chunk}\n\n`);
            }
            await s.write(': keep-alive\n\n');
        }
        await s.finish();
        s.end();
    },

    'scripted-utf8-split': async (ctx) => {
        const text = `Umlaut ä, 日本, 🙂 and once more: Grüße aus 日本 🙂\n\n${ctx.echoText}`;
        await streamText(stream(ctx, { splitUtf8: true }), text);
    },
};

for (const status of STATUS_CODES)
    scenarios[`scripted-status-${status}`] = async (ctx) => statusError(ctx, status);

// Listed in /v1/models; any scripted-fail-NNN-then-ok-K works, these are examples.
const failExamples = ['scripted-fail-503-then-ok-2', 'scripted-fail-429-then-ok-1', 'scripted-fail-500-then-ok-1'];

export function scenarioIds() {
    return [...Object.keys(scenarios), ...failExamples];
}

// Failures so far per model and last user message, for scripted-fail-NNN-then-ok-K.
const failures = new Map();

export function findScenario(model) {
    if (Object.hasOwn(scenarios, model))
        return scenarios[model];
    const fail = /^scripted-fail-([1-5]\d\d)-then-ok-(\d+)$/.exec(model);
    if (fail) {
        const status = Number(fail[1]);
        const okAfter = Number(fail[2]);
        return async (ctx) => {
            const key = JSON.stringify([model, ctx.lastUser]);
            const count = failures.get(key) ?? 0;
            if (count < okAfter) {
                failures.set(key, count + 1);
                statusError(ctx, status);
            } else {
                await echo()(ctx);
            }
        };
    }
    return null;
}

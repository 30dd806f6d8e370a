// One streamed chat completion as OpenAI sends it: Server-Sent Events whose data are
// chat.completion.chunk objects, written with back-pressure, and abandoned quietly when the
// client goes away. The write modes exist to break clients that assume a friendly network.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

// Thrown out of a scenario when the client has gone; the server ignores it.
export class ClientGone extends Error {
    constructor() {
        super('client went away');
    }
}

// Words with the whitespace before them, as tokenizers hand them out; joined they give the text back.
export function tokenize(text) {
    return text.match(/\s*\S+|\s+$/g) ?? [];
}

export class ChatStream {
    // options: eol ('\n', '\r' or '\r\n'), includeUsage, bytewise (one byte per write),
    // splitUtf8 (multi-byte characters split across writes), promptTokens.
    constructor(req, res, model, options = {}) {
        this.req = req;
        this.res = res;
        this.model = model;
        this.eol = options.eol ?? '\n';
        this.includeUsage = options.includeUsage ?? false;
        this.bytewise = options.bytewise ?? false;
        this.splitUtf8 = options.splitUtf8 ?? false;
        this.promptTokens = options.promptTokens ?? 0;
        this.completionTokens = 0;
        this.id = 'chatcmpl-' + randomBytes(12).toString('hex');
        this.created = Math.floor(Date.now() / 1000);
        this.gone = false;
        this.abort = new AbortController();
        res.on('close', () => {
            if (!res.writableFinished) {
                this.gone = true;
                this.abort.abort();
            }
        });
    }

    begin() {
        if (this.gone)
            throw new ClientGone();
        if (this.bytewise || this.splitUtf8)
            this.req.socket.setNoDelay(true);
        this.res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    }

    chunk(delta, finishReason = null) {
        const chunk = {
            id: this.id,
            object: 'chat.completion.chunk',
            created: this.created,
            model: this.model,
            choices: [{ index: 0, delta, finish_reason: finishReason }],
        };
        // OpenAI adds "usage": null to every chunk but the last when usage was asked for.
        if (this.includeUsage)
            chunk.usage = null;
        return chunk;
    }

    usageChunk() {
        return {
            id: this.id,
            object: 'chat.completion.chunk',
            created: this.created,
            model: this.model,
            choices: [],
            usage: {
                prompt_tokens: this.promptTokens,
                completion_tokens: this.completionTokens,
                total_tokens: this.promptTokens + this.completionTokens,
            },
        };
    }

    async event(data, { event } = {}) {
        const json = typeof data === 'string' ? data : JSON.stringify(data);
        const field = event ? `event: ${event}${this.eol}` : '';
        await this.write(`${field}data: ${json}${this.eol}${this.eol}`);
    }

    async role() {
        await this.event(this.chunk({ role: 'assistant', content: '' }));
    }

    async delta(delta) {
        this.completionTokens += 1;
        await this.event(this.chunk(delta));
    }

    // The stop chunk, the usage chunk when asked for, and [DONE] unless told otherwise.
    async finish({ done = true } = {}) {
        await this.event(this.chunk({}, 'stop'));
        if (this.includeUsage)
            await this.event(this.usageChunk());
        if (done)
            await this.event('[DONE]');
    }

    async pause(ms) {
        try {
            await sleep(ms, undefined, { signal: this.abort.signal });
        } catch {
            throw new ClientGone();
        }
    }

    async write(data) {
        const bytes = Buffer.from(data, 'utf8');
        if (this.bytewise) {
            for (let i = 0; i < bytes.length; ++i) {
                await this.writeRaw(bytes.subarray(i, i + 1));
                // A short pause every few bytes, so that they really travel in separate packets.
                if (i % 4 === 3)
                    await this.pause(1);
            }
        } else if (this.splitUtf8) {
            // Cut right after the first byte of every multi-byte character.
            let start = 0;
            for (let i = 0; i < bytes.length; ++i) {
                if (bytes[i] >= 0xc0) {
                    await this.writeRaw(bytes.subarray(start, i + 1));
                    await this.pause(3);
                    start = i + 1;
                }
            }
            await this.writeRaw(bytes.subarray(start));
        } else {
            await this.writeRaw(bytes);
        }
    }

    async writeRaw(bytes) {
        if (this.gone)
            throw new ClientGone();
        if (!this.res.headersSent)
            this.begin();
        if (this.res.write(bytes))
            return;
        await new Promise((resolve) => {
            const done = () => {
                this.res.off('drain', done);
                this.res.off('close', done);
                resolve();
            };
            this.res.on('drain', done);
            this.res.on('close', done);
        });
        if (this.gone)
            throw new ClientGone();
    }

    end() {
        if (!this.gone)
            this.res.end();
    }

    // Cuts the connection without finishing the chunked body, after what was written got out.
    async drop() {
        await this.pause(50);
        this.req.socket.destroy();
    }
}

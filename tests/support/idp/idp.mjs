// A real OpenID Provider for the integration tests: oidc-provider on https://127.0.0.1:<port>,
// with one public native client (authorization code + PKCE, refresh tokens that rotate, the
// device flow), one user, and JWT access tokens for the gateway when asked for it with
// `resource` (RFC 8707). Started by ../stack/stack.mjs --idp; see ../stack/README.md.
import { randomBytes, generateKeyPairSync, timingSafeEqual } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:https';

import Provider, { errors } from 'oidc-provider';

import { makeServerCertificate } from '../stack/certificates.mjs';
import * as pages from './pages.mjs';

export const clientId = 'streamcanvas-desktop';
const clientName = 'StreamCanvas Desktop';
const userName = 'alice';
// A second resource server the provider issues tokens for, which the gateway must refuse: a
// token for it is a genuine, well-signed token with the wrong audience. Never contacted.
export const otherAudience = 'https://127.0.0.1/other-api';
const maxFormBytes = 64 * 1024;

const account = {
    accountId: userName,
    claims: {
        sub: userName,
        name: 'Alice Example',
        preferred_username: userName,
        email: 'alice@example.test',
        email_verified: true,
    },
};

function sameText(a, b) {
    const left = Buffer.from(String(a));
    const right = Buffer.from(String(b));
    return left.length === right.length && timingSafeEqual(left, right);
}

function readForm(req) {
    return new Promise((resolve, reject) => {
        const parts = [];
        let size = 0;
        req.on('data', (part) => {
            size += part.length;
            if (size > maxFormBytes) {
                reject(new Error('form too large'));
                req.destroy();
                return;
            }
            parts.push(part);
        });
        req.on('end', () => resolve(new URLSearchParams(Buffer.concat(parts).toString('utf8'))));
        req.on('error', reject);
    });
}

function html(ctx, body, status = 200) {
    ctx.status = status;
    ctx.type = 'html';
    ctx.set('Cache-Control', 'no-store');
    ctx.body = body;
}

// The sign-in and consent pages behind interactions.url, on oidc-provider's interaction API.
function interactionRoutes(provider, password) {
    const route = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|consent|abort))?$/;
    return async (ctx, next) => {
        const match = route.exec(ctx.path);
        if (!match)
            return next();
        const [, uid, action] = match;
        if ((action === undefined) !== (ctx.method === 'GET') || !['GET', 'POST'].includes(ctx.method)) {
            ctx.status = 405;
            return undefined;
        }
        const details = await provider.interactionDetails(ctx.req, ctx.res);
        if (details.uid !== uid)
            throw new errors.InvalidRequest('the interaction does not match its cookie');
        const { prompt, params } = details;
        const finish = async (result, merge = true) => {
            const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: merge });
            ctx.status = 303;
            ctx.redirect(returnTo);
        };

        if (action === undefined) {
            if (prompt.name === 'login')
                return html(ctx, pages.loginPage({ uid, clientName, loginHint: params.login_hint }));
            if (prompt.name === 'consent')
                return html(ctx, consentPage(uid, details));
            throw new errors.InvalidRequest(`unsupported prompt ${prompt.name}`);
        }
        if (action === 'abort')
            return finish({ error: 'access_denied', error_description: 'The user cancelled the sign-in.' }, false);

        const form = await readForm(ctx.req);
        if (action === 'login') {
            if (prompt.name !== 'login')
                throw new errors.InvalidRequest('not expecting a sign-in now');
            const name = form.get('username') ?? '';
            if (!sameText(name, userName) || !sameText(form.get('password') ?? '', password)) {
                return html(ctx, pages.loginPage({ uid, clientName, loginHint: name,
                    errorMessage: 'Wrong user name or password.' }), 401);
            }
            return finish({ login: { accountId: userName, amr: ['pwd'] } }, false);
        }

        if (prompt.name !== 'consent')
            throw new errors.InvalidRequest('not expecting a consent now');
        const grant = details.grantId
            ? await provider.Grant.find(details.grantId)
            : new provider.Grant({ accountId: details.session.accountId, clientId: params.client_id });
        const missing = prompt.details;
        if (missing.missingOIDCScope)
            grant.addOIDCScope(missing.missingOIDCScope.join(' '));
        if (missing.missingOIDCClaims)
            grant.addOIDCClaims(missing.missingOIDCClaims);
        for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {}))
            grant.addResourceScope(resource, scopes.join(' '));
        return finish({ consent: { grantId: await grant.save() } });
    };
}

function consentPage(uid, { prompt, params, session }) {
    const scopes = prompt.details.missingOIDCScope ?? String(params.scope ?? '').split(' ').filter(Boolean);
    const resources = [params.resource ?? []].flat();
    return pages.consentPage({ uid, clientName, accountId: session?.accountId ?? userName, scopes, resources });
}

// One JSON line per request: never a token, code, password or cookie.
function requestLog(logFile) {
    return async (ctx, next) => {
        const started = Date.now();
        try {
            await next();
        } finally {
            const oidc = ctx.oidc;
            const body = ctx.body !== null && typeof ctx.body === 'object' && !Buffer.isBuffer(ctx.body) ? ctx.body : null;
            const entry = {
                time: new Date().toISOString(),
                method: ctx.method,
                path: ctx.path,
                status: ctx.status,
                route: oidc?.route ?? null,
                grantType: oidc?.params?.grant_type ?? null,
                resource: oidc?.params?.resource ?? null,
                clientId: oidc?.client?.clientId ?? null,
                error: typeof body?.error === 'string' ? body.error : (ctx.state.error ?? null),
                // oidc-provider's reason for an error (error_detail), say "PKCE verification failed".
                detail: ctx.state.errorDetail ?? null,
                ms: Date.now() - started,
            };
            appendFileSync(logFile, JSON.stringify(entry) + '\n');
        }
    };
}

function configuration({ password, accessTokenSeconds, audience, signingKey }) {
    return {
        clients: [{
            client_id: clientId,
            client_name: clientName,
            application_type: 'native',
            token_endpoint_auth_method: 'none',
            // Loopback redirects: for a native client any port matches (RFC 8252 section 7.3).
            redirect_uris: ['http://127.0.0.1/callback', 'http://[::1]/callback'],
            post_logout_redirect_uris: ['http://127.0.0.1/signed-out', 'http://[::1]/signed-out'],
            grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
            response_types: ['code'],
            scope: 'openid profile email offline_access',
            id_token_signed_response_alg: 'RS256',
        }],
        jwks: { keys: [signingKey] },
        cookies: { keys: [randomBytes(32).toString('hex')] },
        scopes: ['openid', 'profile', 'email', 'offline_access'],
        responseTypes: ['code'],
        claims: {
            openid: ['sub'],
            profile: ['name', 'preferred_username'],
            email: ['email', 'email_verified'],
        },
        async findAccount(_ctx, sub) {
            if (sub !== account.accountId)
                return undefined;
            return { accountId: account.accountId, claims: async () => ({ ...account.claims }) };
        },
        // Only S256 exists in oidc-provider 9; required for every client, not only public ones.
        pkce: { required: () => true },
        rotateRefreshToken: true,
        interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
        features: {
            devInteractions: { enabled: false },
            deviceFlow: {
                enabled: true,
                charset: 'base-20',
                mask: '****-****',
                userCodeInputSource: async (ctx, form, _out, error) => {
                    ctx.type = 'html';
                    ctx.body = pages.deviceInputPage(form, error);
                },
                userCodeConfirmSource: async (ctx, form, client, _deviceInfo, userCode) => {
                    ctx.type = 'html';
                    ctx.body = pages.deviceConfirmPage(form, client.clientName ?? client.clientId, userCode);
                },
                successSource: async (ctx) => {
                    ctx.type = 'html';
                    ctx.body = pages.deviceSuccessPage(ctx.oidc.client?.clientName ?? clientName);
                },
            },
            revocation: {
                enabled: true,
                // A public client may revoke its own tokens only (as oidc-provider's default does).
                allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
            },
            rpInitiatedLogout: {
                enabled: true,
                logoutSource: async (ctx, form) => {
                    ctx.type = 'html';
                    ctx.body = pages.logoutPage(form);
                },
                postLogoutSuccessSource: async (ctx) => {
                    ctx.type = 'html';
                    ctx.body = pages.logoutSuccessPage();
                },
            },
            resourceIndicators: {
                enabled: true,
                defaultResource: async (_ctx, _client, oneOf) => oneOf,
                // A refresh without `resource` gets an opaque token for userinfo, as the spec's
                // default has it: a client must ask for the gateway's audience every time.
                useGrantedResource: async () => false,
                getResourceServerInfo: async (_ctx, resource) => {
                    const known = [audience.value, otherAudience].find((origin) =>
                        origin !== null && (resource === origin || resource === `${origin}/`));
                    if (known === undefined)
                        throw new errors.InvalidTarget(`unknown resource ${resource}`);
                    return {
                        scope: '',
                        audience: known,
                        accessTokenTTL: accessTokenSeconds,
                        accessTokenFormat: 'jwt',
                        jwt: { sign: { alg: 'RS256' } },
                    };
                },
            },
        },
        ttl: {
            AccessToken: accessTokenSeconds,
            AuthorizationCode: 60,
            DeviceCode: 600,
            IdToken: 3600,
            Interaction: 3600,
            RefreshToken: 14 * 24 * 3600,
            Session: 14 * 24 * 3600,
            Grant: 14 * 24 * 3600,
        },
        renderError: async (ctx, out) => {
            ctx.type = 'html';
            ctx.body = pages.errorPage(out);
        },
    };
}

// Starts the provider: { issuer, port, clientId, otherAudience, user, password, jwksPath,
// setGatewayAudience(origin), close() }.
// certs comes from makeCertificates(); accessTokenSeconds is the access tokens' lifetime.
export async function startIdp({ certs, logFile, accessTokenSeconds = 300 }) {
    // oidc-provider 9 calls crypto.hash() (Node 20.12) and URL.parse() (Node 20.18); on an older
    // Node it starts and then fails each token request.
    const [major, minor] = process.versions.node.split('.').map(Number);
    if (major < 20 || (major === 20 && minor < 18))
        throw new Error(`the OpenID Provider needs Node.js 20.18 or later, this is ${process.version}`);
    if (!Number.isInteger(accessTokenSeconds) || accessTokenSeconds < 1)
        throw new Error(`the access token lifetime must be a positive number of seconds, not ${accessTokenSeconds}`);
    const { cert, key } = await makeServerCertificate(certs, 'idp');
    const password = randomBytes(12).toString('base64url');
    const audience = { value: null };
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' };

    let handler = (_req, res) => {
        res.writeHead(503);
        res.end();
    };
    // The chain with the CA, so that a browser told to trust the CA's key sees it.
    const chain = Buffer.concat([readFileSync(cert), readFileSync(certs.caFile)]);
    const server = createServer({ cert: chain, key: readFileSync(key) }, (req, res) => handler(req, res));
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
    });
    const port = server.address().port;
    const issuer = `https://127.0.0.1:${port}`;

    const provider = new Provider(issuer, configuration({ password, accessTokenSeconds, audience, signingKey }));
    provider.use(requestLog(logFile));
    provider.use(interactionRoutes(provider, password));
    provider.on('server_error', (_ctx, error) => process.stderr.write(`idp: server error: ${error.stack ?? error}\n`));
    for (const event of ['authorization.error', 'grant.error', 'device_authorization.error', 'code_verification.error',
        'device_resume.error', 'revocation.error', 'userinfo.error', 'end_session.error', 'end_session_confirm.error']) {
        provider.on(event, (ctx, error) => {
            ctx.state.error = error.error ?? error.name;
            ctx.state.errorDetail = error.error_detail ?? error.error_description ?? null;
        });
    }
    handler = provider.callback();

    return {
        issuer,
        port,
        clientId,
        otherAudience,
        user: userName,
        password,
        jwksPath: provider.pathFor('jwks'),
        setGatewayAudience(origin) {
            audience.value = origin;
        },
        close() {
            server.closeAllConnections();
            server.close();
        },
    };
}

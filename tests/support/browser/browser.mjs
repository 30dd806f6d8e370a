// Headless Debian Chromium driven by playwright-core (installed in ../idp by `npm ci`), for the
// sign-in pages of the local OpenID Provider. Only loopback addresses are reachable: every other
// request is blocked (and named on stderr by its host only), so nothing leaves the machine.
import { createHash, X509Certificate } from 'node:crypto';
import { accessSync, constants, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../idp/package.json', import.meta.url));

export const timeoutMs = 60_000;
const loopbackHosts = new Set(['127.0.0.1', '[::1]', 'localhost']);

export class Failure extends Error {}

export function say(message) {
    process.stderr.write(`${message}\n`);
}

export function isLoopback(url) {
    return loopbackHosts.has(url.hostname);
}

// A URL given on the command line, which must point at a loopback address.
export function loopbackUrl(text, what) {
    let url;
    try {
        url = new URL(text);
    } catch {
        throw new Failure(`the ${what} is not a URL`);
    }
    if (!['https:', 'http:'].includes(url.protocol) || !isLoopback(url))
        throw new Failure(`the ${what} must be http(s) on 127.0.0.1, [::1] or localhost, not ${url.origin}`);
    return url;
}

function findChromium() {
    const path = process.env.STREAMCANVAS_CHROMIUM || '/usr/bin/chromium';
    try {
        accessSync(path, constants.X_OK);
    } catch {
        throw new Failure(`Chromium was not found at ${path} (tools/setup.sh installs Debian's chromium; or set STREAMCANVAS_CHROMIUM)`);
    }
    return path;
}

// The base64 SHA-256 of a certificate's public key, as --ignore-certificate-errors-spki-list
// wants it: the browser then trusts the local CA (whose certificate the provider sends along with
// its own) the way a company's managed browser trusts the company's CA.
function spkiHash(pemFile) {
    const certificate = new X509Certificate(readFileSync(pemFile));
    const spki = certificate.publicKey.export({ type: 'spki', format: 'der' });
    return createHash('sha256').update(spki).digest('base64');
}

// Runs steps(page) in a fresh headless browser, with a time limit; returns its result.
export async function withBrowser({ caFile }, steps) {
    let chromium;
    try {
        ({ chromium } = require('playwright-core'));
    } catch {
        throw new Failure('playwright-core is not installed: run `npm ci` in tests/support/idp (tools/setup.sh does)');
    }
    const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run'];
    if (caFile)
        args.push(`--ignore-certificate-errors-spki-list=${spkiHash(caFile)}`);
    const browser = await chromium.launch({ executablePath: findChromium(), args, timeout: 30_000 });
    let timer;
    try {
        const context = await browser.newContext({ ignoreHTTPSErrors: !caFile });
        const blocked = new Set();
        await context.route('**/*', (route) => {
            const url = new URL(route.request().url());
            if (isLoopback(url) || url.protocol === 'data:' || url.protocol === 'about:')
                return route.continue();
            if (!blocked.has(url.host)) {
                blocked.add(url.host);
                say(`blocked a request to ${url.host}`);
            }
            return route.abort('blockedbyclient');
        });
        const page = await context.newPage();
        page.setDefaultTimeout(timeoutMs);
        page.on('load', () => say(`page: ${where(page)}`));
        const timedOut = new Promise((_resolve, reject) => {
            timer = setTimeout(() => reject(new Failure(`not done within ${timeoutMs / 1000} s; the last page was ${where(page)}`)), timeoutMs);
        });
        return await Promise.race([steps(page), timedOut]);
    } finally {
        clearTimeout(timer);
        await browser.close().catch(() => {});
    }
}

// Opens the first page; a failure (a certificate not from the CA, nothing listening) says why.
export async function open(page, url, what) {
    try {
        return await page.goto(url.href, { waitUntil: 'load' });
    } catch (error) {
        const place = `${url.origin}${url.pathname}`;
        const reason = String(error.message).split('\n')[0].replaceAll(url.href, place);
        throw new Failure(`cannot open the ${what} ${place}: ${reason}`);
    }
}

// Origin and path of the page, never its query (which may hold a code).
export function where(page) {
    try {
        const url = new URL(page.url());
        return `${url.protocol}//${url.host}${url.pathname}`;
    } catch {
        return page.url().split('?')[0];
    }
}

async function visible(page, selector) {
    return (await page.locator(selector).count()) > 0 && page.locator(selector).first().isVisible();
}

// Does what a person does on the provider's sign-in, consent and error pages. Returns true when
// it acted on the page (then call it again on the next one), false when the page is none of them.
export async function handleProviderPage(page, { user, password, state }) {
    if (await visible(page, '#error-error')) {
        const error = await page.locator('#error-error').innerText();
        const description = (await visible(page, '#error-error_description'))
            ? await page.locator('#error-error_description').innerText() : '';
        throw new Failure(`the identity provider showed an error: ${error}${description ? `: ${description}` : ''}`);
    }
    if (await visible(page, '#sign-in-button')) {
        if (await visible(page, '#sign-in-error')) {
            const message = await page.locator('#sign-in-error').innerText();
            throw new Failure(`the identity provider refused the sign-in as ${user}: ${message}`);
        }
        if (state.signedIn)
            throw new Failure('the identity provider asked for the password a second time');
        state.signedIn = true;
        await page.locator('#username').fill(user);
        await page.locator('#password').fill(password);
        await clickAndWait(page, '#sign-in-button');
        return true;
    }
    if (await visible(page, '#allow-button')) {
        if (state.consented)
            throw new Failure('the identity provider asked for consent a second time');
        state.consented = true;
        await clickAndWait(page, '#allow-button');
        return true;
    }
    return false;
}

// Clicks and waits until the next page has loaded (every button here submits a form). Not by
// its URL: a sign-in can come back to the same interaction URL, with the consent page.
export async function clickAndWait(page, selector) {
    await Promise.all([
        page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame()),
        page.locator(selector).click(),
    ]);
    await page.waitForLoadState('load');
}

// For a page that moves on by itself (the provider's auto-submitting form_post page): waits for
// the next one, and fails when none comes.
export async function waitForNextPage(page) {
    const title = await page.title().catch(() => '');
    try {
        await page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame(), timeout: 5_000 });
        await page.waitForLoadState('load');
    } catch {
        throw new Failure(`unexpected page at ${where(page)}: "${title}"`);
    }
}

// Runs main(arguments, { caFile }) and exits: 0 when it resolves, 1 with its message when it
// fails, 2 on a wrong command line. `--ca-file <PEM>` (or $STREAMCANVAS_CA_FILE) names the CA to
// trust; without it, certificate errors are ignored.
export function run(usage, argumentCount, main) {
    const args = process.argv.slice(2);
    let caFile = process.env.STREAMCANVAS_CA_FILE || null;
    const index = args.indexOf('--ca-file');
    if (index >= 0)
        caFile = args.splice(index, 2)[1] ?? null;
    if (args.length !== argumentCount || (index >= 0 && !caFile)) {
        say(`usage: ${usage}`);
        process.exit(2);
    }
    main(args, { caFile }).then(() => process.exit(0), (error) => {
        say(error instanceof Failure ? error.message : `failed: ${error.stack ?? error}`);
        process.exit(1);
    });
}

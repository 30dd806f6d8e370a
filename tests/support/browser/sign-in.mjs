#!/usr/bin/env node
// Signs in at the local OpenID Provider as a person would, in headless Chromium:
//
//   node sign-in.mjs [--ca-file ca.pem] <authorization URL> <user> <password>
//
// Opens the authorization URL, fills in the sign-in form, allows the consent, and follows the
// redirect to the client's loopback callback. Exits 0 once the callback page has loaded, printing
// its origin and path (never the code); 1 with a message otherwise; times out after 60 s.
import { Failure, handleProviderPage, isLoopback, loopbackUrl, open, run, say, waitForNextPage, where, withBrowser } from './browser.mjs';

function isCallbackUrl(url, providerOrigin) {
    return url.origin !== providerOrigin && isLoopback(url) && url.pathname.endsWith('/callback');
}

run('node sign-in.mjs [--ca-file ca.pem] <authorization URL> <user> <password>', 3, async ([authorizationUrl, user, password], options) => {
    const start = loopbackUrl(authorizationUrl, 'authorization URL');
    const callback = await withBrowser(options, async (page) => {
        const state = {};
        // The client may answer its callback with a redirect of its own (to a "you can close
        // this tab" page): the callback counts once the browser asked for it and a page loaded.
        let seenCallback = null;
        page.on('request', (request) => {
            const url = new URL(request.url());
            if (request.isNavigationRequest() && isCallbackUrl(url, start.origin))
                seenCallback = url;
        });
        // A redirect straight to the callback (an error, or a session that needs no sign-in) also ends here.
        const response = await open(page, start, 'authorization URL');
        if (response === null)
            throw new Failure(`the authorization URL did not load (${where(page)})`);
        for (let step = 0; step < 10; ++step) {
            if (seenCallback !== null) {
                await page.waitForLoadState('load').catch(() => {});
                return seenCallback;
            }
            if (!await handleProviderPage(page, { user, password, state }))
                await waitForNextPage(page);
        }
        throw new Failure(`still not at the callback after 10 pages (${where(page)})`);
    });
    process.stdout.write(`${callback.origin}${callback.pathname}\n`);
    const error = callback.searchParams.get('error');
    if (error !== null)
        say(`the provider answered the callback with error=${error}`);
});

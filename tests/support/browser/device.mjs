#!/usr/bin/env node
// Approves a device sign-in (RFC 8628) at the local OpenID Provider as a person would, in
// headless Chromium:
//
//   node device.mjs [--ca-file ca.pem] <verification_uri_complete or verification_uri> <user_code> <user> <password>
//
// Enters the user code if the page asks for it, checks that the code shown is the expected one,
// confirms, signs in and allows the consent. Exits 0 once the provider says the device is signed
// in; 1 with a message otherwise; times out after 60 s.
import { Failure, clickAndWait, handleProviderPage, loopbackUrl, open, run, say, waitForNextPage, where, withBrowser } from './browser.mjs';

// User codes are compared as the provider does: case and separators do not matter.
const normalize = (code) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

run('node device.mjs [--ca-file ca.pem] <verification URI> <user_code> <user> <password>', 4, async ([uri, userCode, user, password], options) => {
    const start = loopbackUrl(uri, 'verification URI');
    await withBrowser(options, async (page) => {
        const state = {};
        await open(page, start, 'verification URI');
        for (let step = 0; step < 10; ++step) {
            if (await page.locator('#device-success').count() > 0)
                return;
            if (await page.locator('#device-error').count() > 0)
                throw new Failure(`the identity provider refused the code: ${await page.locator('#device-error').innerText()}`);
            if (await page.locator('#device-code-button').count() > 0) {
                if (state.codeEntered)
                    throw new Failure('the identity provider asked for the code a second time');
                state.codeEntered = true;
                const input = page.locator('input[name="user_code"]');
                if (await input.inputValue() === '')
                    await input.fill(userCode);
                await clickAndWait(page, '#device-code-button');
                continue;
            }
            if (await page.locator('#device-confirm-button').count() > 0) {
                const shown = await page.locator('#device-user-code').innerText();
                if (normalize(shown) !== normalize(userCode))
                    throw new Failure(`the page shows the code ${shown}, not ${userCode}`);
                await clickAndWait(page, '#device-confirm-button');
                continue;
            }
            if (!await handleProviderPage(page, { user, password, state }))
                await waitForNextPage(page);
        }
        throw new Failure(`the device was still not signed in after 10 pages (${where(page)})`);
    });
    say('the device is signed in');
    process.stdout.write('approved\n');
});

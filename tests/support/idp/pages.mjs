// The OpenID Provider's own pages: sign-in, consent, the device flow's pages, sign-out and errors.
// Plain HTML with stable ids for the browser automation, and nothing loaded from anywhere else
// (oidc-provider's development pages import web fonts from the internet).

const escapes = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value) {
    return String(value).replace(/[&<>"']/g, (character) => escapes[character]);
}

const style = `
  body { font-family: sans-serif; margin: 2em auto; max-width: 26em; }
  label, input, button { display: block; width: 100%; box-sizing: border-box; margin-bottom: .6em; }
  input { padding: .4em; }
  button { padding: .5em; }
  .error { color: #b00020; }
  code { font-size: 1.6em; }`;

function page(title, body) {
    return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)}</title>
  <style>${style}</style>
</head>
<body>
  <h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>`;
}

// The sign-in form of interaction uid; errorMessage shown above it after a failed attempt.
export function loginPage({ uid, clientName, loginHint, errorMessage }) {
    const error = errorMessage ? `  <p class="error" id="sign-in-error" role="alert">${escapeHtml(errorMessage)}</p>\n` : '';
    return page('Sign in', `  <p>to continue to <strong>${escapeHtml(clientName)}</strong></p>
${error}  <form id="sign-in" method="post" action="/interaction/${escapeHtml(uid)}/login" autocomplete="off">
    <label for="username">User name</label>
    <input id="username" name="username" type="text" value="${escapeHtml(loginHint ?? '')}" required autofocus>
    <label for="password">Password</label>
    <input id="password" name="password" type="password" required>
    <button id="sign-in-button" type="submit">Sign in</button>
  </form>
  <form method="post" action="/interaction/${escapeHtml(uid)}/abort">
    <button id="cancel-button" type="submit">Cancel</button>
  </form>`);
}

// The consent question of interaction uid: which client wants which scopes and resources.
export function consentPage({ uid, clientName, accountId, scopes, resources }) {
    const items = [...scopes.map((scope) => `scope <code>${escapeHtml(scope)}</code>`),
        ...resources.map((resource) => `access to <code>${escapeHtml(resource)}</code>`)];
    const list = items.length > 0 ? `  <ul>\n${items.map((item) => `    <li>${item}</li>`).join('\n')}\n  </ul>\n` : '';
    return page('Allow access?', `  <p><strong>${escapeHtml(clientName)}</strong> asks to act for <strong>${escapeHtml(accountId)}</strong>:</p>
${list}  <form id="consent" method="post" action="/interaction/${escapeHtml(uid)}/consent">
    <button id="allow-button" type="submit">Allow</button>
  </form>
  <form method="post" action="/interaction/${escapeHtml(uid)}/abort">
    <button id="deny-button" type="submit">Deny</button>
  </form>`);
}

// features.deviceFlow.userCodeInputSource: form is oidc-provider's form (id op.deviceInputForm).
export function deviceInputPage(form, error) {
    let message = '  <p>Enter the code that your device shows.</p>';
    if (error && (error.userCode || error.name === 'NoCodeError'))
        message = '  <p class="error" id="device-error" role="alert">That code is wrong or has expired. Try again.</p>';
    else if (error && error.name === 'AbortedError')
        message = '  <p class="error" id="device-error" role="alert">The sign-in on the device was cancelled.</p>';
    else if (error)
        message = '  <p class="error" id="device-error" role="alert">Something went wrong with that code.</p>';
    return page('Connect a device', `${message}
  ${form}
  <button id="device-code-button" type="submit" form="op.deviceInputForm">Continue</button>`);
}

// features.deviceFlow.userCodeConfirmSource: form is oidc-provider's (id op.deviceConfirmForm).
export function deviceConfirmPage(form, clientName, userCode) {
    return page('Confirm the device', `  <p><strong>${escapeHtml(clientName)}</strong> on a device that shows this code:</p>
  <p><code id="device-user-code">${escapeHtml(userCode)}</code></p>
  ${form}
  <button id="device-confirm-button" type="submit" form="op.deviceConfirmForm">Continue</button>
  <button id="device-abort-button" type="submit" form="op.deviceConfirmForm" name="abort" value="yes">Cancel</button>`);
}

export function deviceSuccessPage(clientName) {
    return page('Device connected', `  <p id="device-success">${escapeHtml(clientName)} is signed in on your device. You can close this page.</p>`);
}

// features.rpInitiatedLogout.logoutSource: form is oidc-provider's (id op.logoutForm).
export function logoutPage(form) {
    return page('Sign out?', `  ${form}
  <button id="sign-out-button" type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>
  <button id="stay-button" type="submit" form="op.logoutForm">Stay signed in</button>`);
}

export function logoutSuccessPage() {
    return page('Signed out', '  <p id="signed-out">You are signed out.</p>');
}

// renderError: out holds error and error_description (never a secret).
export function errorPage(out) {
    const rows = Object.entries(out).map(([key, value]) =>
        `    <dt>${escapeHtml(key)}</dt><dd id="error-${escapeHtml(key)}">${escapeHtml(value)}</dd>`).join('\n');
    return page('Sign-in failed', `  <dl>\n${rows}\n  </dl>`);
}

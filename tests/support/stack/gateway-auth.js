// The gateway's access token check (njs, run by nginx's auth_request in `stack.mjs --idp`): the
// request must carry "Authorization: Bearer <JWT>" where the JWT is an access token of the
// OpenID Provider (RFC 9068: typ at+jwt, RS256) whose signature verifies against the provider's
// JWKS, whose iss is the provider, whose aud holds this gateway, and which has not expired.
//
// Written for njs 0.7 (Debian 12): no optional chaining, no JWK import (the RSA key is turned
// into SPKI DER), no shared memory (the JWKS comes through an internal location, cached by nginx).
//
// Variables set by the location: $gateway_issuer, $gateway_audience, and $gateway_jwks_uri, the
// internal location that answers the JWKS.

var realm = 'streamcanvas-gateway';
// Clocks of one machine: a second of leeway for the iat/nbf checks only.
var leewaySeconds = 1;

function deny(r, error, description) {
    var value = 'Bearer realm="' + realm + '"';
    if (error)
        value += ', error="' + error + '", error_description="' + description + '"';
    r.headersOut['WWW-Authenticate'] = value;
    r.warn('gateway: access token refused: ' + (description || 'no bearer token'));
    r.return(401);
}

function base64UrlBytes(text) {
    if (!/^[A-Za-z0-9_-]*$/.test(text))
        throw new Error('not base64url');
    return Buffer.from(text, 'base64url');
}

function derLength(length) {
    if (length < 0x80)
        return [length];
    var bytes = [];
    while (length > 0) {
        bytes.unshift(length & 0xff);
        length = length >> 8;
    }
    return [0x80 | bytes.length].concat(bytes);
}

function der(tag, content) {
    return [tag].concat(derLength(content.length), content);
}

function derUnsignedInteger(bytes) {
    var content = Array.prototype.slice.call(bytes);
    while (content.length > 1 && content[0] === 0)
        content.shift();
    if (content[0] & 0x80)
        content.unshift(0);
    return der(0x02, content);
}

// SubjectPublicKeyInfo of an RSA public key, for crypto.subtle.importKey('spki', ...).
function rsaSpki(jwk) {
    var rsaKey = der(0x30, derUnsignedInteger(base64UrlBytes(jwk.n)).concat(derUnsignedInteger(base64UrlBytes(jwk.e))));
    // rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters
    var algorithm = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00];
    return new Uint8Array(der(0x30, algorithm.concat(der(0x03, [0x00].concat(rsaKey)))));
}

function parseJson(bytes) {
    var value = JSON.parse(bytes.toString());
    if (value === null || typeof value !== 'object' || Array.isArray(value))
        throw new Error('not a JSON object');
    return value;
}

async function findKey(r, kid) {
    var reply = await r.subrequest(r.variables.gateway_jwks_uri);
    if (reply.status !== 200)
        throw new Error('the JWKS answered ' + reply.status);
    var keys = JSON.parse(reply.responseText).keys || [];
    for (var i = 0; i < keys.length; ++i) {
        var key = keys[i];
        if (key.kid === kid && key.kty === 'RSA' && (key.use === undefined || key.use === 'sig')
            && (key.alg === undefined || key.alg === 'RS256'))
            return key;
    }
    return null;
}

function hasAudience(aud, audience) {
    if (typeof aud === 'string')
        return aud === audience;
    return Array.isArray(aud) && aud.indexOf(audience) >= 0;
}

async function verify(r) {
    var header = r.headersIn.Authorization;
    var match = header ? /^Bearer +([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+) *$/i.exec(header) : null;
    if (!header || !/^Bearer /i.test(header))
        return deny(r, null, null);
    if (!match)
        return deny(r, 'invalid_token', 'The access token is not a JWT.');

    var protectedHeader;
    var claims;
    try {
        protectedHeader = parseJson(base64UrlBytes(match[1]));
        claims = parseJson(base64UrlBytes(match[2]));
    } catch (e) {
        return deny(r, 'invalid_token', 'The access token cannot be read.');
    }
    if (protectedHeader.alg !== 'RS256')
        return deny(r, 'invalid_token', 'The access token is not signed with RS256.');
    if (typeof protectedHeader.typ !== 'string' || protectedHeader.typ.toLowerCase().replace(/^application\//, '') !== 'at+jwt')
        return deny(r, 'invalid_token', 'The token is not an access token (typ at+jwt).');

    var key;
    try {
        key = await findKey(r, protectedHeader.kid);
    } catch (e) {
        r.error('gateway: cannot get the signing keys: ' + e);
        return r.return(500);
    }
    if (key === null)
        return deny(r, 'invalid_token', 'The access token is signed with an unknown key.');

    var valid = false;
    try {
        var cryptoKey = await crypto.subtle.importKey('spki', rsaSpki(key),
            { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
        valid = await crypto.subtle.verify({ name: 'RSASSA-PKCS1-v1_5' }, cryptoKey,
            base64UrlBytes(match[3]), Buffer.from(match[1] + '.' + match[2]));
    } catch (e) {
        r.error('gateway: signature check failed to run: ' + e);
        valid = false;
    }
    if (!valid)
        return deny(r, 'invalid_token', 'The access token signature is invalid.');

    var now = Date.now() / 1000;
    if (claims.iss !== r.variables.gateway_issuer)
        return deny(r, 'invalid_token', 'The access token is from another issuer.');
    if (!hasAudience(claims.aud, r.variables.gateway_audience))
        return deny(r, 'invalid_token', 'The access token is for another audience.');
    if (typeof claims.exp !== 'number' || claims.exp <= now)
        return deny(r, 'invalid_token', 'The access token expired.');
    if (typeof claims.nbf === 'number' && claims.nbf > now + leewaySeconds)
        return deny(r, 'invalid_token', 'The access token is not valid yet.');
    if (typeof claims.iat === 'number' && claims.iat > now + leewaySeconds)
        return deny(r, 'invalid_token', 'The access token was issued in the future.');

    r.return(204);
}

export default { verify: verify };

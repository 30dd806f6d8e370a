// Checks the Linux policy files against streamcanvas-policies.schema.json with Ajv, a
// standard JSON Schema validator, in strict mode: the examples must pass and documents with
// a wrong value must fail, so a schema that accepts everything fails this check too. The Jamf
// Pro manifest is compiled as well (non-strict: it carries Jamf's own keywords) and must
// accept the examples' values and reject wrong ones.
//
//   node validate.mjs SCHEMA JAMF_MANIFEST EXAMPLE...
//
// Needs `npm ci` in this folder (tools/setup.sh runs it).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

let Ajv2020, Ajv, addFormats;
try {
    Ajv2020 = (await import('ajv/dist/2020.js')).default;
    Ajv = (await import('ajv')).default;
    addFormats = (await import('ajv-formats')).default;
} catch (error) {
    console.error(`policy-check: ${error.message}\nRun tools/setup.sh (npm ci in tests/support/policy-check).`);
    process.exit(2);
}

const [schemaPath, jamfPath, ...examplePaths] = process.argv.slice(2);
if (!schemaPath || !jamfPath || examplePaths.length === 0) {
    console.error('usage: node validate.mjs SCHEMA JAMF_MANIFEST EXAMPLE...');
    process.exit(2);
}
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

// Documents each schema must reject: one wrong thing each.
const wrongDocuments = [
    ['a list item of the wrong type', { AllowedModels: [42] }],
    ['an unknown policy', { NoSuchPolicy: true }],
    ['a number out of range', { HistoryRetentionDays: 5000 }],
    ['an unknown enum value', { AuthMode: 'kerberos' }],
    ['a boolean as a string', { AllowExport: 'false' }],
    ['a URL that is not one', { GatewayUrl: 'not a url' }],
    ['a pin that is not a SHA-256 hash', { PinnedPublicKeys: { 'ai.example.com': ['short'] } }],
    ['an unknown timeout', { RequestTimeouts: { connectSeconds: 10, totalSeconds: 10 } }],
    ['a timeout out of range', { RequestTimeouts: { connectSeconds: 0 } }],
];
// Jamf Pro's form builder ignores formats, patterns and unknown keys; the rest still holds.
const wrongForJamf = new Set(['a list item of the wrong type', 'a number out of range', 'an unknown enum value',
    'a boolean as a string', 'a timeout out of range']);

let passed = 0;
let failed = 0;
const check = (ok, what, errors) => {
    if (ok) {
        passed++;
        return;
    }
    failed++;
    console.error(`FAIL: ${what}`);
    if (errors)
        console.error(JSON.stringify(errors, null, 2));
};

const linux = new Ajv2020({ strict: true, allErrors: true });
addFormats(linux);
const validateFile = linux.compile(readJson(schemaPath));
const examples = examplePaths.map((path) => [basename(path), readJson(path)]);
for (const [name, document] of examples)
    check(validateFile(document), `${name} is valid`, validateFile.errors);
for (const [what, document] of wrongDocuments)
    check(!validateFile(document), `the schema rejects ${what}: ${JSON.stringify(document)}`);

const jamf = new Ajv({ strict: false, allErrors: true });
const manifest = readJson(jamfPath);
const validateJamf = jamf.compile(manifest);
for (const [name, document] of examples) {
    const known = Object.fromEntries(Object.entries(document).filter(([key]) => key in manifest.properties));
    check(Object.keys(known).length === Object.keys(document).length, `the Jamf manifest has every key of ${name}`);
    check(validateJamf(known), `the Jamf manifest accepts ${name}`, validateJamf.errors);
}
for (const [what, document] of wrongDocuments.filter(([what]) => wrongForJamf.has(what)))
    check(!validateJamf(document), `the Jamf manifest rejects ${what}: ${JSON.stringify(document)}`);

console.log(`policy-check: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

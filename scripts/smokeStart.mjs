// CI, after `npm run build`: the compiled gateway starts as production runs it (node on dist/), with
// the sandbox allowed explicitly, answers a query and serves the ops console (files found from dist/),
// then stops cleanly on SIGTERM. Exits 1 otherwise.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const TIMEOUT_MS = 120_000;
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const gateway = spawn(process.execPath, ['--enable-source-maps', 'dist/main.js'], {
  cwd: new URL('..', import.meta.url),
  env: {
    ...process.env,
    NODE_ENV: 'production',
    SANDBOX: 'true',
    PORT: '0',
    LOG_LEVEL: 'warn',
    // Own schemas when DATABASE_URL points at a shared server; the embedded PostgreSQL otherwise.
    DATABASE_SCHEMA: 'smoke_start',
    QUEUE_SCHEMA: 'smoke_start_queue',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const exited = new Promise((resolve) => gateway.on('exit', (code) => resolve(code)));
const fail = (message) => {
  console.error(`smoke start failed: ${message}`);
  gateway.kill('SIGKILL');
  process.exit(1);
};
const timer = setTimeout(() => fail(`no "listening" line within ${TIMEOUT_MS / 1000} s`), TIMEOUT_MS);

let output = '';
const port = await new Promise((resolve) => {
  const onExit = (code) => fail(`exited with ${code} before listening:\n${output}`);
  gateway.once('exit', onExit);
  gateway.stdout.on('data', (chunk) => {
    output += chunk.toString();
    const match = /listening on http:\/\/\S+?:(\d+)\/graphql/.exec(output);
    if (!match) return;
    gateway.off('exit', onExit);
    resolve(match[1]);
  });
});
const base = `http://127.0.0.1:${port}`;

const answer = await fetch(`${base}/graphql`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query: '{ gatewayVersion }' }),
}).then((response) => response.json());
if (answer?.data?.gatewayVersion !== version) fail(`{ gatewayVersion } answered ${JSON.stringify(answer)}`);
const adminPage = await fetch(`${base}/admin`);
if (adminPage.status !== 200) fail(`GET /admin answered ${adminPage.status}`);

gateway.kill('SIGTERM');
const code = await exited;
clearTimeout(timer);
if (code !== 0) fail(`exited with ${code} after SIGTERM`);
process.stdout.write(`smoke start: dist/main.js v${version} listened on ${port}, answered, stopped cleanly\n`);

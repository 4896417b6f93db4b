import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { writesPrettyLogs } from '../../src/observability/createLogger.js';

const ROOT = new URL('../../', import.meta.url);
const run = promisify(execFile);
const LOG_ONCE = `${JSON.stringify(process.execPath)} --import tsx tests/fixtures/logOnce.ts`;
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/** stdout of one logged line, through a pipe or, with `terminal`, through a pseudo-terminal (util-linux `script`). */
async function logOnce(env: Record<string, string>, terminal: boolean): Promise<string> {
  const options = { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } };
  const { stdout } = terminal
    ? await run('script', ['-qec', LOG_ONCE, '/dev/null'], options)
    : await run(process.execPath, ['--import', 'tsx', 'tests/fixtures/logOnce.ts'], options);
  return stdout.replace(ANSI, '').replace(/\r/g, '');
}

describe('log format', () => {
  it('is JSON through a pipe: one parseable line with the request id, credentials redacted', async () => {
    const lines = (await logOnce({}, false)).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 30, msg: 'hello from the logger', requestId: 'req-42', token: '[redacted]' });
  });

  it('is human-readable on a terminal: one line with level, message and fields, credentials still redacted', async () => {
    const lines = (await logOnce({}, true)).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[\d{2}:\d{2}:\d{2}\.\d{3}\] INFO: hello from the logger /);
    expect(lines[0]).toContain('"requestId":"req-42"');
    expect(lines[0]).toContain('[redacted]');
    expect(lines[0]).not.toContain('secret-123');
    expect(() => JSON.parse(lines[0]!)).toThrow();
  });

  it('stays JSON on a terminal with LOG_FORMAT=json', async () => {
    const lines = (await logOnce({ LOG_FORMAT: 'json' }, true)).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'hello from the logger', requestId: 'req-42' });
  });

  it('decides from the setting and the terminal', () => {
    expect(writesPrettyLogs('auto', true)).toBe(true);
    expect(writesPrettyLogs('auto', false)).toBe(false);
    expect(writesPrettyLogs('json', true)).toBe(false);
    expect(writesPrettyLogs('pretty', false)).toBe(true);
  });
});

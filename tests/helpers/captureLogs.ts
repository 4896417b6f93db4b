import { Writable } from 'node:stream';

/** One pino line, parsed. */
export type LogLine = Record<string, unknown> & { level: number; msg?: string };

/** A pino destination that keeps every line the gateway writes, for tests that read its logs. */
export function captureLogs(): { destination: Writable; lines: LogLine[] } {
  const lines: LogLine[] = [];
  let pending = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      pending += chunk.toString('utf8');
      const complete = pending.split('\n');
      pending = complete.pop() ?? '';
      for (const line of complete) if (line !== '') lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { destination, lines };
}

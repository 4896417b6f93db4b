/** The parts of V8's `.cpuprofile` format a summary reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

type CallFrame = CpuProfile['nodes'][number]['callFrame'];

/** Where a frame's time belongs; the first match wins. Ordered from the most to the least specific. */
const AREAS: [area: string, matches: (frame: CallFrame) => boolean][] = [
  ['idle', (f) => f.functionName === '(idle)'],
  ['garbage collection', (f) => f.functionName === '(garbage collector)'],
  ['response serialization', (f) => f.functionName === 'prettyJSONStringify' || (f.url === '' && /^(stringify|JSON\.stringify)$/.test(f.functionName))],
  ['upstream JSON parsing', (f) => f.functionName === 'parseJson' && f.url.includes('/src/connectors/')],
  ['GraphQL parse + validate', (f) => /node_modules\/graphql\/(language|validation)\//.test(f.url)],
  ['GraphQL execution', (f) => /node_modules\/graphql\//.test(f.url)],
  ['Apollo Server', (f) => /node_modules\/@apollo\//.test(f.url)],
  ['query analysis (cost, armor, graphql-tools)', (f) => /node_modules\/(@graphql-tools|@escape\.tech|graphql-query-complexity)\//.test(f.url)],
  ['Switchyard GraphQL (resolvers, plugins)', (f) => /\/src\/graphql\//.test(f.url)],
  ['Switchyard connectors', (f) => /\/src\/connectors\//.test(f.url)],
  ['upstream answer validation (zod)', (f) => /node_modules\/zod\//.test(f.url)],
  ['circuit breaker (opossum)', (f) => /node_modules\/opossum\//.test(f.url)],
  ['DataLoader', (f) => /node_modules\/dataloader\//.test(f.url)],
  ['HTTP client (got)', (f) => /node_modules\/(got|@szmarczak|@sindresorhus|cacheable-\w+|http2-wrapper|decompress-response|mimic-response|responselike|lowercase-keys|p-cancelable|form-data-encoder|normalize-url|keyv)\//.test(f.url)],
  ['HTTP server (Fastify)', (f) => /node_modules\/(fastify|@fastify|find-my-way|avvio|light-my-request|@as-integrations|fast-json-stringify|secure-json-parse)\//.test(f.url)],
  ['logging (pino)', (f) => /node_modules\/(pino|sonic-boom|thread-stream|fast-redact|on-exit-leak-free)/.test(f.url)],
  ['metrics (prom-client)', (f) => /node_modules\/(prom-client|tdigest|bintrees)\//.test(f.url)],
  ['Sentry / OpenTelemetry instrumentation', (f) => /node_modules\/(@sentry|@opentelemetry|import-in-the-middle|require-in-the-middle)/.test(f.url)],
  ['Switchyard auth, limits, HTTP, observability', (f) => /\/src\/(auth|limits|http|observability)\//.test(f.url)],
  ['other Switchyard code', (f) => /\/src\//.test(f.url)],
  ['other dependencies', (f) => /node_modules\//.test(f.url)],
  ['Node.js core (net, http, streams, timers)', (f) => f.url.startsWith('node:')],
  ['V8 / native', () => true],
];

// Every stack starts in them (the root, the event loop's callbacks), so on the stack they say nothing.
const UNSPECIFIC = new Set(['V8 / native', 'Node.js core (net, http, streams, timers)']);

const areaOf = (frame: CallFrame) => AREAS.find(([, matches]) => matches(frame))![0];

function table(title: string, rows: [string, number][], busyMicros: number, requests: number): string {
  const lines = rows
    .sort((a, b) => b[1] - a[1])
    .map(([name, micros]) =>
      `  ${name.padEnd(48)} ${(micros / 1000).toFixed(0).padStart(7)} ms  ${((100 * micros) / busyMicros).toFixed(1).padStart(5)} %  ${(micros / Math.max(requests, 1)).toFixed(0).padStart(6)} µs/request`,
    );
  return [title, ...lines].join('\n');
}

/**
 * CPU time inside the window by area: self time (the frame on top of the stack) and inclusive time
 * (the area anywhere on the stack, counted once per sample), per request, and the hottest functions.
 */
export function summariseProfile(profile: CpuProfile, window: { from: number; to: number; requests: number }): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const hotFunctions = new Map<string, number>();
  let busy = 0;
  let idle = 0;
  let at = profile.startTime;
  profile.samples.forEach((sampleId, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    at += delta;
    if (at < window.from || at > window.to) return;
    const frame = byId.get(sampleId)!.callFrame;
    const area = areaOf(frame);
    if (area === 'idle') {
      idle += delta;
      return;
    }
    busy += delta;
    self.set(area, (self.get(area) ?? 0) + delta);
    const where = frame.url ? `${frame.url.replace(/^file:\/\/.*?\/(node_modules|src)\//, '$1/')}:${frame.lineNumber + 1}` : '(native)';
    const name = `${frame.functionName || '(anonymous)'} ${where}`;
    hotFunctions.set(name, (hotFunctions.get(name) ?? 0) + delta);
    const seen = new Set<string>();
    for (let id: number | undefined = sampleId; id !== undefined; id = parentOf.get(id)) seen.add(areaOf(byId.get(id)!.callFrame));
    for (const name of seen) if (!UNSPECIFIC.has(name)) inclusive.set(name, (inclusive.get(name) ?? 0) + delta);
  });
  if (busy === 0) return 'No samples fell inside the load window: the profile and this process disagree on the clock.';

  const top = [...hotFunctions].sort((a, b) => b[1] - a[1]).slice(0, 15);
  return [
    `CPU profile of the load window: ${(busy / 1000).toFixed(0)} ms busy, ${(idle / 1000).toFixed(0)} ms idle, ${window.requests} requests, ` +
      `${(busy / Math.max(window.requests, 1) / 1000).toFixed(2)} ms CPU per request`,
    table('Self time by area:', [...self], busy, window.requests),
    table('Inclusive time by area (anywhere on the stack):', [...inclusive], busy, window.requests),
    ['Hottest functions (self time):', ...top.map(([name, micros]) => `  ${((100 * micros) / busy).toFixed(1).padStart(5)} %  ${name}`)].join('\n'),
  ].join('\n\n');
}

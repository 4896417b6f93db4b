import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export interface GatewayProcess {
  readonly graphqlUrl: string;
  readonly sandboxUrls: Record<string, string>;
  stop(): Promise<void>;
}

/** Runs `src/main.ts` (gateway plus sandbox) as its own process, so load and gateway do not share a CPU thread. */
export async function startGatewayProcess(env: Record<string, string> = {}): Promise<GatewayProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: new URL('../', import.meta.url),
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  for (let i = 0; i < 600 && !/Sandbox systems: .*\n/.test(output); i += 1) {
    if (child.exitCode !== null) throw new Error(`gateway exited with ${child.exitCode}:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
  const systems = /Sandbox systems: (.*)\n/.exec(output)?.[1];
  if (!url || !systems) throw new Error(`gateway did not start:\n${output}`);
  const sandboxUrls = Object.fromEntries(systems.split(', ').map((entry) => entry.split(' ') as [string, string]));
  return {
    graphqlUrl: url.replace('localhost', '127.0.0.1'),
    sandboxUrls,
    async stop() {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

import { CONFIG_VARIABLES } from './config/index.js';

/** .env.example is generated from the configuration's own table, so it cannot drift from what is read. */
export function renderEnvExample(): string {
  const lines = [
    '# Switchyard configuration. Every variable, its default and its meaning.',
    '# Generated from src/config/ by `npm run env:example`; edit there, not here.',
    '# With no *_BASE_URL set, `npm start` runs the simulated systems (sandbox) and needs nothing else.',
    '',
  ];
  for (const variable of CONFIG_VARIABLES) {
    lines.push(`# ${variable.meaning}`, `${variable.name}=${variable.default}`, '');
  }
  return lines.join('\n');
}

import { writeFileSync } from 'node:fs';
import { renderEnvExample } from '../src/envExample.js';

writeFileSync(new URL('../.env.example', import.meta.url), renderEnvExample());
console.log('wrote .env.example');

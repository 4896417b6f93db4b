// `npm run build` step after tsc: files the gateway reads beside its modules at run time (the ops
// console's HTML, CSS and browser scripts) are copied from src/ to dist/ at the same relative path,
// so code that finds them through import.meta.url works compiled as it does under tsx.
import { cpSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath, URL } from 'node:url';

const src = fileURLToPath(new URL('../src/', import.meta.url));
const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const compiledOrDocumentation = new Set(['.ts', '.md']);

let copied = 0;
for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || compiledOrDocumentation.has(extname(entry.name))) continue;
  const relative = join(entry.parentPath, entry.name).slice(src.length);
  cpSync(join(src, relative), join(dist, relative));
  copied += 1;
}
console.log(`copied ${copied} asset files to dist/`);

/**
 * Checks docs/widget.md against custom-elements.json: every attribute, public
 * property, method, event, part, CSS custom property and slot of <whatsapp-signup>
 * in the generated manifest must appear in the reference (as `name`). Run after
 * the build (which generates the manifest).
 */
import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('../custom-elements.json', import.meta.url), 'utf8'));
const docs = readFileSync(new URL('../../docs/widget.md', import.meta.url), 'utf8');
const element = manifest.modules
  .flatMap((module) => module.declarations ?? [])
  .find((declaration) => declaration.tagName === 'whatsapp-signup');
if (!element) throw new Error('custom-elements.json has no <whatsapp-signup>');

const names = [
  ...(element.attributes ?? []).map((item) => item.name),
  ...(element.members ?? []).map((item) => (item.kind === 'method' ? `${item.name}()` : item.name)),
  ...(element.events ?? []).map((item) => item.name),
  ...(element.cssParts ?? []).map((item) => item.name),
  ...(element.cssProperties ?? []).map((item) => item.name),
  ...(element.slots ?? []).map((item) => item.name),
];
const missing = names.filter((name) => !docs.includes(`\`${name}\``));
if (missing.length > 0) {
  console.error(`docs/widget.md does not document: ${missing.join(', ')}`);
  process.exit(1);
}
console.log(`docs-check: docs/widget.md documents all ${names.length} names of custom-elements.json`);

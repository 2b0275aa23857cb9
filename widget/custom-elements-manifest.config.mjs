/**
 * custom-elements.json from the JSDoc of the element (`@fires`, `@csspart`,
 * `@cssprop`, `@slot`), with the analyzer's Lit support.
 *
 * One clean-up plugin: the analyzer lists Lit's internal reactive state
 * (`_phase`, …) as attributes and private members as fields, and reads the element's templated
 * `dispatchEvent(new CustomEvent(\`whatsapp-signup-${name}\`))` as a nameless event;
 * both are dropped (the events are documented with `@fires`).
 */
const dropInternals = {
  name: 'drop-internals',
  packageLinkPhase({ customElementsManifest }) {
    for (const module of customElementsManifest.modules ?? []) {
      for (const declaration of module.declarations ?? []) {
        if (declaration.attributes) {
          declaration.attributes = declaration.attributes.filter(
            (attribute) => !attribute.name.startsWith('_'),
          );
        }
        if (declaration.members) {
          declaration.members = declaration.members.filter(
            (member) => member.privacy !== 'private' && !/^[_#]/.test(member.name),
          );
        }
        if (declaration.events) declaration.events = declaration.events.filter((event) => event.name);
      }
    }
  },
};

export default {
  globs: ['src/whatsapp-signup.ts', 'src/template-composer/whatsapp-template-composer.ts'],
  outdir: '.',
  litelement: true,
  plugins: [dropInternals],
};

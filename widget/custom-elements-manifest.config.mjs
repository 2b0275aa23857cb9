/** custom-elements.json from the JSDoc of the element (`@fires`, `@csspart`, `@cssprop`, `@slot`). */
export default {
  globs: ['src/whatsapp-signup.ts'],
  outdir: '.',
  litelement: true,
};

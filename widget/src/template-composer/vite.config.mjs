/**
 * The composer's script-tag bundle: `dist/whatsapp-template-composer.js`, one minified ES module with Lit
 * inside, entry the composer's define module. The widget's own Vite settings with another entry, built
 * separately so that neither bundle shares a chunk with the other (the signup bundle stays as it is).
 * Run from `widget/`: `vite build -c src/template-composer/vite.config.mjs`. (JavaScript, so that the
 * package build, which compiles `src/`, leaves it alone.)
 */
import { mergeConfig } from 'vite';
import base from '../../vite.config.ts';

export default mergeConfig(base, {
  build: {
    lib: {
      entry: 'src/template-composer/define.ts',
      fileName: () => 'whatsapp-template-composer.js',
    },
  },
});

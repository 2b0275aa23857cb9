/**
 * The script-tag bundle: `dist/whatsapp-signup.js`, one minified ES module with Lit
 * inside, entry the define module. Workspace packages resolve to their TypeScript
 * source through the `source` export condition.
 */
import { defineConfig, type Plugin } from 'vite';

/** Minifies the CSS of `src/styles.ts` (one css`` literal without expressions). */
function minifyStyles(): Plugin {
  return {
    name: 'minify-styles',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('/src/styles.ts')) return null;
      return code.replace(/css`([^`]*)`/, (_, text: string) => {
        const minified = text
          .replace(/\s+/g, ' ')
          .replace(/\s*([{};,>])\s*/g, '$1')
          .replace(/:\s+/g, ':')
          .replace(/([^\d])0\./g, '$1.')
          .replace(/;}/g, '}')
          .trim();
        return `css\`${minified}\``;
      });
    },
  };
}

/**
 * Collapses the indentation inside template literals (Lit's html`` and css``),
 * which the minifier keeps verbatim. After minification the code is one line, so
 * every newline left is inside a template literal, where HTML and CSS treat a
 * run of white space like one space; white space between two tags is dropped
 * (the element's layout does not depend on it).
 */
function collapseTemplateWhitespace(): Plugin {
  return {
    name: 'collapse-template-whitespace',
    // generateBundle runs after minification (renderChunk runs before it).
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type === 'chunk') chunk.code = chunk.code.replace(/\n[\t ]*/g, ' ').replace(/> </g, '><');
      }
    },
  };
}

export default defineConfig({
  plugins: [minifyStyles(), collapseTemplateWhitespace()],
  resolve: { conditions: ['source', 'browser', 'module', 'import', 'default'] },
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2022',
    minify: true,
    // No source map: the whitespace pass above would shift its columns.
    sourcemap: false,
    reportCompressedSize: false,
    // Lib mode keeps whitespace in ES output by default; this file is for script tags, not bundlers.
    rolldownOptions: { output: { minify: true } },
    lib: {
      entry: 'src/define.ts',
      formats: ['es'],
      fileName: () => 'whatsapp-signup.js',
    },
  },
});

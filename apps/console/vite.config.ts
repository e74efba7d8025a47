import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

// Workspace libraries from their sources: the bundler keeps only what the console imports (both are
// free of side effects), and the SDK's runtime is browser code (fetch, URL, AbortController).
const source = (lib: string) => fileURLToPath(new URL(`../../libs/${lib}/src/index.ts`, import.meta.url));
// The gateway's route table only: the rest of @latchkey/api-routes imports auth-core (Node crypto).
const routeTable = fileURLToPath(new URL('../../libs/api-routes/src/table.ts', import.meta.url));

/**
 * The console's Content-Security-Policy (`style-src 'self'`) refuses `<style>` tags made at run time.
 * Two libraries make them: Sonner (the toasts) injects its stylesheet when imported — its own
 * `dist/styles.css` is imported instead, so it ships in the console's CSS file — and the scroll lock
 * under Radix's modal dialogs (react-style-singleton) adds one per dialog — switched off; the one
 * rule that matters, `body[data-scroll-locked] { overflow: hidden }`, is in the console's own CSS.
 * A library that injects differently fails the build rather than the CSP.
 */
function noRuntimeStyleTags(): Plugin {
  return {
    name: 'latchkey-no-runtime-style-tags',
    enforce: 'pre',
    transform(code, id) {
      if (/[\\/]sonner[\\/]dist[\\/]index\.m?js$/.test(id)) {
        const injection = /__insertCSS\("(?:[^"\\]|\\.)*"\);?/;
        if (!injection.test(code)) throw new Error(`${id}: Sonner no longer injects its CSS as expected`);
        return { code: code.replace(injection, "import 'sonner/dist/styles.css';"), map: null };
      }
      if (/[\\/]react-style-singleton[\\/]dist[\\/][^/\\]+[\\/]singleton\.js$/.test(id)) {
        const tag = 'if ((stylesheet = makeStyleTag()))';
        if (!code.includes(tag)) throw new Error(`${id}: react-style-singleton changed; check the CSP`);
        return { code: code.replace(tag, 'if ((stylesheet = null))'), map: null };
      }
      return undefined;
    },
  };
}

/**
 * The console is plain static files served by the gateway under /console, and it talks only to
 * the gateway's API on the same origin. In development, `vite` proxies the API to a local gateway.
 */
export default defineConfig({
  base: '/console/',
  plugins: [noRuntimeStyleTags(), react()],
  // Not pre-bundled in development, so the plugin above applies there too.
  optimizeDeps: { exclude: ['sonner'] },
  resolve: {
    alias: {
      '@latchkey/contracts': source('contracts'),
      '@latchkey/sdk': source('sdk'),
      '@latchkey/api-routes/table': routeTable,
    },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    proxy: Object.fromEntries(
      ['/auth', '/admin', '/audit', '/v1', '/.well-known'].map((path) => [
        path,
        process.env['LATCHKEY_GATEWAY_URL'] ?? 'http://localhost:8080',
      ]),
    ),
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.tsx', 'src/**/*.test.ts'],
    setupFiles: ['src/test/setup.ts'],
    css: false,
    // user-event types key by key; on a busy two-core machine a form test can take seconds.
    testTimeout: 30_000,
  },
});

// The module graph inside each app (docs: "Module conventions"; checked by
// tools/architecture/module-graph.spec.ts, which runs this over apps/<app>/src).
// `npx depcruise --output-type err apps/<app>/src` shows the same from the command line.
//
// An app's src/ holds one folder per capability (plus infrastructure folders: config/, database/,
// docs/, seed/), each with an index.ts that is its public surface. The rules keep that true:
// another folder reaches in only through the index, files never import in a circle, and an app
// never imports another app (apps share code through libs/).
const { readdirSync } = require('node:fs');
const { join } = require('node:path');

/** Package names of the apps: `@latchkey/gateway` in an app is another app even when unresolved. */
const APP_PACKAGES = readdirSync(join(__dirname, 'apps'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A file that depends on itself through others: neither can change or be understood alone. ' +
        'Move what both need down into a lower folder (or a lib).',
      from: { path: '^apps/[^/]+/src/' },
      to: { circular: true },
    },
    {
      name: 'capability-through-index',
      severity: 'error',
      comment:
        "A folder imports another folder only through its index.ts (`from '../keys'`), never a file " +
        "behind it (`from '../keys/keys.service'`): the index is the capability's public surface.",
      // $1 = the app, $2 = the folder the importing file is in.
      from: { path: '^apps/([^/]+)/src/([^/]+)/' },
      to: {
        path: '^apps/$1/src/[^/]+/',
        pathNot: ['^apps/$1/src/$2/', '^apps/$1/src/[^/]+/index\\.tsx?$'],
      },
    },
    {
      name: 'no-cross-app',
      severity: 'error',
      comment: 'Apps are deployed apart and never import each other: shared code belongs in libs/.',
      from: { path: '^apps/([^/]+)/' },
      to: { path: [`^apps/(?!$1/)[^/]+/`, `^@latchkey/(${APP_PACKAGES.join('|')})(/|$)`] },
    },
  ],
  options: {
    // Type-only imports couple folders as much as any other.
    tsPreCompilationDeps: true,
    // @latchkey/* resolve to the libs' sources; the libs themselves are not this check's business.
    tsConfig: { fileName: join(__dirname, 'tsconfig.base.json') },
    // Not followed, but still seen: an import of another app's build (apps/x/dist) is reported.
    doNotFollow: { path: ['node_modules', '^libs/', '/dist/'] },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
  },
};

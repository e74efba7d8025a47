import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';

/**
 * Layering is a lint error, not a hope (see docs/architecture.md):
 * contracts imports nothing but zod; auth-core only contracts (and pure crypto helpers);
 * messaging and runtime build on those; apps never import each other.
 */
const LIB_TAGS = ['type:contracts', 'type:auth-core', 'type:messaging', 'type:runtime'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/dist/**', '**/node_modules/**', '.nx/**', '.latchkey/**', 'test-results/**', 'coverage/**'],
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // zod only: the one declaration of each contract (schemas, and the types derived from them).
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [], allowedExternalImports: ['zod'] },
            {
              sourceTag: 'type:auth-core',
              onlyDependOnLibsWithTags: ['type:contracts'],
              // Tests may use fast-check; production code is kept honest by no-restricted-imports below.
              allowedExternalImports: ['node:*', 'jose', 'ulid', 'fast-check'],
            },
            {
              sourceTag: 'type:messaging',
              // type:testing only for *.int-spec.ts (enforced below).
              onlyDependOnLibsWithTags: ['type:contracts', 'type:auth-core', 'type:testing'],
            },
            {
              sourceTag: 'type:runtime',
              onlyDependOnLibsWithTags: ['type:contracts', 'type:auth-core', 'type:messaging'],
            },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: LIB_TAGS },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: [...LIB_TAGS, 'type:testing'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: [...LIB_TAGS, 'type:testing'] },
            // The console runs in the browser and talks only to the gateway: shared contracts only.
            { sourceTag: 'type:console', onlyDependOnLibsWithTags: ['type:contracts'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Test tooling never leaks into production code.
    files: ['{apps,libs}/*/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['@latchkey/testing', 'fast-check'].map((name) => ({
            name,
            message: 'test-only dependency',
          })),
        },
      ],
    },
  },
  {
    // The console: hooks used by the rules, and accessibility checked on every JSX element.
    files: ['apps/console/**/*.tsx', 'apps/console/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  { ...jsxA11y.flatConfigs.recommended, files: ['apps/console/**/*.tsx'] },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', 'e2e/**/*.ts', 'apps/console/**/*.test.tsx'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  prettier,
];

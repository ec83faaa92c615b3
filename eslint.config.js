// ESLint flat config: TypeScript rules everywhere, plus the Electron file-suffix convention
// (STYLE.md): a `.std.ts` file runs anywhere, so it may not touch Electron, Node or the DOM.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Anchored (gitignore syntax): the `electron` package, not a relative path into electron/ (the renderer
// imports the bridge's `.std.ts` types from there).
const nodeOnlyModules = ['/electron', 'node:*', 'fs', 'path', 'os', 'child_process', 'crypto'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'data/**',
      '.tandem-test/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  {
    files: [
      'server/**/*.ts',
      'electron/**/*.ts',
      'e2e/**/*.ts',
      'scripts/**/*.{js,mjs,ts}',
      '*.config.{js,ts}',
    ],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node, ...globals.commonjs } },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
  },
  {
    // Command-line scripts and tests talk to a person through the console.
    files: ['scripts/**', 'e2e/**', '**/*.test.ts', '**/*.test.tsx', '**/*.bench.ts', 'server/main.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.std.ts', '**/*.std.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: nodeOnlyModules,
              message: 'A .std.ts file runs in every context: no Electron and no Node built-ins here.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'process', 'require', '__dirname'].map(
          (name) => ({
            name,
            message: 'A .std.ts file runs in every context: no DOM and no Node globals here.',
          }),
        ),
      ],
    },
  },
  {
    files: ['**/*.dom.ts', '**/*.dom.tsx', 'renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: nodeOnlyModules,
              message: 'Renderer code runs in a sandboxed page: no Electron or Node here.',
            },
          ],
        },
      ],
    },
  },
);

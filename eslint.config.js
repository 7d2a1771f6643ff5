// Lint + the architecture's import boundaries (ARCHITECTURE.md §3):
//   - @google-cloud/* only in functions/adapters/gcp/ and the composition root functions/index.ts
//   - core/ is pure: no adapters, no stages, no sources, no I/O libraries
//   - stages/ and sources/ never import an adapter
import tseslint from 'typescript-eslint';

const CLOUD_SDK = {
  group: ['@google-cloud/*', '!@google-cloud/functions-framework/testing'],
  message:
    'Cloud SDKs are imported only in functions/adapters/gcp/ and functions/index.ts (ARCHITECTURE.md §3).',
};
const ADAPTERS = {
  group: ['**/adapters/**'],
  message: 'Stages, sources and core reach the outside world through ports, never adapters.',
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.pipeline/**',
      '.pipeline-demo/**',
      '.venv/**',
      'terraform/**',
      'build/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-imports': ['error', { patterns: [CLOUD_SDK] }],
    },
  },
  {
    files: ['functions/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            CLOUD_SDK,
            ADAPTERS,
            {
              group: ['**/stages/**', '**/sources/**', '**/cli/**'],
              message: 'core/ is the innermost layer.',
            },
            {
              group: ['@duckdb/*', 'node:fs', 'node:child_process', 'node:http'],
              message: 'core/ does no I/O; use a port.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['functions/stages/**/*.ts', 'functions/sources/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            CLOUD_SDK,
            ADAPTERS,
            { group: ['@duckdb/*'], message: 'Use the Warehouse port.' },
          ],
        },
      ],
    },
  },
  {
    files: [
      'functions/adapters/gcp/**/*.ts',
      'functions/index.ts',
      'test/contract/**/*.ts',
      'test/fakes/**/*.ts',
      'test/support/bundle-probe.ts',
    ],
    rules: { 'no-restricted-imports': 'off' },
  },
);

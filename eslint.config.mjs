// One linter, type-aware. `npm run check` runs it with --max-warnings 0.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'jest.config.js',
      'eslint.config.mjs',
      '.dependency-cruiser.cjs',
      'test/*.js',
      // The tests' OpenID provider: plain ESM run by node in a child process, outside the TS project.
      'apps/api/test/testing/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-restricted-globals': [
        'error',
        { name: 'parseFloat', message: 'Money never goes through floats: use decimal.js.' },
      ],
    },
  },
  {
    // libs/domain stays pure: no framework, no adapter, no I/O, no clock.
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*'], message: 'libs/domain must not depend on Nest.' },
            {
              group: [
                '@ledger/event-store',
                '@ledger/event-store/*',
                'better-sqlite3',
                'pg',
                'kysely',
                'kafkajs',
                '@eventstore/*',
                'fastify',
                'fs',
                'node:*',
                'http',
                'net',
                'child_process',
              ],
              message: 'libs/domain is pure: adapters and I/O live outside it.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/testing/**/*.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);

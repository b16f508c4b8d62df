// Import directions: core/, rules/ and classifiers/ are pure (no I/O, no infrastructure libraries).
// Adapters live in worker/, db/, cli/ (and api/, web/ later).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const infrastructure = [
  'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'net', 'node:net', 'http', 'node:http',
  'https', 'node:https', 'child_process', 'node:child_process', 'worker_threads', 'node:worker_threads',
  'bullmq', 'ioredis', 'pg', 'drizzle-orm', '@electric-sql/pglite', 'fastify', 'imapflow',
  'nodemailer', 'tesseract.js', 'pdf-parse', 'mailparser', 'pino',
];
const infrastructurePatterns = ['drizzle-orm/*', '@electric-sql/*', '**/db/*', '**/worker/*', '**/cli/*', '**/api/*', '**/web/*'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'bench/results/**', 'db/migrations/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['core/**/*.ts', 'rules/**/*.ts', 'classifiers/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: infrastructure.map((name) => ({ name, message: 'core/, rules/ and classifiers/ are pure: take a port instead.' })),
        patterns: [{ group: infrastructurePatterns, message: 'core/, rules/ and classifiers/ must not depend on adapters.' }],
      }],
    },
  },
  {
    files: ['rules/**/*.ts', 'classifiers/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: infrastructure.map((name) => ({ name, message: 'rules/ and classifiers/ are pure.' })),
        patterns: [
          { group: infrastructurePatterns, message: 'rules/ and classifiers/ must not depend on adapters.' },
          { group: ['**/core/stages/*', '**/core/pipeline*'], message: 'rules/ and classifiers/ may only use core/model types.' },
        ],
      }],
    },
  },
);

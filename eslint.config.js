// The design's import directions, enforced so a wrong import fails lint instead of waiting for review:
// - core/, rules/, classifiers/ and sf2900/ (the SF2900 codec) are pure: no I/O, no infrastructure
//   libraries, no adapters.
// - The database libraries (drizzle-orm, pg, PGlite) belong to db/ alone; besides, only the throwaway-database
//   helpers and integration tests (which read rows directly as an oracle independent of the stores) may use them.
// - worker/ never reaches into cli/, api/ or test/; api/ (the HTTP API) never into cli/, web/ or test/; web/ (the
//   pages) never into cli/, worker/ or test/; bench/ never into test/; production code never into
//   tools/ (test doubles and dev servers), except the dev command that starts the FK emulator.
// - No import cycles anywhere (type-only imports are erased at run time and do not count).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const databaseLibraries = ['pg', 'drizzle-orm', '@electric-sql/pglite'];
const databasePatterns = ['drizzle-orm/*', '@electric-sql/pglite/*'];
const infrastructure = [
  'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'net', 'node:net', 'http', 'node:http',
  'https', 'node:https', 'child_process', 'node:child_process', 'worker_threads', 'node:worker_threads',
  'bullmq', 'ioredis', ...databaseLibraries, 'fastify', 'imapflow',
  'nodemailer', 'tesseract.js', 'pdf-parse', 'mailparser', 'pino',
];
const infrastructurePatterns = [...databasePatterns, '@electric-sql/*', '**/db/*', '**/worker/*', '**/cli/*', '**/api/*', '**/web/*', '**/tools/*', '**/test/*', '**/bench/*'];

const DB_ONLY = 'drizzle-orm, pg and PGlite belong in db/: add a query or store function there and call it.';
const databaseOnly = {
  paths: databaseLibraries.map((name) => ({ name, message: DB_ONLY })),
  patterns: [{ group: databasePatterns, message: DB_ONLY }],
};
const pure = (who) => ({
  paths: infrastructure.map((name) => ({ name, message: `${who} pure (no I/O, no infrastructure): take a port instead.` })),
  patterns: [{ group: infrastructurePatterns, message: `${who} must not depend on adapters, tools or tests.` }],
});

const production = ['core', 'rules', 'classifiers', 'db', 'worker', 'cli', 'sf2900', 'api', 'web'];
const directionZones = [
  { target: './worker', from: './cli', message: 'worker/ must not import cli/: move what both need into worker/ or core/.' },
  { target: './worker', from: './test', message: 'worker/ must not import test/: production code cannot depend on test helpers.' },
  { target: './worker', from: './api', message: 'worker/ must not import api/: the command that serves both composes them (cli/).' },
  { target: './api', from: './cli', message: 'api/ must not import cli/: move what both need into api/ or worker/.' },
  { target: './api', from: './test', message: 'api/ must not import test/: production code cannot depend on test helpers.' },
  { target: './api', from: './web', message: 'api/ must not import web/: the web app is registered by the command that serves both (cli/).' },
  { target: './web', from: './cli', message: 'web/ must not import cli/.' },
  { target: './web', from: './test', message: 'web/ must not import test/: production code cannot depend on test helpers.' },
  { target: './web', from: './worker', message: 'web/ must not import worker/: pages act through the API route context (api/context.ts).' },
  { target: './bench', from: './test', message: 'bench/ must not import test/: move shared servers and helpers into tools/.' },
  ...production.map((dir) => ({
    target: `./${dir}`,
    from: './tools',
    message: `${dir}/ must not import tools/ (test doubles and dev servers); only cli/commands/fk-emulator.ts may.`,
  })),
];
const tests = ['**/*.test.ts'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'dist/**', 'bench/results/**', 'db/migrations/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      // .ts files are parsed for the dependency graph; without this no-cycle sees no TypeScript module at all.
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'no-restricted-imports': ['error', databaseOnly],
    },
  },
  {
    // The web app's one browser script.
    files: ['web/assets/**/*.js'],
    languageOptions: { globals: { document: 'readonly', window: 'readonly' } },
  },
  {
    // Production code only: a unit test beside the code may use fakes from test/ and the FK emulator.
    ignores: tests,
    rules: { 'import-x/no-restricted-paths': ['error', { zones: directionZones }] },
  },
  {
    files: ['cli/commands/fk-emulator.ts'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: directionZones.filter((zone) => zone.from !== './tools') }] },
  },
  {
    files: ['db/**/*.ts', 'test/support/test-databases.ts', 'test/support/schema-checks.ts', 'test/support/write-faults.ts', 'test/integration/**/*.test.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['core/**/*.ts', 'rules/**/*.ts', 'classifiers/**/*.ts'],
    ignores: tests,
    rules: { 'no-restricted-imports': ['error', pure('core/, rules/ and classifiers/ are')] },
  },
  {
    files: ['rules/**/*.ts', 'classifiers/**/*.ts'],
    ignores: tests,
    rules: {
      'no-restricted-imports': ['error', {
        paths: pure('rules/ and classifiers/ are').paths,
        patterns: [
          ...pure('rules/ and classifiers/').patterns,
          { group: ['**/core/stages/*', '**/core/pipeline*'], message: 'rules/ and classifiers/ may only use core/model types.' },
        ],
      }],
    },
  },
  {
    files: ['sf2900/**/*.ts'],
    ignores: tests,
    rules: {
      'no-restricted-imports': ['error', {
        paths: pure('sf2900/ (the SF2900 codec) is').paths,
        patterns: [
          ...pure('sf2900/ (the SF2900 codec)').patterns,
          { group: ['**/core/*', '**/rules/*', '**/classifiers/*'], message: 'sf2900/ is a self-contained codec: it knows SOAP and SF2900, nothing of Fordeler.' },
        ],
      }],
    },
  },
);

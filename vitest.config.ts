import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'data/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // OCR and PGlite are CPU- and memory-heavy; the machine has two cores.
    maxWorkers: 2,
  },
});

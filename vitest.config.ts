import { defineConfig } from 'vitest/config';

// Tests import workspace packages by name; the `source` export condition points them at TypeScript sources, so a
// test never runs against a stale dist/. Processes that tests spawn (the collector CLI) run the built dist/.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    include: ['{pricing,instrumentation,collector,dashboards}/{src,test}/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});

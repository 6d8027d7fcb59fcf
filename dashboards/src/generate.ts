// Renders every dashboard to dashboards/generated/*.json. Run it with `npm run dashboards`; the freshness test
// renders in memory and compares with the checked-in files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { features } from './dashboards/features.js';
import { overview } from './dashboards/overview.js';
import { providersModels } from './dashboards/providers-models.js';
import { usersOrgs } from './dashboards/users-orgs.js';
import type { Dashboard } from './grafana-types.js';
import { PAGES, type PageKey } from './navigation.js';

/** Where the generated JSON lives (both from src/ under tests and from dist/ when run). */
export const GENERATED_DIR = fileURLToPath(new URL('../generated/', import.meta.url));

const BUILDERS: Record<PageKey, () => Dashboard> = { overview, features, usersOrgs, providersModels };

/** Every dashboard, in navigation order. */
export function buildDashboards(): Dashboard[] {
  return (Object.keys(PAGES) as PageKey[]).map((key) => BUILDERS[key]());
}

/** File name → exact file content, as written to GENERATED_DIR. */
export function renderDashboards(): Map<string, string> {
  return new Map(
    (Object.keys(PAGES) as PageKey[]).map((key) => [PAGES[key].file, `${JSON.stringify(BUILDERS[key](), null, 2)}\n`] as const),
  );
}

function main(): void {
  mkdirSync(GENERATED_DIR, { recursive: true });
  for (const [file, content] of renderDashboards()) writeFileSync(new URL(file, pathToFileURL(GENERATED_DIR)), content);
  process.stdout.write(`wrote ${[...renderDashboards().keys()].join(', ')} to ${GENERATED_DIR}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();

// The four dashboards' identities and the links between them: a header link to each sibling (keeps the time range
// and every variable) and cell drill-downs that also set the clicked value as the target's variable.
import type { DashboardLink, DataLink } from './grafana-types.js';
import { VARIABLE_NAMES, type VariableName } from './sql.js';

/** uid, title and output file name of each dashboard; uids are fixed so bookmarks and links survive regeneration. */
export const PAGES = {
  overview: { uid: 'costtrace-overview', title: 'costtrace · Overview', file: 'overview.json' },
  features: { uid: 'costtrace-features', title: 'costtrace · Features', file: 'features.json' },
  usersOrgs: { uid: 'costtrace-users-orgs', title: 'costtrace · Users and orgs', file: 'users-orgs.json' },
  providersModels: { uid: 'costtrace-providers-models', title: 'costtrace · Providers and models', file: 'providers-models.json' },
} as const;

export type PageKey = keyof typeof PAGES;

/** Header links to every other dashboard, carrying the time range and all variables. */
export function siblingLinks(current: PageKey): DashboardLink[] {
  return (Object.keys(PAGES) as PageKey[])
    .filter((key) => key !== current)
    .map((key) => ({
      type: 'link',
      title: PAGES[key].title.replace('costtrace · ', ''),
      url: `/d/${PAGES[key].uid}`,
      tooltip: `Open ${PAGES[key].title} with the same time range and filters`,
      icon: 'dashboard',
      tags: [],
      asDropdown: false,
      includeVars: true,
      keepTime: true,
      targetBlank: false,
    }));
}

/**
 * A cell link that opens `page` filtered to the clicked value as `variable`, keeping the time range and the other
 * variables (`queryparam` renders "All" as var-x=$__all, so All stays All).
 */
export function drillDown(page: PageKey, variable: VariableName): DataLink {
  const others = VARIABLE_NAMES.filter((name) => name !== variable).map((name) => `\${${name}:queryparam}`);
  const params = [`var-${variable}=\${__value.raw:percentencode}`, ...others, '${__url_time_range}'];
  return { title: `${PAGES[page].title} for this ${variable}`, url: `/d/${PAGES[page].uid}?${params.join('&')}` };
}

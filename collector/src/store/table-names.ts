// Names of the costtrace database and its tables, in one module the migrations and the rollup definitions share.

export const DATABASE = 'costtrace';
export const COST_EVENTS = `${DATABASE}.cost_events`;
export const PRICE_RULES = `${DATABASE}.price_rules`;
/** Dashboard rollups (migrations 3 and 4); dashboards/src/rollups.ts reads them. */
export const COST_HOURLY = `${DATABASE}.cost_hourly`;
export const COST_DAILY_USERS = `${DATABASE}.cost_daily_users`;
export const COST_DAILY_RUNS = `${DATABASE}.cost_daily_runs`;

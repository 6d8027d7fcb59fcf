// The per-user and per-org rollups (migration 5): each user's calls per UTC day and feature, and per user and per org
// over blocks of 1, 2, 4, … 128 days, so a dashboard range reads a handful of blocks instead of a row per user and day.
import { COST_EVENTS, DATABASE } from './table-names.js';

/** By day, user, feature and org; sorted by user so that a few users' rows are a few short reads. */
export const COST_USER_DAYS = `${DATABASE}.cost_user_days`;
/** By block, user and org: totals, and a bound on any one feature's spend (see feature_spend_bound below). */
export const COST_USER_BLOCKS = `${DATABASE}.cost_user_blocks`;
/** By block, org and feature. */
export const COST_ORG_BLOCKS = `${DATABASE}.cost_org_blocks`;

/** Block levels: level k holds blocks of 2^k days starting at multiples of 2^k days since 1970-01-01 (UTC). */
export const BLOCK_LEVELS = 8;

/*
 * The same rules as the other rollups (schema.ts): a refresh recomputes the whole table from `cost_events FINAL`
 * and replaces it atomically, never an insert trigger. The boundary is the start of the current hour, not day, so
 * the rows cover every call before it and panels read raw only the calls since: today's rows are its hours so far
 * (a day, and every block holding it, is clipped at the boundary). The block views recompute from cost_user_days
 * after each of its refreshes (DEPENDS ON), so all three stop at the same boundary.
 */
const DAY_VIEW = `CREATE MATERIALIZED VIEW IF NOT EXISTS ${COST_USER_DAYS}
      REFRESH EVERY 10 MINUTE
      ENGINE = MergeTree ORDER BY (user_id, day, feature, org_id) SETTINGS index_granularity = 64
      AS WITH toStartOfHour(now('UTC')) AS boundary
      SELECT boundary, toStartOfDay(timestamp) AS day, user_id, feature, org_id, count() AS call_count,
        countIf(cost_usd IS NULL) AS unpriced_count, sum(cost_usd) AS spend_usd, max(timestamp) AS last_call
      FROM ${COST_EVENTS} FINAL
      WHERE timestamp < boundary
      GROUP BY day, user_id, feature, org_id
      SETTINGS do_not_merge_across_partitions_select_final = 1`;

/** Start of the level-`level` block holding `day`. */
const blockStart = (day: string) =>
  `toDateTime(intDiv(toUInt32(${day}), 86400 * bitShiftLeft(toUInt32(1), level)) * 86400 * bitShiftLeft(toUInt32(1), level), 'UTC')`;

/** Every day row once per level, grouped into that level's blocks: `keys` and `blockColumns` per block. */
function blockRows(keys: string[], dayColumns: Record<string, string>, blockColumns: Record<string, string>): string {
  const list = (columns: Record<string, string>) => Object.entries(columns).map(([name, expr]) => `${expr} AS ${name}`);
  return `SELECT any(boundary) AS boundary, level, ${blockStart('day')} AS start, ${keys.join(', ')}, ${list(blockColumns).join(', ')}
        FROM (
          SELECT any(boundary) AS boundary, day, ${keys.join(', ')}, ${list(dayColumns).join(', ')}
          FROM ${COST_USER_DAYS}
          GROUP BY day, ${keys.join(', ')}
        )
        ARRAY JOIN range(${BLOCK_LEVELS}) AS level
        GROUP BY level, start, ${keys.join(', ')}`;
}

const view = (table: string, orderBy: string[], select: string) => `CREATE MATERIALIZED VIEW IF NOT EXISTS ${table}
      REFRESH EVERY 10 MINUTE DEPENDS ON ${COST_USER_DAYS}
      ENGINE = MergeTree ORDER BY (${orderBy.join(', ')})
      AS ${select}`;

const USER_BLOCKS = blockRows(
  ['user_id', 'org_id'],
  { calls: 'sum(call_count)', unpriced: 'sum(unpriced_count)', spend: 'sum(spend_usd)', last: 'max(last_call)', top: 'max(spend_usd)' },
  {
    call_count: 'sum(calls)',
    unpriced_count: 'sum(unpriced)',
    spend_usd: 'sum(spend)',
    last_call: 'max(last)',
    // Sum over the block's days of the user's largest spend on one feature that day: no feature's spend in the
    // block can exceed it, so panels ranking users within each feature skip every user it rules out.
    feature_spend_bound: 'sum(top)',
  },
);

/** How many ranks of each block the panels read (RANKS_READ in dashboards/src/user-rollups.ts; a test checks). */
export const RANKS_READ = 1000;

/*
 * Per block, each user's rank by spend and by feature_spend_bound (over all their orgs; 1 = highest, ties by id), on
 * every row of the user, and each block's RANKS_READ-th user's amount (0 in a block with fewer users): a panel that
 * needs only the users who can rank high reads the first ranks of each block and bounds everyone else by that
 * amount. The rows are sorted by the second rank. One row of each user per block is marked first_of_user, so
 * counting users is counting marked rows (a user in several orgs has a row per org).
 */
const rank = (amount: string) => `toUInt32(dense_rank() OVER (PARTITION BY level, start ORDER BY ${amount} DESC, user_id))`;
const floor = (rank: string, amount: string) => `max(if(${rank} = ${RANKS_READ}, ${amount}, 0)) OVER block`;

const USER_BLOCK_VIEW = view(
  COST_USER_BLOCKS,
  ['level', 'start', 'bound_rank', 'user_id', 'org_id'],
  `SELECT * EXCEPT (user_spend, user_bound),
        ${floor('spend_rank', 'user_spend')} AS spend_floor, ${floor('bound_rank', 'user_bound')} AS bound_floor
      FROM (
        SELECT *, ${rank('user_spend')} AS spend_rank, ${rank('user_bound')} AS bound_rank
        FROM (
          SELECT *, sum(ifNull(spend_usd, 0)) OVER user AS user_spend, sum(ifNull(feature_spend_bound, 0)) OVER user AS user_bound,
            org_id = min(org_id) OVER user AS first_of_user
          FROM (
          ${USER_BLOCKS}
          )
          WINDOW user AS (PARTITION BY level, start, user_id)
        )
      )
      WINDOW block AS (PARTITION BY level, start)`,
);

const ORG_BLOCK_VIEW = view(
  COST_ORG_BLOCKS,
  ['level', 'start', 'org_id', 'feature'],
  blockRows(
    ['org_id', 'feature'],
    { calls: 'sum(call_count)', unpriced: 'sum(unpriced_count)', spend: 'sum(spend_usd)' },
    { call_count: 'sum(calls)', unpriced_count: 'sum(unpriced)', spend_usd: 'sum(spend)' },
  ),
);

/** Refresh order: the day rollup first, the block rollups from it. */
export const USER_ROLLUP_VIEWS = [COST_USER_DAYS, COST_USER_BLOCKS, COST_ORG_BLOCKS];

export const USER_ROLLUP_STATEMENTS = [DAY_VIEW, USER_BLOCK_VIEW, ORG_BLOCK_VIEW];

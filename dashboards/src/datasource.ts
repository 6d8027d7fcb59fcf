// The one ClickHouse datasource every panel and variable uses; provisioning (dashboards/provisioning) declares the
// same uid, and the stack test checks that they agree.
import type { DatasourceRef } from './grafana-types.js';

/** Plugin id of Grafana's official ClickHouse datasource. */
export const DATASOURCE_TYPE = 'grafana-clickhouse-datasource';

/** Fixed uid, so dashboards keep working when the datasource is re-provisioned or renamed. */
export const DATASOURCE_UID = 'costtrace-clickhouse';

export const DATASOURCE: DatasourceRef = { type: DATASOURCE_TYPE, uid: DATASOURCE_UID };

/** Tag shared by every costtrace dashboard. */
export const DASHBOARD_TAG = 'costtrace';

/** Dashboard schema version the generated JSON follows (Grafana 12). */
export const SCHEMA_VERSION = 41;

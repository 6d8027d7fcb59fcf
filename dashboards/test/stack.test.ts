// The docker-compose stack without a Docker engine: Debian's docker-compose validates the file, and the hostnames,
// ports, users and passwords must agree across docker-compose.yml, otel-collector.yaml, the Dockerfile, the
// ClickHouse users file and Grafana's provisioning.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { DATASOURCE, READ_SETTINGS } from '@costtrace/dashboards';

const root = new URL('../../', import.meta.url);
const text = (file: string) => readFileSync(new URL(file, root), 'utf8');

/** `${VAR:-default}` resolved as docker-compose does when VAR is unset. */
const withDefaults = (source: string) => source.replace(/\$\{(\w+):-([^}]*)\}/g, (_m, _name, fallback: string) => fallback);

/** Parsed YAML, checked field by field below. */
type Yaml = any;
const compose: Yaml = parse(withDefaults(text('docker-compose.yml')));
const otel: Yaml = parse(text('otel-collector.yaml'));
const datasources: Yaml = parse(text('dashboards/provisioning/datasources/costtrace.yaml'));
const providers: Yaml = parse(text('dashboards/provisioning/dashboards/costtrace.yaml'));
const usersXml = text('deploy/clickhouse/users.d/costtrace.xml');
const dockerfile = text('Dockerfile');
const services = compose.services as Record<string, Yaml>;

/** The ClickHouse users file: each user's password variable, profile and grants. */
function xmlUser(name: string): { passwordEnv: string; profile: string; grants: string[] } {
  const body = new RegExp(`<users>[\\s\\S]*<${name}>([\\s\\S]*?)</${name}>`).exec(usersXml)?.[1];
  if (body === undefined) throw new Error(`no ClickHouse user ${name}`);
  return {
    passwordEnv: /<password from_env="(\w+)"\/>/.exec(body)?.[1] ?? '',
    profile: /<profile>(\w+)<\/profile>/.exec(body)?.[1] ?? '',
    grants: [...body.matchAll(/<query>([^<]+)<\/query>/g)].map((m) => m[1] as string),
  };
}

const published = (service: string) => ((services[service].ports ?? []) as string[]).map((p) => p.split(':'));
const hostPort = (mapping: string[]) => mapping.at(-2);
const containerPort = (mapping: string[]) => mapping.at(-1);

describe('docker-compose.yml', () => {
  const binary = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
  const available = binary.status === 0;
  if (!available) console.warn('docker-compose not installed: skipping `docker-compose config` (CI installs it with apt-get)');

  test.skipIf(!available)('docker-compose config accepts the file', () => {
    execFileSync('docker-compose', ['-f', 'docker-compose.yml', 'config', '-q'], { cwd: root, stdio: 'pipe' });
  });

  test.skipIf(!available)('a password set in the environment reaches ClickHouse, the collector and Grafana', () => {
    const env = { ...process.env, CLICKHOUSE_WRITER_PASSWORD: 'w-secret', CLICKHOUSE_READER_PASSWORD: 'r-secret' };
    const resolved: Yaml = parse(
      execFileSync('docker-compose', ['-f', 'docker-compose.yml', 'config'], { cwd: root, env, encoding: 'utf8' }),
    );
    expect(resolved.services.clickhouse.environment).toMatchObject({
      CLICKHOUSE_WRITER_PASSWORD: 'w-secret',
      CLICKHOUSE_READER_PASSWORD: 'r-secret',
    });
    expect(resolved.services.costtrace.environment.COSTTRACE_CLICKHOUSE_URL).toBe('http://costtrace:w-secret@clickhouse:8123');
    expect(resolved.services.grafana.environment.CLICKHOUSE_READER_PASSWORD).toBe('r-secret');
  });

  test('services start in dependency order, each waiting for a health-checked dependency', () => {
    const dependsOn = Object.fromEntries(Object.entries(services).map(([name, s]) => [name, s.depends_on ?? {}]));
    expect(dependsOn).toEqual({
      clickhouse: {},
      costtrace: { clickhouse: { condition: 'service_healthy' } },
      'otel-collector': { costtrace: { condition: 'service_healthy' } },
      grafana: { clickhouse: { condition: 'service_healthy' } },
    });
    expect(services.clickhouse.healthcheck.test.join(' ')).toContain('http://127.0.0.1:8123/ping');
    expect(services.costtrace.healthcheck.test.join(' ')).toContain('http://127.0.0.1:4318/health');
  });

  test('no host port is published twice; the otel-collector owns 4317 and 4318', () => {
    const hostPorts = Object.keys(services).flatMap((name) => published(name).map(hostPort));
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
    expect(published('otel-collector')).toEqual([
      ['4317', '4317'],
      ['4318', '4318'],
    ]);
    expect(published('grafana')).toEqual([['3000', '3000']]);
  });
});

describe('otel-collector.yaml', () => {
  test('every component a pipeline or the service names is defined', () => {
    for (const [name, pipeline] of Object.entries(otel.service.pipelines as Record<string, Yaml>)) {
      for (const kind of ['receivers', 'processors', 'exporters'] as const) {
        for (const id of pipeline[kind] as string[]) expect(otel[kind], `${name}.${kind}: ${id}`).toHaveProperty([id]);
      }
    }
    for (const id of otel.service.extensions as string[]) expect(otel.extensions).toHaveProperty([id]);
  });

  test('receives OTLP on 4317 and 4318, limits memory, batches, and queues on disk with retries', () => {
    const traces = otel.service.pipelines.traces;
    expect(traces).toEqual({ receivers: ['otlp'], processors: ['memory_limiter', 'batch'], exporters: ['otlphttp'] });
    expect(otel.receivers.otlp.protocols.grpc.endpoint).toBe('0.0.0.0:4317');
    expect(otel.receivers.otlp.protocols.http.endpoint).toBe('0.0.0.0:4318');
    expect(otel.exporters.otlphttp.retry_on_failure.enabled).toBe(true);
    expect(otel.exporters.otlphttp.sending_queue).toMatchObject({ enabled: true, storage: 'file_storage' });
    expect(otel.service.extensions).toContain('file_storage');
    const queueVolume = (services['otel-collector'].volumes as string[]).find((v) =>
      v.endsWith(`:${otel.extensions.file_storage.directory}`),
    );
    expect(queueVolume, 'the file_storage directory is a volume').toBeDefined();
  });

  test('exports to the costtrace service on the port the collector listens on', () => {
    const target = new URL(otel.exporters.otlphttp.endpoint);
    expect(target.hostname).toBe('costtrace');
    expect(services).toHaveProperty([target.hostname]);
    // Node flags may come before the script (the image tunes the GC); the collector serves on the exported port.
    expect(dockerfile).toMatch(
      new RegExp(`^CMD \\["node", (?:"--[\\w=-]+", )*"collector/dist/cli\\.js", "serve", "--port", "${target.port}"\\]$`, 'm'),
    );
    expect(dockerfile).toContain(`fetch('http://127.0.0.1:${target.port}/health')`);
    expect(published('costtrace').map(containerPort)).toEqual([target.port]);
    expect(dockerfile).toMatch(/^FROM node:20-bookworm-slim AS build$/m);
  });

  test('mounted where the compose command points', () => {
    expect(services['otel-collector'].volumes).toContain('./otel-collector.yaml:/etc/otelcol-contrib/config.yaml:ro');
    expect(services['otel-collector'].command).toEqual(['--config=/etc/otelcol-contrib/config.yaml']);
  });
});

describe('ClickHouse users', () => {
  const writer = xmlUser('costtrace');
  const reader = xmlUser('grafana');

  test('the collector writes as the writer user, with the writer password, to the clickhouse service', () => {
    const url = new URL(services.costtrace.environment.COSTTRACE_CLICKHOUSE_URL);
    expect([url.username, url.hostname, url.port]).toEqual(['costtrace', 'clickhouse', '8123']);
    expect(url.password).toBe(services.clickhouse.environment[writer.passwordEnv]);
    expect(writer.grants).toEqual(['GRANT ALL ON costtrace.*']);
    expect(services.clickhouse.volumes).toContain(
      './deploy/clickhouse/users.d/costtrace.xml:/etc/clickhouse-server/users.d/costtrace.xml:ro',
    );
  });

  test('Grafana reads as the read-only user with the reader password and the dashboards’ read settings', () => {
    const [source] = datasources.datasources;
    expect({ type: source.type, uid: source.uid }).toEqual(DATASOURCE);
    expect(source.jsonData).toMatchObject({
      host: 'clickhouse',
      port: 9000,
      protocol: 'native',
      username: 'grafana',
      defaultDatabase: 'costtrace',
    });
    expect(source.secureJsonData.password).toBe(`$${reader.passwordEnv}`);
    expect(services.grafana.environment[reader.passwordEnv]).toBe(services.clickhouse.environment[reader.passwordEnv]);
    expect(reader.grants).toEqual(['GRANT SELECT ON costtrace.*']);
    const profile = new RegExp(`<${reader.profile}>([\\s\\S]*?)</${reader.profile}>`).exec(usersXml)?.[1] ?? '';
    expect(profile).toContain('<readonly>1</readonly>');
    for (const [name, value] of Object.entries(READ_SETTINGS)) expect(profile).toContain(`<${name}>${value}</${name}>`);
  });
});

describe('Grafana', () => {
  test('installs the ClickHouse plugin and mounts the provisioning and the generated dashboards', () => {
    const grafana = services.grafana;
    expect(grafana.environment.GF_INSTALL_PLUGINS).toBe(DATASOURCE.type);
    const [provider] = providers.providers;
    expect(grafana.volumes).toContain('./dashboards/provisioning:/etc/grafana/provisioning:ro');
    expect(grafana.volumes).toContain(`./dashboards/generated:${provider.options.path}:ro`);
    const home = grafana.environment.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH as string;
    expect(home.startsWith(`${provider.options.path}/`)).toBe(true);
    expect(existsSync(new URL(`dashboards/generated/${home.slice(provider.options.path.length + 1)}`, root))).toBe(true);
  });
});

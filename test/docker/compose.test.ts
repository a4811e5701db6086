/**
 * Docker cannot run here, so docker-compose.yml (PostgreSQL, three instances, a load balancer) and
 * the load balancer's nginx.conf are checked by reading their structure: what the deployment picture
 * of docs/scaling.md needs to hold.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, any>; volumes?: Record<string, unknown> };
const services = compose.services;
const instances = Object.entries(services).filter(([, s]) => s.build !== undefined);
const nginxConf = readFileSync(join(ROOT, 'docker', 'nginx.conf'), 'utf8');

test('three instances of the one image, each on the shared PostgreSQL database', () => {
  assert.equal(instances.length, 3, 'three instances');
  const postgres = services.postgres;
  assert.match(postgres.image, /^postgres:\d+/);
  for (const [name, s] of instances) {
    assert.equal(s.build, '.', `${name} is built from the Dockerfile`);
    assert.equal(s.image, instances[0]![1].image, 'one image');
    const url = new URL(String(s.environment.DATABASE_URL).replace(/\$\{[^}]+\}/, 'PASSWORD'));
    assert.equal(url.hostname, 'postgres', `${name}: DATABASE_URL names the postgres service`);
    assert.equal(url.port, '5432');
    assert.equal(url.pathname, `/${postgres.environment.POSTGRES_DB}`);
    assert.equal(url.username, postgres.environment.POSTGRES_USER);
    assert.ok(loadConfig({ DATABASE_URL: url.toString(), MECHANISTIC_DATA_DIR: '/data' }).DATABASE_URL, 'a URL the configuration accepts');
    assert.equal(s.depends_on?.postgres?.condition, 'service_healthy', `${name} waits for the database`);
    assert.equal(s.environment.MECHANISTIC_TRUST_PROXY, 'true', `${name} reads the client from X-Forwarded-For`);
    if (s.command) assert.deepEqual(s.command.slice(0, 3), ['node', 'bin/mechanistic.js', 'serve']);
    assert.ok(/^\d+s$/.test(s.stop_grace_period) && parseInt(s.stop_grace_period, 10) * 1000 > loadConfig({}).MECHANISTIC_SHUTDOWN_TIMEOUT_MS, 'time to finish in-flight questions');
  }
});

test('the password is never written in the file; the database has a health check and a volume', () => {
  const postgres = services.postgres;
  assert.match(postgres.environment.POSTGRES_PASSWORD, /^\$\{POSTGRES_PASSWORD:\?/);
  for (const [, s] of instances) assert.match(s.environment.DATABASE_URL, /:\$\{POSTGRES_PASSWORD:\?[^}]*\}@/);
  assert.match(postgres.healthcheck.test.join(' '), /pg_isready/);
  const volume = String(postgres.volumes[0]).split(':')[0]!;
  assert.ok(compose.volumes && volume in compose.volumes, 'a named volume keeps the data');
});

test('only one instance holds the Discord gateway connection', () => {
  const withDiscord = instances.filter(([, s]) => s.environment.DISCORD_TOKEN !== '');
  assert.equal(withDiscord.length, 1, 'the others blank DISCORD_TOKEN, so they take no gateway connection');
});

test('the load balancer: nginx with the repository’s config, in front of exactly the three instances', () => {
  const lb = Object.values(services).find((s) => /^nginx:/.test(s.image));
  assert.ok(lb, 'an nginx service');
  const mount = lb.volumes.map(String).find((v: string) => v.endsWith(':/etc/nginx/nginx.conf:ro'));
  assert.ok(mount, 'the config is mounted read-only');
  assert.ok(existsSync(join(ROOT, mount.split(':')[0])), 'the mounted config exists');
  assert.ok(lb.ports.some((p: string) => /:80$/.test(p)), 'published');
  assert.deepEqual([...lb.depends_on].sort(), instances.map(([n]) => n).sort());

  const upstream = /upstream\s+(\w+)\s*\{([^}]*)\}/.exec(nginxConf);
  assert.ok(upstream, 'an upstream block');
  const servers = [...upstream[2]!.matchAll(/^\s*server\s+([\w-]+):(\d+)/gm)].map((m) => [m[1], Number(m[2])]);
  const port = loadConfig({ PORT: '3000' }).PORT; // the image's PORT (Dockerfile ENV)
  assert.deepEqual(servers, instances.map(([n]) => [n, port]));
  assert.match(nginxConf, new RegExp(`proxy_pass\\s+http://${upstream[1]};`));
  assert.match(nginxConf, /proxy_set_header\s+X-Forwarded-For\s+\$proxy_add_x_forwarded_for;/);
  const readTimeout = Number(/proxy_read_timeout\s+(\d+)s;/.exec(nginxConf)?.[1]);
  assert.ok(readTimeout * 1000 > loadConfig({}).MECHANISTIC_ANSWER_TIMEOUT_MS, 'the proxy waits longer than an answer may take');
  const bodyKb = Number(/client_max_body_size\s+(\d+)k;/.exec(nginxConf)?.[1]);
  assert.ok(bodyKb * 1024 >= loadConfig({}).MECHANISTIC_MAX_BODY_BYTES, 'the proxy lets through what an instance accepts');
  assert.equal((nginxConf.match(/\{/g) ?? []).length, (nginxConf.match(/\}/g) ?? []).length, 'balanced braces');
});

test('the Dockerfile listens on the port the load balancer uses', () => {
  assert.match(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'), /PORT=3000/);
});

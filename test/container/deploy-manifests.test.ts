import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';

/**
 * Static checks of what `deploy/` and `relay/Dockerfile` promise. The compose file and the Kubernetes
 * manifests are not run here (no registry to pull Postgres or Caddy from, no cluster), so these checks
 * keep them parseable and consistent with the CONTRACT and with the image the container suite runs.
 */

const repoRoot = resolve(import.meta.dirname, '../..');
const deployDir = join(repoRoot, 'deploy');
const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');

/** The relay's environment variables: the backticked names in CONTRACT section 3's table. */
function contractVariables(): Set<string> {
  const contract = read('docs/CONTRACT.md');
  const section = contract.slice(contract.indexOf('## 3.'), contract.indexOf('## 4.'));
  const names = new Set<string>();
  for (const line of section.split('\n')) {
    const firstCell = line.split('|')[1] ?? '';
    for (const match of firstCell.matchAll(/`([A-Z][A-Z0-9_]+)`/g)) names.add(match[1] as string);
  }
  return names;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

type Manifest = { kind: string; apiVersion: string; metadata: { name: string }; spec?: unknown } & Record<
  string,
  unknown
>;

function kubernetesManifests(): Manifest[] {
  const dir = join(deployDir, 'kubernetes');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml') && name !== 'kustomization.yaml')
    .flatMap((name) => parseAllDocuments(readFileSync(join(dir, name), 'utf8')).map((doc) => doc.toJS()));
}

const byKind = (kind: string) => {
  const found = kubernetesManifests().find((manifest) => manifest.kind === kind);
  if (!found) throw new Error(`no ${kind} in deploy/kubernetes`);
  return found as never;
};

/** `USER` of the Dockerfile's base stage, e.g. `1000:1000`. */
const dockerfile = read('relay/Dockerfile');
const dockerfileUser = /^USER (\S+)$/m.exec(dockerfile)?.[1] ?? '';

describe('relay/Dockerfile', () => {
  it('defaults to an official Node LTS slim base and builds the runtime stage by default', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:(20|22|24)-[a-z]+-slim$/m);
    const stages = [...dockerfile.matchAll(/^FROM \S+ AS (\S+)$/gm)].map((match) => match[1]);
    expect(stages.at(-1)).toBe('runtime');
    // The offline target must come before the stage that needs the network (classic builder).
    expect(stages.indexOf('prebuilt')).toBeLessThan(stages.indexOf('build'));
  });

  it('runs as a numeric non-root user with the container defaults of the CONTRACT', () => {
    expect(dockerfileUser).toMatch(/^[1-9]\d*:[1-9]\d*$/);
    expect(dockerfile).toMatch(/HOST=0\.0\.0\.0/);
    expect(dockerfile).toMatch(/DATABASE_URL=sqlite:\/data\/relay\.db/);
    expect(dockerfile).toMatch(/^VOLUME \/data$/m);
    expect(dockerfile).toMatch(/^STOPSIGNAL SIGTERM$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n?.*\/healthz/m);
  });

  it('bakes in no secret', () => {
    for (const secret of [
      'SINCH_KEY_SECRET',
      'RELAY_SESSION_SECRET',
      'RELAY_ADMIN_TOKEN',
      'SINCH_WEBHOOK_SECRET',
    ]) {
      expect(dockerfile).not.toContain(secret);
    }
  });
});

describe('deploy/', () => {
  const variables = contractVariables();

  it('reads the relay variables from the CONTRACT', () => {
    expect(variables).toContain('DATABASE_URL');
    expect(variables).toContain('RELAY_SESSION_SECRET');
    expect(variables.size).toBeGreaterThanOrEqual(16);
  });

  it('has only YAML files that parse without errors or warnings', () => {
    const files = yamlFiles(deployDir);
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) {
      for (const doc of parseAllDocuments(readFileSync(file, 'utf8'), { merge: true })) {
        expect({ file, errors: doc.errors, warnings: doc.warnings }).toEqual({
          file,
          errors: [],
          warnings: [],
        });
      }
    }
  });

  describe('compose.yaml', () => {
    type Service = {
      image: string;
      build?: { context: string; dockerfile: string };
      environment?: Record<string, string>;
      depends_on?: Record<string, { condition: string }>;
      stop_grace_period?: string;
      read_only?: boolean;
    };
    const compose = parse(read('deploy/compose.yaml'), { merge: true }) as {
      services: Record<string, Service>;
    };
    const relays = Object.entries(compose.services).filter(([, service]) => service.build);

    it('runs Postgres, two relay replicas built from relay/Dockerfile, and a proxy', () => {
      expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['postgres', 'proxy']));
      expect(relays).toHaveLength(2);
      for (const [, relay] of relays) {
        expect(
          existsSync(resolve(deployDir, relay.build?.context ?? '', relay.build?.dockerfile ?? '')),
        ).toBe(true);
        expect(relay.depends_on?.postgres?.condition).toBe('service_healthy');
        expect(relay.environment?.DATABASE_URL).toMatch(/^postgres:\/\/relay:.*@postgres:5432\/relay$/);
        expect(relay.stop_grace_period).toBe('30s');
        expect(relay.read_only).toBe(true);
      }
    });

    it('gives the relays only CONTRACT variables', () => {
      for (const [, relay] of relays) {
        for (const name of Object.keys(relay.environment ?? {})) expect(variables).toContain(name);
      }
    });

    it('takes every interpolated value from .env.example', () => {
      const example = read('deploy/.env.example');
      const defined = new Set([...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]));
      const used = new Set(
        [...read('deploy/compose.yaml').matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]),
      );
      expect([...used].filter((name) => !defined.has(name))).toEqual([]);
    });

    it('balances the Caddy proxy over exactly the relay services, health-checked on /readyz', () => {
      const caddyfile = read('deploy/Caddyfile');
      const upstreams = /reverse_proxy ([^{]+)\{/.exec(caddyfile)?.[1]?.trim().split(/\s+/) ?? [];
      expect(upstreams.sort()).toEqual(relays.map(([name]) => `${name}:8787`).sort());
      expect(caddyfile).toMatch(/health_uri \/readyz/);
    });
  });

  describe('kubernetes/', () => {
    type Container = {
      image: string;
      ports: { containerPort: number }[];
      env: { name: string; valueFrom?: { secretKeyRef?: { name: string } } }[];
      envFrom: { configMapRef?: { name: string } }[];
      readinessProbe: { httpGet: { path: string } };
      livenessProbe: { httpGet: { path: string } };
      resources: { requests: Record<string, string>; limits: Record<string, string> };
      securityContext: { readOnlyRootFilesystem: boolean; allowPrivilegeEscalation: boolean };
    };
    type Deployment = {
      spec: {
        replicas: number;
        selector: { matchLabels: Record<string, string> };
        template: {
          metadata: { labels: Record<string, string> };
          spec: { securityContext: { runAsNonRoot: boolean; runAsUser: number }; containers: Container[] };
        };
      };
    };
    const deployment = byKind('Deployment') as Deployment;
    const container = deployment.spec.template.spec.containers[0] as Container;

    it('lists only files that exist in its kustomization', () => {
      const kustomization = parse(read('deploy/kubernetes/kustomization.yaml')) as { resources: string[] };
      for (const resource of kustomization.resources) {
        expect(existsSync(join(deployDir, 'kubernetes', resource))).toBe(true);
      }
      expect(kubernetesManifests().every((manifest) => manifest.apiVersion && manifest.metadata?.name)).toBe(
        true,
      );
    });

    it('probes readiness on /readyz and liveness on /healthz, with resources set', () => {
      expect(container.readinessProbe.httpGet.path).toBe('/readyz');
      expect(container.livenessProbe.httpGet.path).toBe('/healthz');
      expect(container.resources.requests).toHaveProperty('memory');
      expect(container.resources.limits).toHaveProperty('memory');
      expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    });

    it('runs non-root as the image user, with a read-only root file system', () => {
      const pod = deployment.spec.template.spec.securityContext;
      expect(pod.runAsNonRoot).toBe(true);
      expect(String(pod.runAsUser)).toBe(dockerfileUser.split(':')[0]);
      expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
      expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
      expect(container.ports[0]?.containerPort).toBe(Number(/^EXPOSE (\d+)$/m.exec(dockerfile)?.[1]));
    });

    it('uses only CONTRACT variables, secrets from a Secret and the rest from the ConfigMap', () => {
      const configMap = byKind('ConfigMap') as { metadata: { name: string }; data: Record<string, string> };
      for (const name of Object.keys(configMap.data)) expect(variables).toContain(name);
      expect(container.envFrom.map((source) => source.configMapRef?.name)).toContain(configMap.metadata.name);
      for (const entry of container.env) {
        expect(variables).toContain(entry.name);
        expect(entry.valueFrom?.secretKeyRef?.name).toBe('whatsapp-signup-relay');
      }
      const secretNames = container.env.map((entry) => entry.name);
      for (const secret of [
        'SINCH_KEY_SECRET',
        'RELAY_SESSION_SECRET',
        'RELAY_ADMIN_TOKEN',
        'DATABASE_URL',
      ]) {
        expect(secretNames).toContain(secret);
      }
    });

    it('selects the Deployment pods from the Service and the PodDisruptionBudget', () => {
      const labels = deployment.spec.template.metadata.labels;
      expect(labels).toMatchObject(deployment.spec.selector.matchLabels);
      const service = byKind('Service') as { spec: { selector: Record<string, string> } };
      const budget = byKind('PodDisruptionBudget') as {
        spec: { selector: { matchLabels: Record<string, string> } };
      };
      expect(labels).toMatchObject(service.spec.selector);
      expect(labels).toMatchObject(budget.spec.selector.matchLabels);
    });
  });
});

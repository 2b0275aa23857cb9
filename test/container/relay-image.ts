import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { run, runShell, step } from './command.js';
import { docker, dockerOut } from './docker.js';

/** The repository root (the Docker build context). */
export const repoRoot = resolve(import.meta.dirname, '../..');

/** The relay image the container suite builds and runs. */
export const relayImageTag = 'whatsapp-signup/relay:container-test';

/** The image holding the host-prepared bundle in `/app`, fed to the Dockerfile's `prebuilt` stage. */
const bundleImageTag = 'whatsapp-signup/relay-bundle:container-test';

/** What {@link buildRelayImage} measured. */
export interface RelayImage {
  tag: string;
  /** Uncompressed size of the whole image in bytes. */
  sizeBytes: number;
  /** Bytes the relay adds on top of the base image (the bundle layer). */
  bundleBytes: number;
}

/**
 * Builds the relay image from `relay/Dockerfile` without any registry: the bundle (relay `dist/` +
 * production `node_modules`) is made on the host by the same `deploy/bundle-relay.sh` the Dockerfile's
 * build stage runs, imported as an image, and handed to the `prebuilt` target; `NODE_IMAGE` is the
 * locally made base.
 */
export async function buildRelayImage(nodeImage: string): Promise<RelayImage> {
  const workDir = await mkdtemp(join(tmpdir(), 'whatsapp-signup-bundle-'));
  const bundle = join(workDir, 'app');
  try {
    step('bundling the relay on the host (deploy/bundle-relay.sh)');
    // Compile better-sqlite3 against this Node's own headers when present: nothing can be downloaded.
    const nodedir: Record<string, string> = existsSync('/usr/include/node/node.h')
      ? { npm_config_nodedir: '/usr' }
      : {};
    const bundled = await run('sh', ['deploy/bundle-relay.sh', bundle], {
      cwd: repoRoot,
      env: { CI: 'true', ...nodedir },
    });
    step(bundled.stdout.trim().split('\n').at(-1) ?? 'bundle written');
    if (!existsSync(join(bundle, 'dist/main.js'))) throw new Error('the bundle has no dist/main.js');

    step(`importing the bundle as ${bundleImageTag}`);
    await runShell(
      `tar --numeric-owner --owner=0 --group=0 -C "${workDir}" -c app | docker import - ${bundleImageTag}`,
    );

    step(`docker build -f relay/Dockerfile --target prebuilt (classic builder, NODE_IMAGE=${nodeImage})`);
    const revision = (
      await run('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, allowFailure: true })
    ).stdout.trim();
    await docker(
      [
        'build',
        '--file',
        'relay/Dockerfile',
        '--target',
        'prebuilt',
        '--build-arg',
        `NODE_IMAGE=${nodeImage}`,
        '--build-arg',
        `BUNDLE_IMAGE=${bundleImageTag}`,
        '--build-arg',
        `REVISION=${revision || 'unknown'}`,
        '--tag',
        relayImageTag,
        '.',
      ],
      { cwd: repoRoot },
    );
    const sizeBytes = Number(await dockerOut(['image', 'inspect', '--format', '{{.Size}}', relayImageTag]));
    const baseBytes = Number(await dockerOut(['image', 'inspect', '--format', '{{.Size}}', nodeImage]));
    const image = { tag: relayImageTag, sizeBytes, bundleBytes: sizeBytes - baseBytes };
    step(
      `built ${relayImageTag}: ${(sizeBytes / 1e6).toFixed(1)} MB, of which the relay bundle ${(image.bundleBytes / 1e6).toFixed(1)} MB`,
    );
    return image;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

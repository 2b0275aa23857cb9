import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasCommand, run, runShell, step } from './command.js';
import { aptInstall, docker, imageExists } from './docker.js';

/** Debian mirror for debootstrap; the machine's apt mirror is reachable where registries are not. */
const mirror = process.env.DEBOOTSTRAP_MIRROR ?? 'http://deb.debian.org/debian';

/** Files a slim image does without (what debian:bookworm-slim drops, roughly). */
const trimmed = [
  'var/lib/apt/lists',
  'var/cache/apt',
  'usr/share/doc',
  'usr/share/man',
  'usr/share/info',
  'usr/share/locale',
];

/**
 * The stand-in for `node:20-bookworm-slim` that this machine can make without a registry: a
 * debootstrapped Debian bookworm (minbase) with the running Node binary at `/usr/local/bin/node` and
 * a `node` user with uid/gid 1000, as in the official image. Tagged by Node version, so it is built
 * once and reused by later runs.
 */
export async function ensureNodeBaseImage(): Promise<string> {
  const tag = `whatsapp-signup/node-base:${process.versions.node}-bookworm`;
  if (await imageExists(tag)) {
    step(`base image ${tag} is cached`);
    return tag;
  }
  if (!(await hasCommand('debootstrap'))) await aptInstall(['debootstrap']);
  const workDir = await mkdtemp(join(tmpdir(), 'whatsapp-signup-base-'));
  const rootfs = join(workDir, 'rootfs');
  try {
    step(`debootstrapping Debian bookworm (minbase) from ${mirror}`);
    await run('debootstrap', ['--variant=minbase', 'bookworm', rootfs, mirror]);
    step(`adding Node ${process.version} (${process.execPath}) and the node user`);
    await run('install', ['-m', '0755', process.execPath, join(rootfs, 'usr/local/bin/node')]);
    await run('chroot', [rootfs, 'groupadd', '--gid', '1000', 'node']);
    await run('chroot', [
      rootfs,
      'useradd',
      '--uid',
      '1000',
      '--gid',
      'node',
      '--shell',
      '/bin/bash',
      '-m',
      'node',
    ]);
    // The binary must run on the rootfs' own libraries, not the host's.
    const version = (await run('chroot', [rootfs, '/usr/local/bin/node', '--version'])).stdout.trim();
    if (version !== process.version) throw new Error(`node in the rootfs reports ${version}`);
    for (const path of trimmed) await runShell(`rm -rf "${join(rootfs, path)}"/*`);
    step(`importing the rootfs as ${tag}`);
    await runShell(
      `tar --numeric-owner -C "${rootfs}" -c . | docker import ` +
        `--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' ` +
        `--change 'ENV NODE_VERSION=${process.versions.node}' --change 'CMD ["node"]' - ${tag}`,
    );
    const size = Number(
      await docker(['image', 'inspect', '--format', '{{.Size}}', tag]).then((r) => r.stdout),
    );
    step(`base image ${tag}: ${(size / 1e6).toFixed(0)} MB`);
    return tag;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

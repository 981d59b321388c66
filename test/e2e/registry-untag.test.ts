// `dockswab clean --registry HOST/REPO --untag TAG` on the sandbox's distribution registries: the
// tag goes and its digest-mates stay (token registry), and a registry that takes pushes but refuses
// deletes gets the tag put back (the registry without deletes). curl's tag lists are the oracle.
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {beforeAll, expect, test} from 'vitest';
import {sandboxEnv, seedSandbox} from './harness';
import {dockswabWith as dockswab, loggedIn, pushTags, remoteDigest, remoteTags} from './registry-helpers';
import {tempDir} from '../fixtures/temp-dir';

const run = promisify(execFile);
beforeAll(seedSandbox);

test('token registry: untag 1.0.0 leaves latest on the same digest, which the registry still serves', async () => {
	const registry = sandboxEnv().DOCKSWAB_TOKEN_REGISTRY!;
	const {config, docker} = await loggedIn(registry);
	await pushTags(docker, registry, 'untagme', {one: ['1.0.0', 'latest'], two: ['0.9.0']});
	const shared = await remoteDigest(registry, 'untagme', 'latest');
	const planned = await dockswab(config, 'plan', '--registry', `${registry}/untagme`, '--untag', '1.0.0');
	expect(planned.code).toBe(0);
	expect(planned.stdout).toMatch(/untag +1\.0\.0 +push placeholder sha256:[0-9a-f]{12}… \(OCI manifest, \d+ B, empty config sha256:44136fa355b3…\) to 1\.0\.0, then delete sha256:/);
	const cleaned = await dockswab(config, 'clean', '--registry', `${registry}/untagme`, '--untag', '1.0.0', '--yes');
	expect(cleaned.stderr).toBe('');
	expect(cleaned.code).toBe(0);
	expect(await remoteTags(registry, 'untagme')).toEqual(['0.9.0', 'latest']);
	expect(await remoteDigest(registry, 'untagme', 'latest')).toBe(shared);
	// The image is whole: the engine pulls it by its tag.
	await docker('rmi', `${registry}/untagme:latest`, `${registry}/untagme:1.0.0`);
	await docker('pull', '-q', `${registry}/untagme:latest`);
});

test('registry without deletes: the placeholder cannot be deleted, so the tag is put back on its image', async () => {
	const registry = sandboxEnv().DOCKSWAB_NODELETE_REGISTRY!;
	const config = tempDir('dsw-untag-nodel-');
	const docker = async (...args: string[]) => (await run('docker', args, {env: {...sandboxEnv(), DOCKER_CONFIG: config}})).stdout.trim();
	await pushTags(docker, registry, 'putback', {one: ['1.0.0', 'latest']});
	const head = async (tag: string) =>
		(await run('curl', ['-sfI', '-H', 'Accept: application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json', `http://${registry}/v2/putback/manifests/${tag}`]))
			.stdout;
	const before = /docker-content-digest:\s*(\S+)/i.exec(await head('1.0.0'))?.[1];
	const cleaned = await dockswab(config, 'clean', '--registry', `${registry}/putback`, '--untag', '1.0.0', '--yes');
	expect(cleaned.code).toBe(1);
	expect(cleaned.stdout).toContain(`1.0.0 was put back on ${before!.slice(0, 19)}…`);
	expect(/docker-content-digest:\s*(\S+)/i.exec(await head('1.0.0'))?.[1]).toBe(before);
	expect(await remoteTags(registry, 'putback')).toEqual(['1.0.0', 'latest']);
});

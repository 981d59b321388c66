// The sandbox registries as tests reach them without dockswab: logins and pushes through the
// docker CLI, tag lists and digests through curl. They are the oracle of the remote tests.
import {execFile} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {sandboxEnv} from './harness';
import {tempDir} from '../fixtures/temp-dir';

const run = promisify(execFile);
const fullAccept =
	'application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json';

const env = () => sandboxEnv();
const user = () => env().DOCKSWAB_REGISTRY_USER!;
const passwordFile = () => env().DOCKSWAB_REGISTRY_PASSWORD_FILE!;

/** A DOCKER_CONFIG logged in to `registry` (by the docker CLI), and the docker CLI using it. */
export async function loggedIn(registry: string): Promise<{config: string; docker: (...args: string[]) => Promise<string>}> {
	const config = tempDir('dsw-rm-');
	const docker = async (...args: string[]) => (await run('docker', args, {env: {...env(), DOCKER_CONFIG: config}, maxBuffer: 16 * 1024 * 1024})).stdout.trim();
	await run('sh', ['-c', 'docker login --username "$1" --password-stdin "$2" < "$3"', '_', user(), registry, passwordFile()], {env: {...env(), DOCKER_CONFIG: config}});
	return {config, docker};
}

/** An image of its own per name (a label makes a distinct config, so a distinct digest), pushed as each tag. */
export async function pushTags(docker: (...args: string[]) => Promise<string>, registry: string, repository: string, images: Record<string, readonly string[]>): Promise<void> {
	for (const [label, tags] of Object.entries(images)) {
		const context = tempDir('dsw-ctx-');
		writeFileSync(join(context, 'Dockerfile'), `FROM busybox:sandbox\nLABEL dockswab.test.remote=${label}\n`);
		const local = `${registry}/${repository}:${tags[0]}`;
		await docker('build', '-q', '-t', local, context);
		for (const tag of tags) {
			await docker('tag', local, `${registry}/${repository}:${tag}`);
			await docker('push', '-q', `${registry}/${repository}:${tag}`);
		}
	}
}

/** The registry's own list of tags for a repository (with a token when it asks for one). */
export async function remoteTags(registry: string, repository: string): Promise<string[]> {
	const secret = readFileSync(passwordFile(), 'utf8').trim();
	const url = `http://${registry}/v2/${repository}/tags/list`;
	const first = await run('curl', ['-s', '-D', '-', '-o', '/dev/null', url]).then(result => result.stdout);
	const challenge = /www-authenticate: Bearer realm="([^"]+)",service="([^"]+)"/i.exec(first);
	let auth: string[] = ['-u', `${user()}:${secret}`];
	if (challenge) {
		const tokenUrl = `${challenge[1]}?service=${encodeURIComponent(challenge[2]!)}&scope=${encodeURIComponent(`repository:${repository}:pull`)}`;
		const token = (JSON.parse((await run('curl', ['-sf', '-u', `${user()}:${secret}`, tokenUrl])).stdout) as {token: string}).token;
		auth = ['-H', `Authorization: Bearer ${token}`];
	}
	const {stdout} = await run('curl', ['-s', ...auth, url]);
	return ((JSON.parse(stdout) as {tags: string[] | null}).tags ?? []).sort();
}

/** What `tag` names in the registry now, asked as the engine asks: HEAD with the full Accept list. */
export async function remoteDigest(registry: string, repository: string, tag: string): Promise<string> {
	const secret = readFileSync(passwordFile(), 'utf8').trim();
	const challenge = /www-authenticate: Bearer realm="([^"]+)",service="([^"]+)"/i.exec((await run('curl', ['-s', '-D', '-', '-o', '/dev/null', `http://${registry}/v2/`])).stdout);
	if (!challenge) throw new Error(`${registry} sent no Bearer challenge`);
	const tokenUrl = `${challenge[1]}?service=${encodeURIComponent(challenge[2]!)}&scope=${encodeURIComponent(`repository:${repository}:pull`)}`;
	const token = (JSON.parse((await run('curl', ['-sf', '-u', `${user()}:${secret}`, tokenUrl])).stdout) as {token: string}).token;
	const {stdout} = await run('curl', ['-sfI', '-H', `Authorization: Bearer ${token}`, '-H', `Accept: ${fullAccept}`, `http://${registry}/v2/${repository}/manifests/${tag}`]);
	const digest = /^docker-content-digest:\s*(\S+)/im.exec(stdout)?.[1];
	if (!digest) throw new Error(`${repository}:${tag} has no digest on ${registry}`);
	return digest;
}

export type Outcome = {stdout: string; stderr: string; code: number};

/** The built dockswab with `config` as its DOCKER_CONFIG: what it printed and its exit code. */
export function dockswabWith(config: string, ...args: string[]): Promise<Outcome> {
	return run('node', ['dist/cli.js', ...args], {env: {...env(), DOCKER_CONFIG: config}}).then(
		({stdout, stderr}) => ({stdout, stderr, code: 0}),
		(error: Outcome) => error,
	);
}

// What `scripts/sandbox seed` leaves behind, read back as one comparable string: the images and
// containers of the engine under test and of engine 2, the client config the seed logs in with,
// and the tags (with digests) of the seeded repositories in the four registries. Equal
// fingerprints mean the scene is still the seeded one, so the seed (the suite's biggest cost)
// can be skipped; any change a test makes shows up here and brings a full seed.
import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {loopbackRequest, manifestTypes, type LoopbackRequest} from '../fixtures/loopback-request';

type Target = {url: string} & LoopbackRequest;

const request = ({url, ...options}: Target) => loopbackRequest(url, options);

type ImageRow = {Id: string; ParentId?: string; RepoTags?: string[] | null; RepoDigests?: string[] | null};
type ContainerRow = {Id: string; Names: string[]; ImageID: string; State: string};

async function engineJson<T>(host: string, path: string): Promise<T> {
	const answer = await request({url: `http://engine${path}`, socketPath: new URL(host).pathname});
	if (answer.status !== 200) throw new Error(`${host}${path}: HTTP ${answer.status}`);
	return JSON.parse(answer.body) as T;
}

/** Image IDs with their tags, digests and parents, containers with names, image IDs and states, build cache entries; sorted. */
async function engineScene(host: string): Promise<string[]> {
	const [images, containers, df] = await Promise.all([
		engineJson<ImageRow[]>(host, '/images/json?all=1&digests=1'),
		engineJson<ContainerRow[]>(host, '/containers/json?all=1'),
		// The seed empties the BuildKit cache, and a budget counts it: a cache left behind is a change.
		engineJson<{BuildCache?: {ID: string}[] | null}>(host, '/system/df'),
	]);
	return [
		...images.map(image => `image ${image.Id} ${[...(image.RepoTags ?? [])].sort().join(',')} ${[...(image.RepoDigests ?? [])].sort().join(',')} ${image.ParentId ?? ''}`),
		...containers.map(container => `container ${container.Id} ${[...container.Names].sort().join(',')} ${container.ImageID} ${container.State}`),
		...(df.BuildCache ?? []).map(entry => `build-cache ${entry.ID}`),
	].sort();
}

/** The repositories the seed pushes (scripts/sandbox: COPIES and the password registry's app tags). */
const seededRepositories = ['app', 'web', 'base/runtime'];

type Registry = {name: string; base: string; authorization: (repository: string) => Promise<string | undefined>; ca?: string};

async function registryScene({name, base, authorization, ca}: Registry): Promise<string[]> {
	const lines: string[] = [];
	for (const repository of seededRepositories) {
		const auth = await authorization(repository);
		const headers: Record<string, string> = auth ? {authorization: auth} : {};
		const list = await request({url: `${base}/v2/${repository}/tags/list`, headers, ca});
		if (list.status === 404) {
			lines.push(`${name} ${repository} absent`);
			continue;
		}
		if (list.status !== 200) throw new Error(`${base}/v2/${repository}/tags/list: HTTP ${list.status}`);
		const tags = [...((JSON.parse(list.body) as {tags?: string[] | null}).tags ?? [])].sort();
		const digests = await Promise.all(
			tags.map(async tag => {
				const head = await request({url: `${base}/v2/${repository}/manifests/${tag}`, method: 'HEAD', headers: {...headers, accept: manifestTypes}, ca});
				return `${name} ${repository}:${tag} ${head.status} ${String(head.headers['docker-content-digest'] ?? '')}`;
			}),
		);
		lines.push(...digests);
	}
	return lines;
}

function registries(env: NodeJS.ProcessEnv): Registry[] {
	const need = (key: string) => {
		const value = env[key];
		if (!value) throw new Error(`${key} is not set by scripts/sandbox env`);
		return value;
	};
	const basic = `Basic ${Buffer.from(`${need('DOCKSWAB_REGISTRY_USER')}:${readFileSync(need('DOCKSWAB_REGISTRY_PASSWORD_FILE'), 'utf8').trim()}`).toString('base64')}`;
	const tls = need('DOCKSWAB_TLS_REGISTRY');
	const tokenRegistry = need('DOCKSWAB_TOKEN_REGISTRY');
	// The token registry names its service in its challenge; the issuer hands out pull tokens for it.
	const bearer = async (repository: string) => {
		const challenge = (await request({url: `http://${tokenRegistry}/v2/`})).headers['www-authenticate'] ?? '';
		const service = /service="([^"]*)"/.exec(challenge)?.[1] ?? '';
		const query = new URLSearchParams({service, scope: `repository:${repository}:pull`});
		const answer = await request({url: `${need('DOCKSWAB_TOKEN_REALM')}?${query}`, headers: {authorization: basic}});
		if (answer.status !== 200) throw new Error(`token issuer: HTTP ${answer.status}`);
		return `Bearer ${(JSON.parse(answer.body) as {token: string}).token}`;
	};
	return [
		{name: 'password', base: `http://${need('DOCKSWAB_REGISTRY')}`, authorization: async () => basic},
		{name: 'token', base: `http://${tokenRegistry}`, authorization: bearer},
		{name: 'tls', base: `https://${tls}`, authorization: async () => basic, ca: readFileSync(join(need('DOCKSWAB_CERTS_D'), tls, 'ca.crt'), 'utf8')},
		{name: 'nodelete', base: `http://${need('DOCKSWAB_NODELETE_REGISTRY')}`, authorization: async () => undefined},
	];
}

export async function sceneFingerprint(env: NodeJS.ProcessEnv): Promise<string> {
	const engine2 = env.DOCKSWAB_ENGINE2_HOST;
	if (!env.DOCKER_HOST || !engine2 || !env.DOCKER_CONFIG) throw new Error('the sandbox environment is missing');
	const parts = await Promise.all([
		engineScene(env.DOCKER_HOST).then(lines => lines.map(line => `engine ${line}`)),
		engineScene(engine2).then(lines => lines.map(line => `engine2 ${line}`)),
		...registries(env).map(registryScene),
	]);
	// The config holds the seed's logins: only its hash goes into the fingerprint, which is kept on disk.
	const config = createHash('sha256')
		.update(readFileSync(join(env.DOCKER_CONFIG, 'config.json')))
		.digest('hex');
	return [...parts.flat(), `config ${config}`].join('\n');
}

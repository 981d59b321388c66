// Last use on both image stores: an image built years ago that was just tagged (or, on the
// containerd store, loaded) counts as used now for --unused-for and the budget's order. The
// engine's own `Metadata.LastTagTime` (docker inspect) is the oracle for what each store records.
// Self-contained: it loads its own images into each engine and removes them afterwards.
import {execFile} from 'node:child_process';
import {createHash} from 'node:crypto';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {sandboxEnv} from './harness';

const run = promisify(execFile);
const day = 86_400_000;
const images = [
	{reference: 'lastuse/a:1', created: '2020-01-01T00:00:00Z'},
	// Created first, so by creation alone it is the least recently used.
	{reference: 'lastuse/b:1', created: '2019-01-01T00:00:00Z'},
] as const;
const repositories = ['--repo', 'lastuse/a', '--repo', 'lastuse/b'];

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** A `docker save` archive of the images above, each with its own one-file layer and an old `created`. */
async function writeArchive(dir: string): Promise<string> {
	const archive = join(dir, 'archive');
	mkdirSync(archive);
	const manifest = [];
	for (const [index, image] of images.entries()) {
		const content = join(dir, `content-${index}`);
		mkdirSync(content);
		writeFileSync(join(content, 'marker'), `dockswab last-use test ${image.reference}\n`);
		await run('tar', ['-C', content, '-cf', join(archive, `layer-${index}.tar`), 'marker']);
		const diffId = `sha256:${sha256(readFileSync(join(archive, `layer-${index}.tar`)))}`;
		const config = JSON.stringify({
			architecture: 'amd64',
			os: 'linux',
			created: image.created,
			config: {Labels: {'dockswab.test': 'last-use'}},
			rootfs: {type: 'layers', diff_ids: [diffId]},
			history: [{created: image.created, created_by: 'dockswab last-use test'}],
		});
		writeFileSync(join(archive, `${sha256(config)}.json`), config);
		manifest.push({Config: `${sha256(config)}.json`, RepoTags: [image.reference], Layers: [`layer-${index}.tar`]});
	}
	writeFileSync(join(archive, 'manifest.json'), JSON.stringify(manifest));
	const tarball = join(dir, 'images.tar');
	await run('tar', ['-C', archive, '-cf', tarball, '.']);
	return tarball;
}

type PlanJson = {engines: {ok: boolean; items: {reference: string | null}[]}[]};

const engines = [
	// dockerd 20.10, classic store: a load records no tag time, a tag does.
	{name: 'classic store (dockerd 20.10)', host: () => process.env.DOCKSWAB_CLASSIC_HOST, loadSetsTagTime: false},
	// Docker 26, containerd store: a load (like a pull) records one too.
	{name: 'containerd store (Docker 26)', host: () => process.env.DOCKSWAB_CONTAINERD_HOST, loadSetsTagTime: true},
];

describe.each(engines)('$name', ({host, loadSetsTagTime}) => {
	let env: NodeJS.ProcessEnv;
	let dir: string;
	const docker = async (...args: string[]) => (await run('docker', args, {env})).stdout.trim();
	const plan = async (...args: string[]) => JSON.parse((await run('node', ['dist/cli.js', 'plan', '--json', ...repositories, ...args], {env})).stdout) as PlanJson;
	const lastTagTime = async (reference: string) => Date.parse(JSON.parse(await docker('image', 'inspect', '--format', '{{json .Metadata.LastTagTime}}', reference)) as string);
	const removeTestImages = async () => {
		const ids = (await docker('images', '-q', '--filter', 'label=dockswab.test=last-use')).split('\n').filter(Boolean);
		if (ids.length > 0) await docker('rmi', '-f', ...new Set(ids));
	};

	beforeAll(async () => {
		const engineHost = host();
		if (!engineHost) throw new Error('the sandbox environment names no such engine');
		env = {...sandboxEnv(), DOCKER_HOST: engineHost};
		if (!(await docker('info', '--format', '{{json .Labels}}')).includes('dockswab.sandbox=true')) throw new Error(`refusing ${engineHost}: not a sandbox engine`);
		dir = mkdtempSync(join(tmpdir(), 'dockswab-last-use-'));
		await removeTestImages();
		await docker('load', '-i', await writeArchive(dir));
		await docker('tag', 'lastuse/b:1', 'lastuse/b:2');
	});

	afterAll(async () => {
		await removeTestImages();
		rmSync(dir, {recursive: true, force: true});
	});

	test('the engine records a tag time on tag, and on load only where the store does', async () => {
		const loadedAt = await lastTagTime('lastuse/a:1');
		const taggedAt = await lastTagTime('lastuse/b:1');
		// Go's zero time for "never": year 1.
		if (loadSetsTagTime) expect(loadedAt).toBeGreaterThan(Date.now() - day);
		else expect(new Date(loadedAt).getUTCFullYear()).toBe(1);
		expect(taggedAt).toBeGreaterThan(Date.now() - day);
		expect(await docker('image', 'inspect', '--format', '{{.Created}}', 'lastuse/b:1')).toBe('2019-01-01T00:00:00Z');
	});

	test('--unused-for 30d leaves out an image built years ago but tagged now', async () => {
		const planned = (await plan('--unused-for', '30d')).engines[0]!.items.map(item => item.reference);
		expect(planned).not.toContain('lastuse/b:1');
		expect(planned).not.toContain('lastuse/b:2');
		// With no tag time recorded, the old creation is still its last use.
		expect(planned).toEqual(loadSetsTagTime ? [] : ['lastuse/a:1']);
	});

	test('--budget takes the freshly tagged old image last', async () => {
		const planned = (await plan('--budget', '0')).engines[0]!.items.map(item => item.reference);
		expect(planned).toEqual(['lastuse/a:1', 'lastuse/b:1', 'lastuse/b:2']);
	});
});

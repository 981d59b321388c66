#!/usr/bin/env node
// Many distinct images, fast, for `npm run bench`: one `docker load` of a generated archive in
// the `docker save` layout where every image has its own config (so its own ID) and all of them
// share one tiny layer. The engine stores the layer once, so 10,000 images cost little disk.
//
//   node scripts/bench-images.mjs --count 1000 [--prefix bench/img] [--tag 1.0.0] [--used-every 10]
//
// Talks to whatever DOCKER_HOST says: run it with the environment of `scripts/sandbox env`.
import {spawn} from 'node:child_process';
import {createHash} from 'node:crypto';
import {request} from 'node:http';
import {parseArgs} from 'node:util';
import {pathToFileURL} from 'node:url';

/** Every generated image is created one second after the previous one, from this moment on. */
const createdBase = Date.parse('2025-01-01T00:00:00Z');
const layerFile = 'bench.txt';
const layerText = 'dockswab bench layer\n';

export const defaultPrefix = 'bench/img';
export const defaultTag = '1.0.0';

/** `bench/img-00042:1.0.0`: zero-padded so the name order is the index order. */
export function imageRef(index, {prefix = defaultPrefix, tag = defaultTag} = {}) {
	return `${prefix}-${String(index).padStart(5, '0')}:${tag}`;
}

// ------------------------------------------------------------------ tar (ustar)

function octal(value, width) {
	return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function tarHeader(name, size) {
	const header = Buffer.alloc(512);
	const put = (text, offset) => header.write(text, offset, 'latin1');
	put(name, 0);
	put(octal(0o644, 8), 100);
	put(octal(0, 8), 108);
	put(octal(0, 8), 116);
	put(octal(size, 12), 124);
	put(octal(0, 12), 136);
	put('        ', 148); // the checksum is summed with its own field as spaces
	put('0', 156);
	put('ustar\0', 257);
	put('00', 263);
	let sum = 0;
	for (const byte of header) sum += byte;
	put(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
	return header;
}

/** One archive member: header, content, zero padding to the next 512-byte block. */
function tarEntry(name, content) {
	const body = Buffer.from(content);
	const padding = Buffer.alloc((512 - (body.length % 512)) % 512);
	return Buffer.concat([tarHeader(name, body.length), body, padding]);
}

const tarEnd = Buffer.alloc(1024);

// --------------------------------------------------------------- image archive

const sha256 = data => createHash('sha256').update(data).digest('hex');

function sharedLayer() {
	const tar = Buffer.concat([tarEntry(layerFile, layerText), tarEnd]);
	return {tar, diffId: `sha256:${sha256(tar)}`, path: `${sha256(tar)}/layer.tar`};
}

const dockerArch = {x64: 'amd64', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x'};

/** The config differs per index (label, env, created), which makes each image ID distinct. */
function imageConfig(index, layer, prefix) {
	const created = new Date(createdBase + index * 1000).toISOString();
	return JSON.stringify({
		architecture: dockerArch[process.arch] ?? process.arch,
		os: 'linux',
		created,
		config: {
			Cmd: ['/bench'],
			Env: [`BENCH_INDEX=${index}`],
			Labels: {'dockswab.bench': 'true', 'dockswab.bench.prefix': prefix, 'dockswab.bench.index': String(index)},
		},
		rootfs: {type: 'layers', diff_ids: [layer.diffId]},
		history: [{created, created_by: 'dockswab bench generator'}],
	});
}

/** The archive `docker load` reads: the shared layer once, then one config per image, then manifest.json. */
export function* imageArchive(indexes, {prefix = defaultPrefix, tag = defaultTag} = {}) {
	const layer = sharedLayer();
	yield tarEntry(layer.path, layer.tar);
	const manifest = [];
	for (const index of indexes) {
		const config = imageConfig(index, layer, prefix);
		const configName = `${sha256(config)}.json`;
		yield tarEntry(configName, config);
		manifest.push({Config: configName, RepoTags: [imageRef(index, {prefix, tag})], Layers: [layer.path]});
	}
	yield tarEntry('manifest.json', JSON.stringify(manifest));
	yield tarEnd;
}

function run(command, args, {env, input} = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {env, stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', chunk => (stdout += chunk));
		child.stderr.on('data', chunk => (stderr += chunk));
		child.on('error', reject);
		child.on('close', code => (code === 0 ? resolve(stdout) : reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.trim()}`))));
		if (input) writeAll(child.stdin, input).catch(reject);
	});
}

async function writeAll(stream, chunks) {
	for (const chunk of chunks) {
		if (!stream.write(chunk)) await new Promise(resolve => stream.once('drain', resolve));
	}
	stream.end();
}

/** The indexes of `prefix-NNNNN:tag` images the engine already has. */
export async function existingIndexes({env = process.env, prefix = defaultPrefix, tag = defaultTag} = {}) {
	const out = await run('docker', ['images', '--format', '{{.Repository}}:{{.Tag}}', '--filter', `reference=${prefix}-*:${tag}`], {env});
	const pattern = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}-(\\d+):`);
	return new Set(
		out
			.split('\n')
			.map(line => pattern.exec(line)?.[1])
			.filter(Boolean)
			.map(Number),
	);
}

/** `docker load` of an archive (the archive's chunks as they are generated). */
export const dockerLoad = env => archive => run('docker', ['load', '-q'], {env, input: archive});

/**
 * The same archive imported by the engine's own containerd (`ctr images import`, unpacked into
 * its snapshotter): on the containerd store the images are the same records, blobs and snapshots
 * `docker load` makes, without dockerd's per-image work, which grows with the images stored.
 */
export const containerdImport =
	({ctr, address, namespace, snapshotter}) =>
	archive =>
		run(ctr, ['--address', address, '--namespace', namespace, 'images', 'import', '--snapshotter', snapshotter, '-'], {input: archive});

/** Loads the images with indexes [from, to) that are missing; returns how many were loaded. */
export async function loadImages({from = 0, to, prefix = defaultPrefix, tag = defaultTag, env = process.env, load = dockerLoad(env)}) {
	const have = await existingIndexes({env, prefix, tag});
	const missing = [];
	for (let index = from; index < to; index++) if (!have.has(index)) missing.push(index);
	if (missing.length > 0) await load(imageArchive(missing, {prefix, tag}));
	return missing.length;
}

// ------------------------------------------------------- containers (the ~10% used)

/** A plain HTTP call to the engine's unix socket: 1,000 `docker create` processes would take minutes. */
export function engineRequest(env, method, path, body) {
	const socketPath = (env.DOCKER_HOST ?? '').replace(/^unix:\/\//, '');
	if (!socketPath.startsWith('/')) throw new Error(`DOCKER_HOST must be a unix socket, got "${env.DOCKER_HOST}"`);
	const payload = body === undefined ? undefined : JSON.stringify(body);
	return new Promise((resolve, reject) => {
		const req = request({socketPath, method, path, headers: payload ? {'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload)} : {}}, res => {
			let text = '';
			res.setEncoding('utf8');
			res.on('data', chunk => (text += chunk));
			res.on('end', () => {
				if (res.statusCode >= 300) reject(new Error(`${method} ${path}: ${res.statusCode} ${text.trim()}`));
				else resolve(text ? JSON.parse(text) : null);
			});
		});
		req.on('error', reject);
		req.end(payload);
	});
}

/** Runs `task` over `items` with at most `limit` in flight. */
async function inParallel(items, limit, task) {
	let next = 0;
	const worker = async () => {
		while (next < items.length) await task(items[next++]);
	};
	await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker));
}

/** Which indexes a bench container uses: one in `every`. */
export function usedIndexes(count, every = 10) {
	const used = [];
	for (let index = 3; index < count; index += every) used.push(index);
	return used;
}

/** Creates (never starts) one container per used image that has none yet; returns how many were created. */
export async function createContainers({indexes, prefix = defaultPrefix, tag = defaultTag, env = process.env, parallel = 8}) {
	const existing = await engineRequest(env, 'GET', `/containers/json?all=1&filters=${encodeURIComponent(JSON.stringify({label: ['dockswab.bench=true']}))}`);
	const have = new Set(existing.map(container => container.Image));
	const wanted = indexes.map(index => imageRef(index, {prefix, tag})).filter(ref => !have.has(ref));
	await inParallel(wanted, parallel, ref =>
		engineRequest(env, 'POST', '/containers/create', {
			Image: ref,
			Labels: {'dockswab.bench': 'true'},
			NetworkDisabled: true,
			HostConfig: {NetworkMode: 'none'},
		}),
	);
	return wanted.length;
}

// ------------------------------------------------------------------------- CLI

async function main() {
	const {values} = parseArgs({
		options: {
			count: {type: 'string'},
			from: {type: 'string', default: '0'},
			prefix: {type: 'string', default: defaultPrefix},
			tag: {type: 'string', default: defaultTag},
			'used-every': {type: 'string', default: '0'},
			help: {type: 'boolean', short: 'h'},
		},
	});
	if (values.help || !values.count) {
		process.stderr.write('usage: node scripts/bench-images.mjs --count N [--from K] [--prefix bench/img] [--tag 1.0.0] [--used-every 10]\n');
		process.exitCode = values.help ? 0 : 2;
		return;
	}
	const to = Number(values.count);
	const options = {prefix: values.prefix, tag: values.tag};
	const started = performance.now();
	const loaded = await loadImages({from: Number(values.from), to, ...options});
	const every = Number(values['used-every']);
	const created = every > 0 ? await createContainers({indexes: usedIndexes(to, every), ...options}) : 0;
	process.stdout.write(`loaded ${loaded} images, created ${created} containers in ${Math.round(performance.now() - started)} ms\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	main().catch(error => {
		process.stderr.write(`bench-images: ${error.message}\n`);
		process.exitCode = 1;
	});
}

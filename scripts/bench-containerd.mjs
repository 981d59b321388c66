// The containerd image store's part of `npm run bench`: the sandbox's Docker 26 engine with the
// containerd snapshotter (the store new Docker installs and Docker Desktop use), measured at one N
// next to the docker CLI on that same engine. Its engine CPU is dockerd's plus its containerd's:
// on this store dockerd asks containerd for every image record, content blob and snapshot.
import {readlinkSync} from 'node:fs';
import path from 'node:path';
import {containerdImport, dockerLoad, imageArchive} from './bench-images.mjs';
import {docker} from './bench-process.mjs';
import {echoFloor} from './bench-floors.mjs';

/** dockerd's containerd namespace: the images it lists are the records there. */
const dockerdNamespace = 'moby';
/** `docker load`s timed at the measured N, to say what loading through dockerd costs there. */
const dockerLoadSample = 20;

/** The engine processes measured on this store, as pid files under the sandbox. */
export function containerdEngineProcesses(sandboxDir) {
	return {dockerd: path.join(sandboxDir, 'cs', 'dockerd.pid'), containerd: path.join(sandboxDir, 'cs', 'containerd.pid')};
}

/**
 * Imports through the engine's own containerd: its `ctr`, from the same package and directory as
 * the running containerd binary, on the sandbox's grpc socket.
 */
export function containerdLoader({sandboxDir, containerdPid, snapshotter}) {
	const ctr = path.join(path.dirname(readlinkSync(`/proc/${containerdPid}/exe`)), 'ctr');
	return containerdImport({ctr, address: path.join(sandboxDir, 'cs', 'containerd', 'containerd.sock'), namespace: dockerdNamespace, snapshotter});
}

/** Refuses anything but the sandbox's containerd-store engine; returns what the report names it by. */
export async function containerdEngineFacts(env) {
	const labels = await docker(env, 'info', '--format', '{{json .Labels}}');
	if (!labels.includes('dockswab.sandbox=true') || !labels.includes('dockswab.sandbox.store=containerd')) {
		throw new Error(`refusing ${env.DOCKER_HOST}: not the dockswab sandbox's containerd-store engine`);
	}
	const [version, api] = (await docker(env, 'version', '--format', '{{.Server.Version}} {{.Server.APIVersion}}')).split(' ');
	const components = JSON.parse(await docker(env, 'version', '--format', '{{json .Server.Components}}'));
	const driverStatus = JSON.parse(await docker(env, 'info', '--format', '{{json .DriverStatus}}'));
	const driverType = driverStatus.find(([key]) => key === 'driver-type')?.[1] ?? 'unknown';
	if (driverType !== 'io.containerd.snapshotter.v1') throw new Error(`${env.DOCKER_HOST} does not use the containerd image store (driver-type ${driverType})`);
	const releaseVersion = version.split('+')[0];
	return {
		label: `Docker ${releaseVersion}, containerd store`,
		dockerEngine: `${version} (API ${api})`,
		containerd: components.find(component => component.Name === 'containerd')?.Version ?? 'unknown',
		snapshotter: await docker(env, 'info', '--format', '{{.Driver}}'),
		driverType,
	};
}

/**
 * The containerd store's rows at `count` images: importing them (timed), start → first screen,
 * engine CPU in the first 10 s, keystroke → frame, the bulk delete, and what `docker load` costs
 * at that N. `attempt` keeps one failed measure from ending the others.
 */
export async function measureContainerdStore({bench, count, facts, attempt, log, measures}) {
	log(`${facts.label}: loading images up to N=${count}`);
	const generation = await bench.prepareImages(count);
	const result = {engine: facts, count, generation};
	if (measures.has('startup')) result.startup = await attempt('start-up', () => bench.startup(count));
	if (measures.has('engine')) result.engineStart = await attempt('engine CPU at start', () => bench.engineStart(count));
	if (measures.has('cursor')) result.cursorMoves = await attempt('cursor moves', () => bench.cursorMoves(count));
	// The terminal's own echo in the same harness, right after: the floor of the keystroke row.
	if (measures.has('cursor')) result.echoFloor = await attempt('echo floor', () => echoFloor({tmux: bench.tmux, env: {}, moves: bench.options.moves}));
	if (measures.has('bulk')) result.bulkDelete = await attempt('bulk delete', () => bench.bulkDelete(count));
	// Last, so no measure runs on more than N images.
	if (measures.has('load')) result.dockerLoadSample = await attempt('docker load sample', () => timeDockerLoad(bench.env, count));
	return result;
}

/**
 * `docker load` of a few more images into the store of `count`, timed: the cost that made the
 * bench import through containerd instead (dockerd's share grows with every image already stored).
 */
async function timeDockerLoad(env, count) {
	const started = performance.now();
	await dockerLoad(env)(
		imageArchive(
			Array.from({length: dockerLoadSample}, (_, index) => index),
			{prefix: 'bench/loadsample'},
		),
	);
	const loadMs = performance.now() - started;
	return {count, images: dockerLoadSample, loadMs: Math.round(loadMs), perImageMs: Math.round(loadMs / dockerLoadSample)};
}

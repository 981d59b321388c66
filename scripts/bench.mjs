#!/usr/bin/env node
// `npm run bench`: dockswab as built (dist/cli.js), driven in tmux against its own sandbox engine
// ($DOCKSWAB_BENCH_DIR, default /tmp/dsb-bench), measured next to the docker CLI doing the same work. Writes
// bench/results.json (every sample) and bench/results.md (the table, also printed).
// Benchmarks are not tests: nothing here fails on a missed target, it reports it.
import {execFile} from 'node:child_process';
import {createServer} from 'node:net';
import {chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync} from 'node:fs';
import {createHash} from 'node:crypto';
import {readdir, readFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs, promisify} from 'node:util';
import {createContainers, dockerLoad, existingIndexes, imageRef, loadImages, usedIndexes} from './bench-images.mjs';
import {TmuxServer} from './bench-tmux.mjs';
import {measureTransfers} from './bench-transfer.mjs';
import {measureLayers} from './bench-layers.mjs';
import {containerdEngineFacts, containerdEngineProcesses, containerdLoader, measureContainerdStore} from './bench-containerd.mjs';
import {docker, timeCommand} from './bench-process.mjs';
import {echoFloor, inkMemoryFloor} from './bench-floors.mjs';
import {median, round, summary} from './bench-stats.mjs';

const execFileAsync = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const builtCli = path.join(root, 'dist', 'cli.js');
// Its own variable: a DOCKSWAB_SANDBOX_DIR set for development must not be restarted by the bench.
const sandboxDir = process.env.DOCKSWAB_BENCH_DIR || '/tmp/dsb-bench';
const benchStarted = performance.now();

const usage = `usage: npm run bench -- [options]   (or: node scripts/bench.mjs [options] after npm run build)
  --quick              smoke run: N = 10 and 1,000, fewer runs, shorter idle window
  --counts 10,1000,10000   image counts N, ascending (images are added incrementally)
  --runs 5             runs per start-up measurement (median reported)
  --tag-tries 20       external \`docker tag\` tries at N = 1,000 (p95 reported)
  --tag-tries-large 5  tries at the largest N when it is above 1,000
  --moves 40           cursor moves for keystroke latency and bytes per move
  --idle-seconds 10    idle window length
  --bulk 200           images deleted in the bulk-delete comparison
  --bulk-rounds 3      bulk-delete rounds (median reported)
  --transfer-runs 5    push and pull rounds against docker push / docker pull (median reported)
  --transfer-mib 50    size of each random image pushed and pulled
  --fleet-runs 5       fleet pane rounds (2 live engines, one silent; median reported)
  --layers-runs 3      \`dockswab layers\` rounds against \`docker save IMAGE > /dev/null\` (median reported)
  --layers-mib 1000    size of the random layer of the image they read (plus a layer of 100,000 files)
  --containerd-count N images on the containerd-store engine (Docker 26); default: the largest --counts
  --containerd-measures startup,engine,cursor,bulk,load   which of the containerd part's measures run (default: all)
  --only fleet,cursor  run only the named measures: startup (and external tag), engine (its CPU at start), fleet, cursor, idle, bulk, transfer, layers,
                       containerd (start, engine CPU, keystroke and bulk delete on the containerd-store engine; run alone, it keeps
                       the classic rows of the results file it rewrites)
  --keep               leave the bench sandbox running (the next run reuses its images)
  --out bench          output directory`;

// ----------------------------------------------------------------------------- options

function containerdCount(text) {
	const count = Number(text);
	if (!Number.isInteger(count) || count < 2) throw new Error(`--containerd-count must be an integer ≥ 2, got "${text}"`);
	return count;
}

const containerdMeasureNames = ['startup', 'engine', 'cursor', 'bulk', 'load'];

/** The containerd part's measures to run (all by default): at 10,000 images one of them alone takes minutes. */
function containerdMeasures(text) {
	if (text === undefined) return new Set(containerdMeasureNames);
	const names = text.split(',').filter(Boolean);
	const unknown = names.filter(name => !containerdMeasureNames.includes(name));
	if (names.length === 0 || unknown.length > 0) throw new Error(`--containerd-measures takes some of ${containerdMeasureNames.join(',')}, got "${text}"`);
	return new Set(names);
}

function parseOptions(argv) {
	const {values} = parseArgs({
		args: argv,
		options: {
			quick: {type: 'boolean', default: false},
			counts: {type: 'string'},
			runs: {type: 'string'},
			'tag-tries': {type: 'string'},
			'tag-tries-large': {type: 'string'},
			moves: {type: 'string'},
			'idle-seconds': {type: 'string'},
			bulk: {type: 'string'},
			'bulk-rounds': {type: 'string'},
			'transfer-runs': {type: 'string'},
			'transfer-mib': {type: 'string'},
			'fleet-runs': {type: 'string'},
			'layers-runs': {type: 'string'},
			'layers-mib': {type: 'string'},
			'containerd-count': {type: 'string'},
			'containerd-measures': {type: 'string'},
			only: {type: 'string'},
			keep: {type: 'boolean', default: false},
			out: {type: 'string', default: 'bench'},
			help: {type: 'boolean', short: 'h', default: false},
		},
	});
	const quick = values.quick;
	const number = (name, full, fast) => Number(values[name] ?? (quick ? fast : full));
	const counts = (values.counts ?? (quick ? '10,1000' : '10,1000,10000')).split(',').map(Number);
	if (counts.some(n => !Number.isInteger(n) || n < 2) || counts.some((n, i) => i > 0 && n <= counts[i - 1])) {
		throw new Error(`--counts must be ascending integers ≥ 2, got "${values.counts}"`);
	}
	return {
		help: values.help,
		quick,
		counts,
		runs: number('runs', 5, 3),
		tagTries: number('tag-tries', 20, 8),
		tagTriesLarge: number('tag-tries-large', 5, 3),
		moves: number('moves', 40, 15),
		idleSeconds: number('idle-seconds', 10, 5),
		bulk: number('bulk', 200, 50),
		bulkRounds: number('bulk-rounds', 3, 3),
		transferRuns: number('transfer-runs', 5, 1),
		transferMib: number('transfer-mib', 50, 50),
		fleetRuns: number('fleet-runs', 5, 3),
		layersRuns: number('layers-runs', 3, 1),
		layersMib: number('layers-mib', 1000, 100),
		containerdCount: values['containerd-count'] === undefined ? null : containerdCount(values['containerd-count']),
		containerdMeasures: containerdMeasures(values['containerd-measures']),
		only: values.only ? new Set(values.only.split(',')) : null,
		keep: values.keep,
		out: path.resolve(root, values.out),
	};
}

// ------------------------------------------------------------------------ small helpers

const delay = ms => new Promise(resolve => setTimeout(resolve, ms));
function log(message) {
	const seconds = ((performance.now() - benchStarted) / 1000).toFixed(0).padStart(4);
	process.stderr.write(`bench [${seconds}s] ${message}\n`);
}

// ------------------------------------------------------------------------------ /proc

const clockTicks = Number((await execFileAsync('getconf', ['CLK_TCK'])).stdout.trim()) || 100;

/**
 * CPU used by a process so far, two ways: utime+stime from /proc/<pid>/stat (clock ticks, coarse:
 * 10 ms at CLK_TCK 100) and the sum of every thread's /proc/<pid>/task/<tid>/schedstat run time
 * (nanoseconds; a thread that exits inside the window takes its share with it).
 */
async function cpuOf(pid) {
	const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const ticks = Number(fields[11]) + Number(fields[12]);
	let runNs = 0;
	for (const tid of await readdir(`/proc/${pid}/task`)) {
		const schedstat = await readFile(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').catch(() => '0');
		runNs += Number(schedstat.split(' ')[0]);
	}
	return {statMs: (ticks * 1000) / clockTicks, schedMs: runNs / 1e6};
}

const cpuDelta = (before, after) => ({statMs: round(after.statMs - before.statMs), schedMs: round(after.schedMs - before.schedMs, 2)});

async function memoryOf(pid) {
	const status = await readFile(`/proc/${pid}/status`, 'utf8');
	const kib = name => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
	return {rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024};
}

/** The pane's process is node itself: tmux runs an argv without a shell. */
async function programPid(pane) {
	const pid = await pane.pid();
	const comm = (await readFile(`/proc/${pid}/comm`, 'utf8')).trim();
	if (comm !== 'node') throw new Error(`expected node in the pane, found ${comm} (pid ${pid})`);
	return pid;
}

/** Busy and total jiffies of the whole machine (/proc/stat), to say how much else ran during the bench. */
function machineCpu() {
	const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
	const [user, nice, system, idle, iowait, irq, softirq, steal] = fields.map(Number);
	const busy = user + nice + system + irq + softirq + steal;
	return {busy, total: busy + idle + iowait};
}

const cpuAtStart = machineCpu();

const fileSize = file => (existsSync(file) ? statSync(file).size : 0);

// ---------------------------------------------------------------------------- sandbox

function sandbox(...args) {
	return execFileAsync('bash', [path.join(root, 'scripts', 'sandbox'), ...args], {env: {...process.env, DOCKSWAB_SANDBOX_DIR: sandboxDir}, maxBuffer: 16 * 1024 * 1024});
}

/** The environment every docker CLI call and dockswab itself get: the bench sandbox only. */
async function sandboxEnv() {
	const {stdout} = await sandbox('env', '--json');
	const sandboxVars = JSON.parse(stdout);
	const env = {
		...process.env,
		DOCKER_HOST: sandboxVars.DOCKER_HOST,
		DOCKER_CONFIG: sandboxVars.DOCKER_CONFIG,
		DOCKSWAB_ENGINE2_HOST: sandboxVars.DOCKSWAB_ENGINE2_HOST,
		DOCKSWAB_CONTAINERD_HOST: sandboxVars.DOCKSWAB_CONTAINERD_HOST,
		DOCKER_CLI_HINTS: 'false',
		// Loopback only: the bench's bench/… names are Docker Hub references, and dockswab checks
		// Hub for the images running containers use unless told not to.
		DOCKSWAB_DOCKER_HUB: 'off',
	};
	for (const name of ['DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_TLS']) delete env[name];
	const labels = await docker(env, 'info', '--format', '{{json .Labels}}');
	if (!labels.includes('dockswab.sandbox=true')) throw new Error(`refusing ${env.DOCKER_HOST}: not a dockswab sandbox engine`);
	return env;
}

/**
 * Starts the bench sandbox, reusing a kept one only when both measured engines hold nothing but
 * bench images up to their first N (images are only ever added, so a bigger or dirty engine starts over).
 */
async function startSandbox(firstCount, containerdCount) {
	const running = await sandbox('status').then(
		() => true,
		() => false,
	);
	if (running) {
		const env = await sandboxEnv();
		const clean = async (engineEnv, count) => {
			const bench = (await existingIndexes({env: engineEnv})).size;
			const all = (await docker(engineEnv, 'images', '-aq')).split('\n').filter(Boolean).length;
			return {bench, all, reusable: bench === all && bench <= count};
		};
		const {bench, all, reusable} = await clean(env, firstCount);
		const store = await clean({...env, DOCKER_HOST: env.DOCKSWAB_CONTAINERD_HOST}, containerdCount);
		if (reusable && store.reusable) {
			log(`reusing the running bench sandbox (${bench} images)`);
			return env;
		}
		log(`bench sandbox holds ${all} images (${store.all} on the containerd store); starting it afresh`);
		await sandbox('stop');
	}
	log(`starting the bench sandbox (${sandboxDir})`);
	await sandbox('start');
	return sandboxEnv();
}

/**
 * The processes whose CPU is the engine's, by name → pid file. The classic store's image work is
 * dockerd's alone; on the containerd store dockerd asks its containerd for content, snapshots and
 * image records, so both do the work and both are measured.
 */
const classicEngineProcesses = {dockerd: path.join(sandboxDir, 'dockerd.pid')};

const readPid = file => Number(readFileSync(file, 'utf8').trim());

// ------------------------------------------------------------------------- dockswab in tmux

/** Finds the screen line of a repository:tag row, as `docker images` prints it. */
function imageLine(screen, repository, tag) {
	return screen.split('\n').find(line => {
		const cells = line.trim().replace(/^● /, '').split(/\s+/);
		return cells[0] === repository && cells[1] === tag;
	});
}

function splitRef(ref) {
	const colon = ref.lastIndexOf(':');
	return {repository: ref.slice(0, colon), tag: ref.slice(colon + 1)};
}

const stripEscapes = text => text.replace(/\x1B\[[0-9;:]*[A-Za-z]/g, '');

/** The text of the list row drawn in inverse video (the cursor), from a capture with escapes; the pane tabs above the column header are inverse too. */
function cursorLine(screenWithEscapes) {
	const lines = screenWithEscapes.split('\n');
	const header = lines.findIndex(line => stripEscapes(line).includes('REPOSITORY'));
	const line = lines.slice(header + 1).find(candidate => /\x1B\[[0-9;]*\b7m/.test(candidate));
	return header < 0 || line === undefined ? null : stripEscapes(line).trim();
}

class Bench {
	/** One engine measured: its environment, processes and way to load images; the tmux server and the copy of the build are shared by every engine (`name` keeps their sessions apart). */
	constructor(options, {name, env, engineProcesses, load = dockerLoad(env), workDir, tmux, cli}) {
		this.options = options;
		this.name = name;
		this.env = env;
		this.engineProcesses = engineProcesses;
		this.load = load;
		this.workDir = workDir;
		this.tmux = tmux;
		this.sessions = 0;
		this.cli = cli;
	}

	/** [name, pid] of every engine process, read afresh (an engine may have been restarted). */
	enginePids() {
		return Object.entries(this.engineProcesses).map(([name, file]) => [name, readPid(file)]);
	}

	/** The engine processes' CPU so far: their sum, and each one's schedstat run time. */
	async engineCpu() {
		const each = await Promise.all(this.enginePids().map(async ([name, pid]) => [name, await cpuOf(pid)]));
		return {
			statMs: each.reduce((sum, [, cpu]) => sum + cpu.statMs, 0),
			schedMs: each.reduce((sum, [, cpu]) => sum + cpu.schedMs, 0),
			byProcess: Object.fromEntries(each.map(([name, cpu]) => [name, cpu.schedMs])),
		};
	}

	/**
	 * The environment dockswab runs with inside tmux: the sandbox engine, logs kept in the work dir.
	 * No CI variable at all: even CI=false makes supports-color turn colours off, and a real
	 * terminal gets colours (they are part of the bytes written).
	 */
	programEnv(extra = {}) {
		return {
			DOCKER_HOST: this.env.DOCKER_HOST,
			DOCKER_CONFIG: this.env.DOCKER_CONFIG,
			XDG_STATE_HOME: path.join(this.workDir, 'state'),
			...extra,
		};
	}

	/**
	 * Opens a fresh session, starts dockswab and waits for `ref`'s row. Returns the pane, the pid
	 * and the start → first screen time.
	 */
	async startDockswab({ref, columns = 120, rows = 40, env = {}, pipeFile, timeoutMs = 300_000}) {
		const pane = await this.tmux.openPane({name: `${this.name}${++this.sessions}`, columns, rows, env: this.programEnv(env)});
		try {
			if (pipeFile) await pane.pipeTo(pipeFile);
			const {repository, tag} = splitRef(ref);
			// As users start it (the bin): its first line starts node with dockswab's flags.
			const startedAt = await pane.start([this.cli]);
			const {at} = await pane.waitFor(screen => imageLine(screen, repository, tag), {since: startedAt, timeoutMs, what: `row ${ref}`});
			return {pane, pid: await programPid(pane), startedAt, firstScreenMs: at - startedAt};
		} catch (error) {
			await pane.close();
			throw error;
		}
	}

	/**
	 * Waits until start-up work is over (registry checks, a re-list for events the engine replayed
	 * from the moment of the first lists, a late GC) before anything is measured on an "idle"
	 * program. Settled = nothing drawn for 2 s, and dockswab and the engine's processes all quiet for 2.5 s.
	 */
	async settle(pane, pid, {timeoutMs = 30_000} = {}) {
		const pids = [pid, ...this.enginePids().map(([, enginePid]) => enginePid)];
		const started = performance.now();
		let quietSamples = 0;
		let last = await Promise.all(pids.map(cpuOf));
		while (performance.now() - started < timeoutMs) {
			await delay(500);
			const now = await Promise.all(pids.map(cpuOf));
			const busy = now.some((cpu, index) => cpu.schedMs - last[index].schedMs >= 5);
			quietSamples = busy ? 0 : quietSamples + 1;
			last = now;
			if (quietSamples >= 5 && performance.now() - pane.lastOutputAt >= 2000) return round(performance.now() - started, 0);
		}
		log(`warning: dockswab did not settle within ${timeoutMs / 1000} s; measuring anyway`);
		return null;
	}

	newestRef(count) {
		return imageRef(count - 1);
	}

	// ------------------------------------------------------------------- images per N

	async prepareImages(count) {
		const started = performance.now();
		const loaded = await loadImages({to: count, env: this.env, load: this.load});
		const loadMs = performance.now() - started;
		const used = usedIndexes(count);
		const containersStarted = performance.now();
		const created = await createContainers({indexes: used, env: this.env});
		const containersMs = performance.now() - containersStarted;
		log(`N=${count}: loaded ${loaded} images in ${(loadMs / 1000).toFixed(1)} s, created ${created} containers in ${(containersMs / 1000).toFixed(1)} s`);
		return {count, imagesLoaded: loaded, loadMs: round(loadMs, 0), containersCreated: created, containersTotal: used.length, containersMs: round(containersMs, 0)};
	}

	/** `docker images` and dockswab's first screen, interleaved run by run so drift hits both. */
	async startup(count) {
		const dockerImages = [];
		const dockerPs = [];
		const nodeStart = [];
		const firstScreen = [];
		const containersListed = [];
		const rss = [];
		const peak = [];
		for (let run = 0; run < this.options.runs; run++) {
			dockerImages.push(await timeCommand('docker', ['images'], this.env));
			// The first screen also shows which containers use each image: what `docker ps -a` lists.
			dockerPs.push(await timeCommand('docker', ['ps', '-a'], this.env));
			nodeStart.push(await timeCommand(process.execPath, ['-e', '0'], this.env));
			const started = await this.startDockswab({ref: this.newestRef(count)});
			try {
				firstScreen.push(started.firstScreenMs);
				// The images come first when the containers list slowly (the containerd store): the
				// screen is whole once the containers tab has its count.
				containersListed.push((await containersCounted(started.pane, started.startedAt)) - started.startedAt);
				// RSS once start-up work is over and the UI is loaded, not just the first frame drawn.
				await this.settle(started.pane, started.pid);
				const memory = await memoryOf(started.pid);
				rss.push(memory.rssMiB);
				peak.push(memory.peakMiB);
			} finally {
				await started.pane.close();
			}
		}
		const result = {
			dockerImagesMs: summary(dockerImages),
			dockerPsMs: summary(dockerPs),
			nodeStartMs: summary(nodeStart),
			firstScreenMs: summary(firstScreen),
			containersListedMs: summary(containersListed),
			rssMiB: summary(rss),
			peakRssMiB: summary(peak),
		};
		result.ratio = round(result.firstScreenMs.median / result.dockerImagesMs.median, 2);
		result.ratioWithPs = round(result.containersListedMs.median / (result.dockerImagesMs.median + result.dockerPsMs.median), 2);
		// What Node and the engine cost anyway: node's own start plus `docker images`, in the same run.
		result.floorMs = round(result.nodeStartMs.median + result.dockerImagesMs.median, 1);
		log(
			`N=${count}: first screen ${result.firstScreenMs.median} ms, docker images ${result.dockerImagesMs.median} ms (${result.ratio}×), node -e 0 ${result.nodeStartMs.median} ms, RSS ${result.rssMiB.median} MiB`,
		);
		return result;
	}

	/**
	 * `4` pressed → the fleet pane lists both live engines (the sandbox's two) while a third, a
	 * loopback port that accepts and never answers, is still being asked; next to the slower of
	 * the two engines' `docker images`, run for run.
	 */
	async fleet(count, engine2Count) {
		const engine2 = {...this.env, DOCKER_HOST: this.env.DOCKSWAB_ENGINE2_HOST};
		const labels = await docker(engine2, 'info', '--format', '{{json .Labels}}');
		if (!labels.includes('dockswab.sandbox=true')) throw new Error(`refusing ${engine2.DOCKER_HOST}: not a dockswab sandbox engine`);
		await loadImages({to: engine2Count, env: engine2});
		const silent = createServer(socket => silentSockets.push(socket));
		const silentSockets = [];
		await new Promise(resolve => silent.listen(0, '127.0.0.1', resolve));
		const configDir = path.join(this.workDir, 'fleet-config');
		const contexts = {one: this.env.DOCKER_HOST, two: engine2.DOCKER_HOST, dead: `tcp://127.0.0.1:${silent.address().port}`};
		for (const [name, host] of Object.entries(contexts)) await docker(this.env, '--config', configDir, 'context', 'create', name, '--docker', `host=${host}`);
		const timeoutSeconds = 5;
		const cli = [];
		const pane = [];
		try {
			for (let run = 0; run < this.options.fleetRuns; run++) {
				cli.push(Math.max(await timeCommand('docker', ['images'], this.env), await timeCommand('docker', ['images'], engine2)));
				const started = await this.startDockswab({ref: this.newestRef(count), env: {DOCKER_CONFIG: configDir, DOCKSWAB_FLEET_TIMEOUT: String(timeoutSeconds)}});
				try {
					await this.settle(started.pane, started.pid);
					const sentAt = performance.now();
					await started.pane.keys('4');
					const {at, found} = await started.pane.waitFor(screen => (screen.includes('2/3 engines live: one, two') && /\b2\/2\b/.test(screen) ? screen : null), {
						since: sentAt,
						timeoutMs: 60_000,
						what: 'the fleet pane with both live engines',
					});
					if (!found.includes('dead: asking')) log('warning: the silent engine was no longer being asked when the live ones showed');
					pane.push(at - sentAt);
				} finally {
					await started.pane.close();
				}
			}
		} finally {
			for (const socket of silentSockets) socket.destroy();
			await new Promise(resolve => silent.close(resolve));
		}
		const result = {count, engine2Count, timeoutSeconds, runs: this.options.fleetRuns, paneMs: summary(pane), slowestDockerImagesMs: summary(cli)};
		result.ratio = round(result.paneMs.median / result.slowestDockerImagesMs.median, 2);
		log(`fleet: both live engines on screen ${result.paneMs.median} ms after 4, slowest docker images ${result.slowestDockerImagesMs.median} ms (${result.ratio}×)`);
		return result;
	}

	async nodeStartup() {
		const samples = [];
		for (let run = 0; run < this.options.runs; run++) samples.push(await timeCommand(process.execPath, ['-e', '0'], this.env));
		return summary(samples);
	}

	// ------------------------------------------------------- keystroke → frame, bytes per move

	/** `j` presses at 160x48: time until the cursor row moved on screen, Ink's render time, bytes written. */
	async cursorMoves(count) {
		const renderLog = path.join(this.workDir, `render-${count}.log`);
		const pipeFile = path.join(this.workDir, `moves-${count}.out`);
		const started = await this.startDockswab({ref: this.newestRef(count), columns: 160, rows: 48, env: {DOCKSWAB_RENDER_LOG: renderLog}, pipeFile});
		const {pane} = started;
		try {
			await this.settle(pane, started.pid);
			const renderOffset = fileSize(renderLog);
			const pipeBefore = fileSize(pipeFile);
			let cursor = cursorLine(await pane.screen({escapes: true}));
			const latency = [];
			const bytes = [];
			for (let move = 0; move < this.options.moves; move++) {
				const bytesBefore = pane.bytes;
				const sentAt = performance.now();
				await pane.keys('j');
				const {at, found} = await pane.waitFor(
					screen => {
						const line = cursorLine(screen);
						return line && line !== cursor ? line : null;
					},
					{escapes: true, since: sentAt, what: 'the cursor to move'},
				);
				latency.push(at - sentAt);
				cursor = found;
				// The rest of this frame, if the terminal got it in several pieces.
				await pane.quiet({quietMs: 40});
				bytes.push(pane.bytes - bytesBefore);
			}
			await pane.quiet({quietMs: 500});
			const piped = fileSize(pipeFile) - pipeBefore;
			const renders = readRenderTimes(renderLog, renderOffset);
			const result = {
				count,
				columns: 160,
				rows: 48,
				moves: this.options.moves,
				screenLatencyMs: summary(latency),
				onRenderMs: renders ? summary(renders, 2) : null,
				onRenderFrames: renders ? renders.length : 0,
				bytesPerMove: {...summary(bytes, 0), meanFromPipePane: round(piped / this.options.moves, 0), pipePaneTotal: piped, controlModeTotal: bytes.reduce((a, b) => a + b, 0)},
			};
			log(`N=${count}: keystroke → screen ${result.screenLatencyMs.median} ms, onRender ${result.onRenderMs?.median ?? 'n/a'} ms, ${result.bytesPerMove.meanFromPipePane} B/move`);
			return result;
		} finally {
			await pane.close();
		}
	}

	// --------------------------------------------------------------------------- idle

	/** CPU of the engine over one idle window with nothing of ours talking to it. */
	async engineWindow() {
		const before = await this.engineCpu();
		await delay(this.options.idleSeconds * 1000);
		return cpuDelta(before, await this.engineCpu());
	}

	/** dockswab open and untouched: bytes to the terminal, its CPU, and dockerd's CPU next to a window without it. */
	async idle(count) {
		const engineWithout = await this.engineWindow();
		const pipeFile = path.join(this.workDir, `idle-${count}.out`);
		const started = await this.startDockswab({ref: this.newestRef(count), pipeFile});
		const {pane, pid} = started;
		try {
			const settledAfterMs = await this.settle(pane, pid);
			await avoidMinuteTick(this.options.idleSeconds);
			const before = {piped: fileSize(pipeFile), bytes: pane.bytes, cpu: await cpuOf(pid), engine: await this.engineCpu()};
			// Second by second too, to tell a one-off burst (a late GC) from a steady cost (a timer).
			const perSecond = [];
			let previous = before.cpu;
			for (let second = 0; second < this.options.idleSeconds; second++) {
				await delay(1000);
				const now = await cpuOf(pid);
				perSecond.push(round(now.schedMs - previous.schedMs, 2));
				previous = now;
			}
			const after = {cpu: previous, engine: await this.engineCpu(), bytes: pane.bytes};
			await delay(300); // pipe-pane's `cat` may still be writing what came at the very end
			const engineWith = cpuDelta(before.engine, after.engine);
			const result = {
				count,
				seconds: this.options.idleSeconds,
				settledAfterMs,
				bytesWritten: fileSize(pipeFile) - before.piped,
				bytesWrittenControlMode: after.bytes - before.bytes,
				dockswabCpuMs: cpuDelta(before.cpu, after.cpu),
				dockswabCpuMsPerSecond: perSecond,
				engineCpuMsWithout: engineWithout,
				engineCpuMsWith: engineWith,
				engineCpuMsAdded: {statMs: round(engineWith.statMs - engineWithout.statMs), schedMs: round(engineWith.schedMs - engineWithout.schedMs, 2)},
			};
			log(`N=${count}: idle ${result.bytesWritten} B, ${result.dockswabCpuMs.schedMs} ms CPU, engine +${result.engineCpuMsAdded.schedMs} ms`);
			return result;
		} finally {
			await pane.close();
		}
	}

	// ------------------------------------------------------------- engine CPU at start

	/** Until the engine used less than 5 ms of CPU in each of 5 half-second samples (image loading and its aftermath are over). */
	async engineQuiet(timeoutMs = 60_000) {
		const started = performance.now();
		let quietSamples = 0;
		let last = await this.engineCpu();
		while (quietSamples < 5 && performance.now() - started < timeoutMs) {
			await delay(500);
			const now = await this.engineCpu();
			quietSamples = now.schedMs - last.schedMs < 5 ? quietSamples + 1 : 0;
			last = now;
		}
		if (quietSamples < 5) log(`warning: the engine did not become quiet within ${timeoutMs / 1000} s; measuring anyway`);
	}

	/**
	 * The engine's CPU from just before dockswab starts to 10 s later, minus an equal window without
	 * dockswab, next to the engine's CPU for one `docker images` at the same N (median of 3). Each
	 * engine process's share is kept too (dockerd and containerd on the containerd store).
	 */
	async engineStart(count) {
		const windowMs = 10_000;
		const used = (before, after) => ({
			total: after.schedMs - before.schedMs,
			byProcess: Object.fromEntries(Object.entries(after.byProcess).map(([name, ms]) => [name, round(ms - before.byProcess[name])])),
		});
		await this.engineQuiet();
		const dockerImages = [];
		const dockerPs = [];
		for (let run = 0; run < 3; run++) {
			const before = await this.engineCpu();
			await timeCommand('docker', ['images'], this.env);
			dockerImages.push(used(before, await this.engineCpu()));
			const psBefore = await this.engineCpu();
			await timeCommand('docker', ['ps', '-a'], this.env);
			dockerPs.push(used(psBefore, await this.engineCpu()).total);
		}
		await this.engineQuiet();
		const quietBefore = await this.engineCpu();
		await delay(windowMs);
		const without = used(quietBefore, await this.engineCpu());
		const before = await this.engineCpu();
		const startedAt = performance.now();
		const started = await this.startDockswab({ref: this.newestRef(count)});
		let withDockswab;
		let windowUsedMs = windowMs;
		try {
			// Where the first screen takes more than half the window (the containerd store at large N),
			// 10 s would cut dockswab's start-up work short: the window then runs until the engine and
			// dockswab are quiet again, and the window without dockswab is scaled to its length.
			if (started.firstScreenMs > windowMs / 2) await this.settle(started.pane, started.pid, {timeoutMs: 600_000});
			await delay(Math.max(0, startedAt + windowMs - performance.now()));
			windowUsedMs = Math.max(windowMs, performance.now() - startedAt);
			withDockswab = used(before, await this.engineCpu());
		} finally {
			await started.pane.close();
		}
		const scale = windowUsedMs / windowMs;
		without.total *= scale;
		for (const name of Object.keys(without.byProcess)) without.byProcess[name] *= scale;
		const imagesTotals = dockerImages.map(run => run.total);
		// The split shown for `docker images` is the one of the run whose total is the median.
		const medianRun = dockerImages.find(run => run.total === median(imagesTotals));
		const result = {
			count,
			windowSeconds: round(windowUsedMs / 1000, windowUsedMs === windowMs ? 0 : 1),
			firstScreenMs: round(started.firstScreenMs, 0),
			engineCpuMsWith: round(withDockswab.total),
			engineCpuMsWithout: round(without.total),
			engineCpuMsAdded: round(withDockswab.total - without.total),
			engineCpuMsAddedByProcess: Object.fromEntries(Object.keys(withDockswab.byProcess).map(name => [name, round(withDockswab.byProcess[name] - without.byProcess[name])])),
			dockerImagesEngineCpuMs: summary(imagesTotals),
			dockerImagesEngineCpuMsByProcess: medianRun.byProcess,
			dockerPsEngineCpuMs: summary(dockerPs),
		};
		result.ratio = round(result.engineCpuMsAdded / result.dockerImagesEngineCpuMs.median, 2);
		result.ratioWithPs = round(result.engineCpuMsAdded / (result.dockerImagesEngineCpuMs.median + result.dockerPsEngineCpuMs.median), 2);
		log(
			`N=${count}: engine CPU in the first ${result.windowSeconds} s after start +${result.engineCpuMsAdded} ms ${JSON.stringify(result.engineCpuMsAddedByProcess)}, one docker images ${result.dockerImagesEngineCpuMs.median} ms (${result.ratio}×)`,
		);
		return result;
	}

	// --------------------------------------------------------------- external change → screen

	/**
	 * `docker tag` of the newest image to a fresh name (its row sorts to the top at sort: created),
	 * then the time until the row is on screen; the tag is removed again before the next try.
	 */
	async externalTag(count, tries) {
		const newest = this.newestRef(count);
		const started = await this.startDockswab({ref: newest});
		const {pane} = started;
		const fromReturn = [];
		const fromStart = [];
		const cli = [];
		try {
			await this.settle(pane, started.pid);
			for (let attempt = 0; attempt < tries; attempt++) {
				const repository = `bench/ext-${count}-${attempt}`;
				const ref = `${repository}:t`;
				const tagStarted = performance.now();
				await docker(this.env, 'tag', newest, ref);
				const tagReturned = performance.now();
				const {at} = await pane.waitFor(screen => imageLine(screen, repository, 't'), {since: tagStarted, timeoutMs: 60_000, what: `row ${ref}`});
				fromReturn.push(at - tagReturned);
				fromStart.push(at - tagStarted);
				cli.push(tagReturned - tagStarted);
				await docker(this.env, 'rmi', ref);
				await pane.waitFor(screen => !imageLine(screen, repository, 't'), {timeoutMs: 60_000, what: `row ${ref} to go`});
				await pane.quiet({quietMs: 300});
			}
		} finally {
			await pane.close();
		}
		const result = {count, tries, fromDockerTagReturnMs: summary(fromReturn), fromDockerTagStartMs: summary(fromStart), dockerTagCliMs: summary(cli)};
		log(`N=${count}: external tag → screen p95 ${result.fromDockerTagReturnMs.p95} ms, median ${result.fromDockerTagReturnMs.median} ms`);
		return result;
	}

	// ------------------------------------------------------------------------ bulk delete

	/**
	 * Rounds of: `docker rmi` of one set of `size` references, and dockswab deleting another set
	 * through the UI (filter, mark all, d, y), the order alternating. Medians: one round is one
	 * sample of engine work that varies by a tenth from run to run.
	 */
	async bulkDelete(count) {
		const size = this.options.bulk;
		const rounds = this.options.bulkRounds;
		const refsOf = prefix => Array.from({length: size}, (_, index) => imageRef(index, {prefix, tag: '1'}));
		const left = async prefix => (await existingIndexes({env: this.env, prefix, tag: '1'})).size;
		const sets = Array.from({length: rounds}, (_, index) => ({cli: `bench/bulkdel-a${index}`, dockswab: `bench/bulkdel-b${index}`}));
		const loadStarted = performance.now();
		for (const set of sets) for (const prefix of Object.values(set)) await loadImages({to: size, prefix, tag: '1', env: this.env, load: this.load});
		const loadMs = performance.now() - loadStarted;

		const viaCli = async prefix => {
			const ms = await timeCommand('docker', ['rmi', ...refsOf(prefix)], this.env);
			return {ms, left: await left(prefix)};
		};
		// Deletes on the containerd store at 10,000 images take seconds each: the wait grows with the set.
		const viaDockswab = async prefix => {
			const started = await this.startDockswab({ref: this.newestRef(count)});
			const {pane} = started;
			try {
				// A plan waits for the containers: d is pressed once their list is on screen.
				await containersCounted(pane, started.startedAt);
				await this.settle(pane, started.pid);
				await pane.keys('/');
				await pane.type(`${prefix}-`);
				await pane.keys('Enter');
				await pane.waitFor(screen => screen.includes(`${size} rows`), {what: `${size} rows after filtering`});
				await pane.keys('*');
				await pane.waitFor(screen => screen.includes(`${size} marked`), {what: `${size} marked`});
				await pane.keys('d');
				await pane.waitFor(screen => screen.includes(`Delete ${size} references`), {timeoutMs: 600_000, what: 'the delete plan'});
				await pane.quiet({quietMs: 500});
				const confirmedAt = performance.now();
				await pane.keys('y');
				const {at, found} = await pane.waitFor(screen => /\d+ done · \d+ failed( · \d+ skipped)?/.exec(screen)?.[0], {
					since: confirmedAt,
					timeoutMs: Math.max(600_000, size * 15_000),
					what: 'the delete results',
				});
				return {ms: at - confirmedAt, summary: found.trim()};
			} finally {
				await pane.close();
			}
		};

		const cli = [];
		const dockswab = [];
		let summaryLine = '';
		let cliLeft = 0;
		let dockswabLeft = 0;
		for (const [index, set] of sets.entries()) {
			const runCli = async () => {
				const done = await viaCli(set.cli);
				cli.push(done.ms);
				cliLeft += done.left;
			};
			const runDockswab = async () => {
				const done = await viaDockswab(set.dockswab);
				dockswab.push(done.ms);
				summaryLine = done.summary;
				dockswabLeft += await left(set.dockswab);
			};
			if (index % 2 === 0) {
				await runCli();
				await runDockswab();
			} else {
				await runDockswab();
				await runCli();
			}
		}
		const result = {
			count,
			images: size,
			rounds,
			loadMs: round(loadMs, 0),
			dockerRmiMs: round(median(cli), 0),
			dockerRmiSamplesMs: cli.map(value => round(value, 0)),
			dockerRmiLeft: cliLeft,
			dockswabMs: round(median(dockswab), 0),
			dockswabSamplesMs: dockswab.map(value => round(value, 0)),
			dockswabSummary: summaryLine,
			dockswabLeft,
			ratio: round(median(dockswab) / median(cli), 2),
		};
		log(`N=${count}: bulk delete of ${size}, ${rounds} rounds: dockswab ${result.dockswabSamplesMs.join(', ')} ms (${summaryLine}), docker rmi ${result.dockerRmiSamplesMs.join(', ')} ms`);
		return result;
	}
}

/**
 * When the containers tab first showed its count since `since` (the images may come first; the
 * tab has no count while the containers are being listed).
 */
async function containersCounted(pane, since) {
	const {at} = await pane.waitFor(screen => / 2 Containers \d/.test(screen), {since, timeoutMs: 600_000, what: 'the containers tab count'});
	return at;
}

/** Render times Ink reported (DOCKSWAB_RENDER_LOG: one JSON line per frame) after `offset`, or null. */
function readRenderTimes(file, offset) {
	if (!existsSync(file)) return null;
	const text = readFileSync(file).subarray(offset).toString('utf8');
	const times = text
		.split('\n')
		.filter(Boolean)
		.map(line => JSON.parse(line).renderTime)
		.filter(Number.isFinite);
	return times.length > 0 ? times : null;
}

/**
 * Ages on screen advance once a minute, on the minute, by design; an idle window is placed between
 * two such ticks so that it measures idleness rather than the clock.
 */
async function avoidMinuteTick(seconds) {
	const intoMinute = Date.now() % 60_000;
	const needed = (seconds + 2) * 1000;
	if (intoMinute > 1000 && 60_000 - intoMinute > needed) return;
	await delay(60_000 - intoMinute + 1500);
}

// ------------------------------------------------------------------------------ report

/** Which build was measured: the commit, whether the work tree had changes, and the bundle's hash. */
async function buildFacts(cliCopy) {
	const git = async (...args) => (await execFileAsync('git', args, {cwd: root})).stdout.trim();
	return {
		commit: await git('rev-parse', '--short', 'HEAD').catch(() => 'unknown'),
		uncommittedFiles: (await git('status', '--porcelain').catch(() => '')).split('\n').filter(Boolean).length,
		cliSha256: createHash('sha256').update(readFileSync(cliCopy)).digest('hex').slice(0, 16),
	};
}

async function machineFacts(env) {
	const engine = await docker(env, 'version', '--format', '{{.Server.Version}} (API {{.Server.APIVersion}})');
	const storage = await docker(env, 'info', '--format', '{{.Driver}}');
	const tmux = (await execFileAsync('tmux', ['-V'])).stdout.trim();
	const client = await docker(env, 'version', '--format', '{{.Client.Version}}');
	return {
		node: process.version,
		dockerEngine: engine,
		dockerCli: client,
		storageDriver: storage,
		tmux,
		cores: os.cpus().length,
		cpuModel: os.cpus()[0]?.model ?? 'unknown',
		memoryGiB: round(os.totalmem() / 2 ** 30, 1),
		kernel: os.release(),
		clockTicksPerSecond: clockTicks,
		loadAverageAtStart: os.loadavg().map(value => round(value, 2)),
	};
}

const yesNo = met => (met === null ? 'n/a' : met ? 'yes' : 'no');
const ms = value => (value === null || value === undefined ? '–' : `${value} ms`);

// At small and medium N the first screen may take node's own start plus `docker images` plus
// 40 ms; at 10,000 images, where the engine's answer dominates, at most 1.1× `docker images`.
const startupSlackMs = {10: 40, 1000: 40};
const startupTargets = {10000: 1.1};
const rssTargets = {10: 55, 1000: 90, 10000: 150};
// At the smallest N, dockswab may cost 8 MiB over the smallest Ink app measured in the same run
// (scripts/ink-floor.mjs): a fixed 55 MiB was below what any Ink app reaches on some machines.
const rssOverInkFloorMiB = 8;

function startupRows(results, options, add) {
	for (const count of options.counts) {
		const startup = results.startup[count];
		if (!startup) continue;
		const slack = startupSlackMs[count];
		if (slack !== undefined && startup.floorMs !== undefined) {
			const budget = round(startup.floorMs + slack, 1);
			add(
				`start → first screen, N=${count}`,
				ms(startup.firstScreenMs.median),
				`${ms(startup.dockerImagesMs.median)} (docker images) + ${ms(startup.nodeStartMs.median)} (node -e 0)`,
				`${startup.ratio}×`,
				`≤ node + docker images + ${slack} ms (${ms(budget)})`,
				startup.firstScreenMs.median <= budget,
			);
			continue;
		}
		const limit = startupTargets[count];
		add(
			`start → first screen, N=${count}`,
			ms(startup.firstScreenMs.median),
			`${ms(startup.dockerImagesMs.median)} (docker images)`,
			`${startup.ratio}×`,
			limit ? `≤ ${limit}×` : '–',
			limit ? startup.ratio <= limit : null,
		);
		// The first screen says which containers use each image: the CLI needs `docker ps -a` for that.
		if (startup.dockerPsMs)
			add(
				`start → images and containers on screen, N=${count}, against both listed`,
				ms((startup.containersListedMs ?? startup.firstScreenMs).median),
				`${ms(startup.dockerImagesMs.median)} (docker images) + ${ms(startup.dockerPsMs.median)} (docker ps -a)`,
				`${startup.ratioWithPs}×`,
				limit ? `≤ ${limit}×` : '–',
				limit ? startup.ratioWithPs <= limit : null,
			);
	}
	if (results.nodeStartupMs) add('node -e 0 (start-up floor)', '–', ms(results.nodeStartupMs.median), '–', '–', null);
	for (const count of options.counts) {
		const startup = results.startup[count];
		if (!startup) continue;
		const rss = startup.rssMiB.median;
		if (results.inkFloor && count === options.counts[0]) {
			const limit = round(results.inkFloor.rssMiB + rssOverInkFloorMiB, 1);
			add(
				`RSS after start, N=${count}`,
				`${rss} MiB (peak ${startup.peakRssMiB.median})`,
				`${results.inkFloor.rssMiB} MiB (two-line Ink app)`,
				'–',
				`≤ Ink floor + ${rssOverInkFloorMiB} MiB (${limit} MiB)`,
				rss <= limit,
			);
			continue;
		}
		const limit = rssTargets[count];
		add(`RSS after start, N=${count}`, `${rss} MiB (peak ${startup.peakRssMiB.median})`, '–', '–', limit ? `≤ ${limit} MiB` : '–', limit ? rss <= limit : null);
	}
}

/** `dockerd 300 ms + containerd 200 ms` where the engine is more than one process, else nothing. */
function processSplit(byProcess) {
	const entries = Object.entries(byProcess ?? {});
	return entries.length > 1 ? entries.map(([name, value]) => `${name} ${ms(value)}`).join(' + ') : null;
}

function engineStartRows(start, add) {
	const split = processSplit(start.engineCpuMsAddedByProcess);
	const cliSplit = processSplit(start.dockerImagesEngineCpuMsByProcess);
	add(
		`engine CPU, first ${start.windowSeconds} s after start, N=${start.count}`,
		split ? `${ms(start.engineCpuMsAdded)} (${split})` : ms(start.engineCpuMsAdded),
		`${ms(start.dockerImagesEngineCpuMs.median)} (one docker images${cliSplit ? `: ${cliSplit}` : ''})`,
		`${start.ratio}×`,
		'≤ 1.5×',
		start.ratio <= 1.5,
	);
	if (start.dockerPsEngineCpuMs) {
		add(
			`engine CPU, first ${start.windowSeconds} s after start, N=${start.count}, against images and containers listed`,
			ms(start.engineCpuMsAdded),
			`${ms(start.dockerImagesEngineCpuMs.median)} (one docker images) + ${ms(start.dockerPsEngineCpuMs.median)} (one docker ps -a)`,
			`${start.ratioWithPs}×`,
			'≤ 1.5×',
			start.ratioWithPs <= 1.5,
		);
	}
}

// A keystroke's frame may come at most this much after the terminal's own echo of a key.
const keystrokeOverEchoMs = 8;

function cursorRows(moves, add, echo) {
	const at = `N=${moves.count}, ${moves.columns}x${moves.rows}`;
	add(
		`keystroke → frame on screen, ${at}, median (p95)`,
		`${ms(moves.screenLatencyMs.median)} (${moves.screenLatencyMs.p95})`,
		'–',
		'–',
		'≤ 10 ms (p95 ≤ 20 ms)',
		moves.screenLatencyMs.median <= 10 && moves.screenLatencyMs.p95 <= 20,
	);
	if (echo) {
		const over = round(moves.screenLatencyMs.median - echo.medianMs, 1);
		add(
			`keystroke over the echo floor, ${at}, median`,
			`${ms(over)} (${ms(moves.screenLatencyMs.median)} − ${ms(echo.medianMs)})`,
			`${ms(echo.medianMs)} (\`cat\` echo, p95 ${echo.p95Ms})`,
			'–',
			`≤ ${keystrokeOverEchoMs} ms`,
			over <= keystrokeOverEchoMs,
		);
	}
	add(
		`Ink onRender time per frame, ${at}, median (p95)`,
		moves.onRenderMs ? `${ms(moves.onRenderMs.median)} (${moves.onRenderMs.p95})` : 'not instrumented',
		'–',
		'–',
		'≤ 16 ms',
		moves.onRenderMs ? moves.onRenderMs.median <= 16 : null,
	);
	add(`bytes written per cursor move, ${at}, mean (max)`, `${moves.bytesPerMove.meanFromPipePane} B (${moves.bytesPerMove.max})`, '–', '–', '≤ 2048 B', moves.bytesPerMove.meanFromPipePane <= 2048);
}

function idleRows(idle, add) {
	const per10 = value => round((value * 10) / idle.seconds, 1);
	add(`idle ${idle.seconds} s: bytes written, N=${idle.count}`, `${idle.bytesWritten} B`, '–', '–', '0 B', idle.bytesWritten === 0);
	add(`idle: dockswab CPU per 10 s (stat ticks)`, `${per10(idle.dockswabCpuMs.schedMs)} ms (${per10(idle.dockswabCpuMs.statMs)})`, '–', '–', '≤ 10 ms', per10(idle.dockswabCpuMs.schedMs) <= 10);
	// dockerd's own housekeeping varies by a few ms from window to window: within one clock tick counts as none.
	const tick = 1000 / clockTicks;
	add(
		`idle: engine CPU added per 10 s (with − without)`,
		`${per10(idle.engineCpuMsAdded.schedMs)} ms`,
		`${per10(idle.engineCpuMsWithout.schedMs)} ms without`,
		'–',
		`none (≤ ${tick} ms)`,
		per10(idle.engineCpuMsAdded.schedMs) <= tick,
	);
}

function externalTagRows(results, add) {
	for (const tag of Object.values(results.externalTag).filter(Boolean)) {
		const screen = tag.fromDockerTagReturnMs;
		if (tag.count <= 1000) {
			const judged = tag.count === 1000;
			add(
				`external docker tag → row on screen, N=${tag.count}, p95 (median)`,
				`${ms(screen.p95)} (${screen.median})`,
				`${ms(tag.dockerTagCliMs.median)} (docker tag)`,
				'–',
				judged ? '≤ 150 ms' : '–',
				judged ? screen.p95 <= 150 : null,
			);
			continue;
		}
		const images = results.startup[tag.count]?.dockerImagesMs.median;
		const ratio = images ? round(screen.median / images, 2) : null;
		const judged = tag.count === 10000 && ratio !== null;
		add(
			`external docker tag → row on screen, N=${tag.count}, median (p95)`,
			`${ms(screen.median)} (${screen.p95})`,
			`${ms(images)} (docker images)`,
			`${ratio}×`,
			tag.count === 10000 ? '≤ 1.2×' : '–',
			judged ? ratio <= 1.2 : null,
		);
	}
}

function transferRows(transfer, add) {
	for (const op of ['push', 'pull']) {
		const row = transfer[op];
		add(
			`${op} ${transfer.mib} MiB of random data (1 layer), median of ${transfer.runs}`,
			ms(row.dockswabMs.median),
			`${ms(row.cliMs.median)} (docker ${op})`,
			`${row.ratio}×`,
			'≤ 1.05×',
			row.ratio <= 1.05,
		);
	}
}

function layersRows(layers, add) {
	const runs = layers.runs > 1 ? `, median of ${layers.runs}` : ', one run';
	add(
		`layers of a ${layers.mib} MiB image with ${layers.files} files${runs}`,
		ms(layers.layersMs.median),
		`${ms(layers.saveMs.median)} (docker save > /dev/null)`,
		`${layers.ratio}×`,
		'≤ 1.2×',
		layers.ratio <= 1.2,
	);
}

function fleetRows(fleet, add) {
	add(
		`fleet pane: 4 → both live engines listed, a third silent (timeout ${fleet.timeoutSeconds} s); N=${fleet.count} and ${fleet.engine2Count}, median of ${fleet.runs}`,
		ms(fleet.paneMs.median),
		`${ms(fleet.slowestDockerImagesMs.median)} (slower docker images)`,
		`${fleet.ratio}×`,
		'≤ 1.2×',
		fleet.ratio <= 1.2,
	);
}

function bulkDeleteRows(bulk, add) {
	const left = bulk.dockswabLeft ? `, ${bulk.dockswabLeft} still there` : '';
	const rounds = bulk.rounds > 1 ? `, median of ${bulk.rounds}` : bulk.rounds === 1 ? ', one round' : '';
	add(
		`delete ${bulk.images} unused images, N=${bulk.count}${rounds}`,
		`${ms(bulk.dockswabMs)} (${bulk.dockswabSummary}${left})`,
		`${ms(bulk.dockerRmiMs)} (docker rmi)`,
		`${bulk.ratio}×`,
		'≤ 1.0×',
		bulk.ratio <= 1 && bulk.dockswabLeft === 0,
	);
}

/** One row per measure: what dockswab did, what the CLI did for the same, the target and whether it is met. */
function tableRows(results, options) {
	const rows = [];
	const add = (measure, dockswab, cliValue, ratio, target, met) => rows.push({measure, dockswab, cli: cliValue, ratio, target, met});
	startupRows(results, options, add);
	if (results.engineStart) engineStartRows(results.engineStart, add);
	if (results.cursorMoves) cursorRows(results.cursorMoves, add, results.echoFloor);
	if (results.idle) idleRows(results.idle, add);
	externalTagRows(results, add);
	if (results.bulkDelete) bulkDeleteRows(results.bulkDelete, add);
	if (results.transfer) transferRows(results.transfer, add);
	if (results.fleet) fleetRows(results.fleet, add);
	if (results.layers) layersRows(results.layers, add);
	for (const [measure, message] of Object.entries(results.errors)) add(measure, failure(message), '–', '–', '–', false);
	if (results.containerd) containerdRows(results.containerd, add);
	return rows;
}

/** The containerd store's rows, each labelled with the engine, against the docker CLI on that same engine. */
function containerdRows(store, add) {
	const addLabelled = (measure, ...rest) => add(`${store.engine.label}: ${measure}`, ...rest);
	if (store.startup) startupRows({startup: {[store.count]: store.startup}}, {counts: [store.count]}, addLabelled);
	if (store.engineStart) engineStartRows(store.engineStart, addLabelled);
	if (store.cursorMoves) cursorRows(store.cursorMoves, addLabelled, store.echoFloor);
	if (store.bulkDelete) bulkDeleteRows(store.bulkDelete, addLabelled);
	for (const [measure, message] of Object.entries(store.errors)) add(measure, failure(message), '–', '–', '–', false);
}

/** The report's paragraph on the containerd store: its engine, its own run, how its images got there and what its engine CPU counts. */
function containerdParagraph(store, classicFromEarlierRun) {
	const {engine, run, generation: step, dockerLoadSample: sample} = store;
	const when = classicFromEarlierRun
		? `from a run of its own (${run.finishedAt}, ${(run.durationMs / 60000).toFixed(1)} min, flags \`${run.argv.join(' ')}\`, commit ${run.build.commit}${run.build.uncommittedFiles ? ` + ${run.build.uncommittedFiles} uncommitted files` : ''}); the rows above them come from the run described at the top`
		: `from this run (its part: ${(run.durationMs / 60000).toFixed(1)} min)`;
	const loaded = step
		? `N=${step.count}: +${step.imagesLoaded} images in ${(step.loadMs / 1000).toFixed(1)} s, imported by the engine's own containerd (\`ctr images import\` of the same archive into dockerd's namespace \`moby\`, unpacked into its ${engine.snapshotter} snapshotter: the records, blobs and snapshots \`docker load\` makes), +${step.containersCreated} containers in ${(step.containersMs / 1000).toFixed(1)} s`
		: 'no images loaded';
	const viaDocker = sample
		? ` \`docker load\` of ${sample.images} more at N=${sample.count}, after the measures, took ${(sample.loadMs / 1000).toFixed(1)} s (${sample.perImageMs} ms an image${step?.imagesLoaded ? `, against ${(step.loadMs / step.imagesLoaded).toFixed(0)} ms an image imported` : ''}): dockerd's share of a load grows with every image already stored.`
		: '';
	return `${engine.label} rows: dockerd ${engine.dockerEngine} on containerd ${engine.containerd} with the containerd image store (${engine.snapshotter} snapshotter, ${engine.driverType}), the bench sandbox's third engine, measured against the docker CLI on that same engine (medians of ${run.runs} runs for start-up and RSS, ${run.moves} cursor moves, ${run.bulkRounds} bulk-delete round${run.bulkRounds === 1 ? '' : 's'}), ${when}; load average ${run.loadAverageAtStart.join(' ')} at its start, ${run.loadAverageAtEnd.join(' ')} at its end, all cores ${run.machineBusyPercent}% busy. Images: ${loaded}.${viaDocker} Engine CPU there = dockerd's plus its containerd's schedstat run time (on this store dockerd asks containerd for every image record, blob and snapshot, so both do the work; each one's share in brackets); where the first screen takes more than 5 s, the window runs until dockswab and both engine processes are quiet again, and the window without dockswab is scaled to its length.
`;
}

function markdown(results, rows) {
	const header = '| measure | dockswab | docker CLI | ratio | target | met |\n|---|---|---|---|---|---|';
	const body = rows.map(row => `| ${row.measure} | ${row.dockswab} | ${row.cli} | ${row.ratio} | ${row.target} | ${yesNo(row.met)} |`).join('\n');
	const machine = results.machine;
	const met = rows.filter(row => row.met === true).length;
	const judged = rows.filter(row => row.met !== null).length;
	const generation = results.generation
		.map(step => `N=${step.count}: +${step.imagesLoaded} images in ${(step.loadMs / 1000).toFixed(1)} s, +${step.containersCreated} containers in ${(step.containersMs / 1000).toFixed(1)} s`)
		.join('; ');
	return `# dockswab benchmark

${results.finishedAt} · ${results.options.quick ? 'quick run' : 'full run'} · ${(results.durationMs / 60000).toFixed(1)} min · flags: \`${results.argv.join(' ') || '(none)'}\`
Build: commit ${results.build.commit}${results.build.uncommittedFiles ? ` + ${results.build.uncommittedFiles} uncommitted files` : ''}, dist/cli.js sha256 ${results.build.cliSha256}.
Machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Linux ${machine.kernel}, node ${machine.node}, Docker Engine ${machine.dockerEngine} (${machine.storageDriver}), docker CLI ${machine.dockerCli}, ${machine.tmux}; load average ${machine.loadAverageAtStart.join(' ')} at start, ${results.loadAverageAtEnd.join(' ')} at end; all cores ${results.machineBusyPercent}% busy during the run (every process, the bench's included).

${header}
${body}

Targets met: ${met} of ${judged}. Medians of ${results.options.runs} runs for start-up and RSS; ${results.options.moves} cursor moves; tmux pane 120x40 unless stated.

How: every image is its own config over one shared layer (\`docker load\`), ~10% of images used by a created (not started) container. ${generation}.
First screen = \`tmux respawn-pane\` of \`dist/cli.js\` (as the bin runs) until the newest image's row is on screen (tmux control mode reports each output, the screen is captured then), next to \`docker images\` spawn → exit, run for run.
Keystroke → frame = \`send-keys j\` until the inverse row on screen changed; onRender from \`DOCKSWAB_RENDER_LOG\`. Bytes = what the pane received (\`pipe-pane\`).
${results.engineStart ? `Engine CPU at start = dockerd's schedstat run time from just before dockswab starts to ${results.engineStart.windowSeconds} s later, minus an equal window without dockswab just before; next to dockerd's run time around one \`docker images\` (median of 3).\n` : ''}Idle = a ${results.options.idleSeconds} s window after start-up settled, placed between two minute ticks (ages refresh once a minute by design); CPU from /proc/<pid>/task/*/schedstat (stat ticks in brackets, ${1000 / machine.clockTicksPerSecond} ms resolution); engine CPU = dockerd, with dockswab open minus an equal window before it started.
External tag = \`docker tag <newest image> bench/ext-…:t\` returned → row on screen, tag removed between tries. Bulk delete = \`/\` filter, \`*\`, \`d\`, \`y\` → "N done · 0 failed" on screen, against one \`docker rmi\` with as many references (another set of images); ${results.options.bulkRounds ?? 3} rounds, the order alternating, medians.
${results.containerd ? containerdParagraph(results.containerd, results.classicFromEarlierRun) : ''}${results.transfer ? `Push and pull = each round pushes a fresh image of random bytes with \`docker push\` and another with dockswab (order alternating), removes both, pulls each back the same way, to the sandbox's password registry on loopback; no layer is ever shared. dockswab runs in its own node process through the operation runner, its store subscriber folding every progress update into the layer lines and totals the view draws (${results.transfer.storeUpdatesPerTransfer.join(', ')} updates per transfer); its time is runner start → operation done in the already running process, the CLI's spawn → exit (\`docker --version\` alone takes ${results.transfer.cliStartMs} ms).\n` : ''}`;
}

// -------------------------------------------------------------------------------- main

/** A failed measure's row: the first line of its error, cut short (a failed `docker rmi` names 200 references). */
function failure(message) {
	const line = message.split('\n')[0];
	return `failed: ${line.length > 200 ? `${line.slice(0, 200)}…` : line}`;
}

const benchLock = `${sandboxDir}.lock`;

/**
 * One bench at a time on a sandbox: a second one would find the first one's working images
 * (bulk-delete sets) and start the sandbox afresh under it, losing its engine mid-measure.
 */
function takeBenchLock() {
	const holder = existsSync(benchLock) ? Number(readFileSync(benchLock, 'utf8')) : 0;
	if (holder > 0 && holder !== process.pid) {
		let alive = true;
		try {
			process.kill(holder, 0);
		} catch {
			alive = false;
		}
		if (alive) throw new Error(`another bench (pid ${holder}) is using ${sandboxDir}: wait for it, or set DOCKSWAB_BENCH_DIR to another directory`);
	}
	writeFileSync(benchLock, String(process.pid));
}

async function main() {
	const argv = process.argv.slice(2);
	const options = parseOptions(argv);
	if (options.help) {
		process.stdout.write(`${usage}\n`);
		return;
	}
	if (!existsSync(builtCli)) throw new Error('dist/cli.js is missing: run `npm run build` (npm run bench does)');
	takeBenchLock();
	const workDir = mkdtempSync(path.join(os.tmpdir(), 'dsb-bench-run-'));
	const tmux = new TmuxServer(`dsb-bench-${process.pid}`, {PATH: process.env.PATH, HOME: process.env.HOME ?? '/root', LANG: 'C.UTF-8'});
	let sandboxStarted = false;
	const cleanup = async () => {
		rmSync(benchLock, {force: true});
		await tmux.kill();
		rmSync(workDir, {recursive: true, force: true});
		if (sandboxStarted && !options.keep) {
			log('stopping the bench sandbox');
			await sandbox('stop').catch(error => log(`sandbox stop failed: ${error.message}`));
		}
	};
	const interrupted = signal => {
		log(`${signal}: cleaning up`);
		cleanup().finally(() => process.exit(130));
	};
	process.once('SIGINT', interrupted);
	process.once('SIGTERM', interrupted);

	try {
		sandboxStarted = true;
		const env = await startSandbox(options.counts[0], options.containerdCount ?? options.counts.at(-1));
		// Others may rebuild dist/ while the bench runs: every run uses this copy of one build.
		const cli = path.join(workDir, 'cli.js');
		copyFileSync(builtCli, cli);
		chmodSync(cli, 0o755);
		await tmux.start();
		const bench = new Bench(options, {name: 'b', env, engineProcesses: classicEngineProcesses, workDir, tmux, cli});
		const largest = options.counts.at(-1);
		const results = {
			argv,
			options: {...options, out: path.relative(root, options.out)},
			build: await buildFacts(cli),
			machine: await machineFacts(env),
			generation: [],
			startup: {},
			externalTag: {},
			errors: {},
		};
		// One measure failing (a timeout, say) is reported in the table; the others still run.
		const attempt = async (measure, run, errors = results.errors) => {
			try {
				return await run();
			} catch (error) {
				log(`${measure} failed: ${error.message.split('\n')[0]}`);
				errors[measure] = error.message;
				return undefined;
			}
		};
		// --only: the named measures alone (the images they need are still loaded).
		const want = name => !options.only || options.only.has(name);
		const classicWanted = !options.only || [...options.only].some(name => name !== 'containerd');
		if (classicWanted) {
			if (want('startup')) results.nodeStartupMs = await attempt('node -e 0', () => bench.nodeStartup());
			if (want('startup')) results.inkFloor = await attempt('Ink floor', () => inkMemoryFloor({root, workDir, tmux, env: {}, runs: options.runs}));
			for (const count of options.counts) {
				// Without its images nothing at this N means anything: let that failure end the run.
				results.generation.push(await bench.prepareImages(count));
				if (!want('startup')) continue;
				results.startup[count] = await attempt(`start-up, N=${count}`, () => bench.startup(count));
				// The p95 target is at N = 1,000; above it the target compares with `docker images`, fewer tries do.
				const tagHere = count === 1000 || (count === largest && (largest > 1000 || !options.counts.includes(1000)));
				const tries = count > 1000 ? options.tagTriesLarge : options.tagTries;
				if (tagHere) results.externalTag[count] = await attempt(`external tag, N=${count}`, () => bench.externalTag(count, tries));
			}
		}
		if (want('engine')) results.engineStart = await attempt(`engine CPU at start, N=${largest}`, () => bench.engineStart(largest));
		if (want('fleet')) results.fleet = await attempt(`fleet, N=${largest}`, () => bench.fleet(largest, Math.min(largest, 1000)));
		if (want('cursor')) results.cursorMoves = await attempt(`cursor moves, N=${largest}`, () => bench.cursorMoves(largest));
		if (want('cursor')) results.echoFloor = await attempt('echo floor', () => echoFloor({tmux, env: {}, moves: options.moves}));
		if (want('idle')) results.idle = await attempt(`idle, N=${largest}`, () => bench.idle(largest));
		if (want('bulk')) results.bulkDelete = await attempt(`bulk delete, N=${largest}`, () => bench.bulkDelete(largest));
		if (want('transfer'))
			results.transfer = await attempt('push and pull', async () => {
				const result = await measureTransfers({root, sandboxDir, env, workDir, runs: options.transferRuns, mib: options.transferMib, log});
				log(
					`push ${result.push.dockswabMs.median} ms vs docker push ${result.push.cliMs.median} ms (${result.push.ratio}×), pull ${result.pull.dockswabMs.median} ms vs docker pull ${result.pull.cliMs.median} ms (${result.pull.ratio}×)`,
				);
				return result;
			});
		if (want('layers')) results.layers = await attempt('layers', () => measureLayers({env, workDir, cli, runs: options.layersRuns, mib: options.layersMib, log}));
		if (want('containerd')) results.containerd = await attempt('containerd store', () => containerdSection({options, argv, env, workDir, tmux, cli, build: results.build, attempt}));

		results.loadAverageAtEnd = os.loadavg().map(value => round(value, 2));
		const cpuAtEnd = machineCpu();
		// Every process counts, the bench's own work included: on a shared machine this says how quiet it was.
		results.machineBusyPercent = busyPercent(cpuAtStart, cpuAtEnd);
		results.finishedAt = new Date().toISOString();
		results.durationMs = round(performance.now() - benchStarted, 0);
		const report = writeReport(classicWanted ? results : withPreviousClassicRows(results, options.out), options.out);
		process.stdout.write(`\n${report}\n`);
		log(`wrote ${path.relative(root, options.out)}/results.json and results.md`);
	} finally {
		await cleanup();
	}
}

const busyPercent = (start, end) => round((100 * (end.busy - start.busy)) / (end.total - start.total), 0);

/** The containerd store's rows, with the facts of its own part of the run (a run of it alone keeps the classic rows of an earlier one). */
async function containerdSection({options, argv, env, workDir, tmux, cli, build, attempt}) {
	const started = performance.now();
	const cpuBefore = machineCpu();
	const loadAverageAtStart = os.loadavg().map(value => round(value, 2));
	const csEnv = {...env, DOCKER_HOST: env.DOCKSWAB_CONTAINERD_HOST};
	const facts = await containerdEngineFacts(csEnv);
	const engineProcesses = containerdEngineProcesses(sandboxDir);
	const load = containerdLoader({sandboxDir, containerdPid: readPid(engineProcesses.containerd), snapshotter: facts.snapshotter});
	const bench = new Bench(options, {name: 'c', env: csEnv, engineProcesses, load, workDir, tmux, cli});
	const count = options.containerdCount ?? options.counts.at(-1);
	const errors = {};
	const result = await measureContainerdStore({
		bench,
		count,
		facts,
		log,
		measures: options.containerdMeasures,
		attempt: (measure, run) => attempt(`${facts.label}: ${measure}, N=${count}`, run, errors),
	});
	const cpuAfter = machineCpu();
	return {
		...result,
		errors,
		run: {
			argv,
			build,
			runs: options.runs,
			moves: options.moves,
			bulkRounds: options.bulkRounds,
			finishedAt: new Date().toISOString(),
			durationMs: round(performance.now() - started, 0),
			loadAverageAtStart,
			loadAverageAtEnd: os.loadavg().map(value => round(value, 2)),
			machineBusyPercent: busyPercent(cpuBefore, cpuAfter),
		},
	};
}

/** A run of the containerd store alone: the classic rows and facts of the results file it replaces stay, each part saying which run it comes from. */
function withPreviousClassicRows(results, out) {
	const file = path.join(out, 'results.json');
	if (!existsSync(file)) return results;
	const previous = JSON.parse(readFileSync(file, 'utf8'));
	if (!previous.finishedAt || previous.options?.only) return results;
	return {...previous, containerd: results.containerd, classicFromEarlierRun: true};
}

function writeReport(results, out) {
	const rows = tableRows(results, results.options);
	const report = markdown({...results, table: rows}, rows);
	mkdirSync(out, {recursive: true});
	writeFileSync(path.join(out, 'results.json'), `${JSON.stringify({...results, table: rows}, null, '\t')}\n`);
	writeFileSync(path.join(out, 'results.md'), report);
	return report;
}

main().catch(error => {
	if (error.code?.startsWith('ERR_PARSE_ARGS')) {
		process.stderr.write(`bench: ${error.message}\n${usage}\n`);
		process.exitCode = 2;
		return;
	}
	process.stderr.write(`bench: ${error.stack ?? error.message}\n`);
	process.exitCode = 1;
});

// Push and pull for `npm run bench`: dockswab's engine calls and operation runner next to
// `docker push` / `docker pull`, in the same run, against the bench sandbox's password registry.
//
// dockswab's side runs in its own node process, as the program does: it connects to the engine
// once, then each transfer goes through the operation runner into a store whose subscriber folds
// every update into the layer lines and totals the progress view draws, so the cost of progress
// is paid as in the program. The time is from the runner's start to the operation being done
// (the program is already running when the user starts a push); the CLI's is spawn → exit.
// Each transfer moves its own image of random bytes, so no layer is ever in the registry or the
// engine already: every push and pull moves the whole image.
import {execFile, spawn} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {promisify} from 'node:util';
import {build} from 'esbuild';
import {docker, timeCommand} from './bench-process.mjs';

const execFileAsync = promisify(execFile);

/** The dockswab side: reads `{op, repository, tag}` lines, answers `{ms, digest, updates}` lines. */
const driverSource = `
import {createInterface} from 'node:readline';
import {pinnedEngine, unversionedClient} from './source/engine/connect';
import {dockerConfigDir, resolveEngineTarget} from './source/engine/target';
import {pullImage, pushImage, registryAuthHeader} from './source/engine/transfer';
import {transferTotals} from './source/domain/transfer-progress';
import {layerLines} from './source/view/transfer-lines';
import {getCredential} from './source/registry/credentials';
import {createOperationRunner} from './source/services/operations';
import {initialState} from './source/state/reducer';
import {createAppStore} from './source/ui/dialogs/dialog-table';

const target = resolveEngineTarget(process.env);
const {docker} = pinnedEngine(target, await unversionedClient(target).version());
const store = createAppStore(initialState({host: target.host, columns: 120, rows: 40, now: Date.now()}));
const runner = createOperationRunner(store);
let updates = 0;
let drawn = 0;
store.subscribe(() => {
	const operation = store.getState().operations.at(-1);
	if (!operation) return;
	updates++;
	const now = Date.now();
	drawn += layerLines(operation.progress, 118).length + (transferTotals(operation.progress, now).done > 0 ? 1 : 0);
});

async function transfer({op, repository, tag, server}) {
	const auth = registryAuthHeader(await getCredential(dockerConfigDir(process.env), server), server);
	const call = op === 'push' ? pushImage : pullImage;
	updates = 0;
	const started = performance.now();
	const id = runner.start(op, repository + ':' + tag, (signal, report) => call(docker, repository, tag, auth, report.line, signal));
	const operation = await new Promise(resolve => {
		const unsubscribe = store.subscribe(() => {
			const current = store.getState().operations.find(entry => entry.id === id);
			if (current && current.state !== 'queued' && current.state !== 'running') {
				unsubscribe();
				resolve(current);
			}
		});
	});
	const ms = performance.now() - started;
	return {ms, state: operation.state, digest: operation.digest, error: operation.error?.message ?? null, updates};
}

const lines = createInterface({input: process.stdin});
process.stdout.write(JSON.stringify({ready: true}) + '\\n');
for await (const line of lines) process.stdout.write(JSON.stringify(await transfer(JSON.parse(line))) + '\\n');
`;

/** Bundles the driver from the sources (dependencies stay in node_modules, so it lives under the root). */
async function buildDriver(root) {
	const outfile = path.join(root, 'node_modules', '.cache', 'dockswab-bench', `transfer-${process.pid}.mjs`);
	mkdirSync(path.dirname(outfile), {recursive: true});
	await build({
		stdin: {contents: driverSource, resolveDir: root, sourcefile: 'bench-transfer-driver.ts', loader: 'ts'},
		outfile,
		bundle: true,
		packages: 'external',
		platform: 'node',
		target: 'node20',
		format: 'esm',
		define: {'process.env.NODE_ENV': '"production"'},
		logLevel: 'warning',
	});
	return outfile;
}

/** The driver process and a way to ask it for one transfer at a time. */
function startDriver(file, env) {
	const child = spawn(process.execPath, [file], {env, stdio: ['pipe', 'pipe', 'pipe']});
	let stderr = '';
	child.stderr.on('data', chunk => (stderr += chunk));
	const answers = createInterface({input: child.stdout})[Symbol.asyncIterator]();
	const next = async () => {
		const {value, done} = await answers.next();
		if (done) throw new Error(`the transfer driver exited: ${stderr.trim().split('\n').at(-1) ?? ''}`);
		return JSON.parse(value);
	};
	return {
		ready: next,
		async transfer(request) {
			child.stdin.write(`${JSON.stringify(request)}\n`);
			return next();
		},
		stop() {
			child.stdin.end();
			child.kill();
		},
	};
}

/** A one-layer image of `mib` MiB of random bytes. */
async function randomImage(env, workDir, reference, mib) {
	const dir = path.join(workDir, `random-${randomBytes(4).toString('hex')}`);
	mkdirSync(dir);
	writeFileSync(path.join(dir, 'random.bin'), randomBytes(mib * 1024 * 1024));
	await execFileAsync('tar', ['-cf', path.join(dir, 'layer.tar'), '-C', dir, 'random.bin']);
	await docker(env, 'import', path.join(dir, 'layer.tar'), reference);
	rmSync(dir, {recursive: true, force: true});
}

const median = samples => {
	const sorted = [...samples].sort((a, b) => a - b);
	const middle = sorted.length >> 1;
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const round = value => Number(value.toFixed(1));

/**
 * `runs` rounds of: push a fresh image with the CLI and another with dockswab (the order
 * alternates), remove both locally, pull each back the same way. Returns samples and medians.
 */
export async function measureTransfers({root, sandboxDir, env, workDir, runs, mib, log}) {
	const sandboxVars = JSON.parse((await execFileAsync('bash', [path.join(root, 'scripts', 'sandbox'), 'env', '--json'], {env: {...process.env, DOCKSWAB_SANDBOX_DIR: sandboxDir}})).stdout);
	const registry = sandboxVars.DOCKSWAB_REGISTRY;
	if (!/^127\.\d+\.\d+\.\d+:\d+$/.test(registry ?? '')) throw new Error(`the bench registry is not on loopback: ${registry}`);
	const password = readFileSync(sandboxVars.DOCKSWAB_REGISTRY_PASSWORD_FILE, 'utf8').trim();
	// Both sides read the credential from the sandbox's DOCKER_CONFIG, as they would the user's.
	await new Promise((resolve, reject) => {
		const login = spawn('docker', ['login', '-u', sandboxVars.DOCKSWAB_REGISTRY_USER, '--password-stdin', registry], {env, stdio: ['pipe', 'ignore', 'pipe']});
		let stderr = '';
		login.stderr.on('data', chunk => (stderr += chunk));
		login.on('close', code => (code === 0 ? resolve() : reject(new Error(`docker login: ${stderr.trim()}`))));
		login.stdin.end(password);
	});
	const driverFile = await buildDriver(root);
	const driver = startDriver(driverFile, env);
	const made = [];
	const samples = {push: {dockswab: [], cli: []}, pull: {dockswab: [], cli: []}};
	const updates = [];
	try {
		await driver.ready();
		const stamp = Date.now().toString(36);
		for (let run = 0; run < runs; run++) {
			const refs = {cli: {repository: `${registry}/bench/transfer-cli-${stamp}-${run}`, tag: '1'}, dockswab: {repository: `${registry}/bench/transfer-dsw-${stamp}-${run}`, tag: '1'}};
			const order = run % 2 === 0 ? ['cli', 'dockswab'] : ['dockswab', 'cli'];
			for (const side of order) {
				const reference = `${refs[side].repository}:${refs[side].tag}`;
				await randomImage(env, workDir, reference, mib);
				made.push(reference);
			}
			// The fresh images' bytes on disk, not still being written back while the first push reads.
			await execFileAsync('sync');
			const measure = async (op, side) => {
				const {repository, tag} = refs[side];
				if (side === 'cli') {
					samples[op].cli.push(await timeCommand('docker', [op, `${repository}:${tag}`], env));
					return;
				}
				const answer = await driver.transfer({op, repository, tag, server: registry});
				if (answer.state !== 'done') throw new Error(`dockswab ${op} of ${repository}:${tag}: ${answer.state} ${answer.error ?? ''}`);
				samples[op].dockswab.push(answer.ms);
				updates.push(answer.updates);
			};
			for (const side of order) await measure('push', side);
			await docker(env, 'rmi', `${refs.cli.repository}:${refs.cli.tag}`, `${refs.dockswab.repository}:${refs.dockswab.tag}`);
			for (const side of order) await measure('pull', side);
			log(
				`transfer run ${run + 1}/${runs}: push ${round(samples.push.dockswab.at(-1))} ms (docker push ${round(samples.push.cli.at(-1))} ms), pull ${round(samples.pull.dockswab.at(-1))} ms (docker pull ${round(samples.pull.cli.at(-1))} ms)`,
			);
		}
	} finally {
		driver.stop();
		rmSync(driverFile, {force: true});
		if (made.length > 0) await docker(env, 'rmi', '-f', ...made).catch(() => undefined);
	}
	// What every CLI sample includes besides the transfer: the client starting.
	const cliStart = [];
	for (let run = 0; run < 3; run++) cliStart.push(await timeCommand('docker', ['--version'], env));
	const result = {mib, runs, storeUpdatesPerTransfer: updates, cliStartMs: round(median(cliStart))};
	for (const op of ['push', 'pull']) {
		const dockswab = median(samples[op].dockswab);
		const cli = median(samples[op].cli);
		result[op] = {
			dockswabMs: {samples: samples[op].dockswab.map(round), median: round(dockswab)},
			cliMs: {samples: samples[op].cli.map(round), median: round(cli)},
			ratio: Number((dockswab / cli).toFixed(2)),
		};
	}
	return result;
}

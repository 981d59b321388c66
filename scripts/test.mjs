// `npm test` after the build: the unit projects, the type check and the lint run beside the
// end-to-end files, which run in two parts at once, each on its own sandbox. Apart, the unit
// phase left about 15% of two cores idle and each end-to-end part leaves about 10%: together
// they fill them (a clean clone's run: 253 s apart, about 239 s together). Only the first part's
// output streams; the others' is shown when they end. The first part is
// the classic project on $DOCKSWAB_SANDBOX_DIR. The second is the containerd project, plus a few
// classic-project files that seed no classic engine (vitest.config.ts, DOCKSWAB_E2E_PART), on a
// companion sandbox in the same dir plus "-containerd", which `scripts/sandbox stop` stops too.
// Each part keeps its files in order on its own engines and registries. A failed type check or
// lint fails the run, its output shown, as one failed suite in the report.
//
// File filters or --project run one plain `vitest run` with everything as given. A JSON report
// (--outputFile.json=F, as .ci/run asks) is written per run and merged into F.
import {spawn} from 'node:child_process';
import {existsSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

const args = process.argv.slice(2);
const vitest = join('node_modules', '.bin', 'vitest');

/** Runs a command, its output passed through, or kept and handed back when `keep` is set. */
function runCommand(command, commandArgs, env, keep) {
	return new Promise(resolve => {
		const child = spawn(command, commandArgs, {env: {...process.env, ...env}, stdio: ['ignore', keep ? 'pipe' : 'inherit', keep ? 'pipe' : 'inherit']});
		const chunks = [];
		if (keep) for (const stream of [child.stdout, child.stderr]) stream.on('data', chunk => chunks.push(chunk));
		child.on('error', error => resolve({code: 1, output: `${String(error)}\n`}));
		child.on('close', (code, signal) => resolve({code: code ?? (signal ? 1 : 0), output: Buffer.concat(chunks).toString('utf8')}));
	});
}

const run = (runArgs, env, keep) => runCommand(vitest, ['run', ...runArgs], env, keep);

/** The type check, then the lint (npm run lint), their output kept; the first failure ends them. */
async function checks() {
	for (const [name, command, commandArgs] of [
		['tsc --noEmit', join('node_modules', '.bin', 'tsc'), ['--noEmit']],
		['npm run lint', 'npm', ['run', 'lint', '--silent']],
	]) {
		const result = await runCommand(command, commandArgs, {}, true);
		if (result.code !== 0) return {...result, output: `--- ${name} failed ---\n${result.output}`};
	}
	return {code: 0, output: ''};
}

/** Waits for the checks started beside a run and shows what a failed one said. */
async function checksPassed(pending) {
	const result = await pending;
	if (result.code !== 0) process.stdout.write(`\n${result.output}\n`);
	return result.code === 0;
}

/** The JSON report's path when one is asked for (`--outputFile.json=F`); each run writes F.<part>. */
const jsonFlag = args.find(arg => arg.startsWith('--outputFile.json='));
const jsonFile = jsonFlag?.slice('--outputFile.json='.length);
/** One part: vitest on these projects, its JSON report (if asked) in a file of its own. */
const runPart = async (part, projects, env, keep) => ({
	part,
	...(await run([...args.map(arg => (arg === jsonFlag ? `${jsonFlag}.${part}` : arg)), ...projects.flatMap(project => ['--project', project])], env, keep)),
});

/** Adds up the runs' reports into one, as one vitest run writes it; a run that wrote none counts as one failed suite. */
function mergeReports(parts) {
	const merged = {
		numTotalTestSuites: 0,
		numPassedTestSuites: 0,
		numFailedTestSuites: 0,
		numPendingTestSuites: 0,
		numTotalTests: 0,
		numPassedTests: 0,
		numFailedTests: 0,
		numPendingTests: 0,
		numTodoTests: 0,
		startTime: Date.now(),
		success: true,
		testResults: [],
	};
	for (const part of parts.map(name => `${jsonFile}.${name}`)) {
		if (!existsSync(part)) {
			merged.numFailedTestSuites += 1;
			merged.success = false;
			continue;
		}
		const report = JSON.parse(readFileSync(part, 'utf8'));
		for (const key of Object.keys(merged)) if (typeof merged[key] === 'number' && key !== 'startTime') merged[key] += report[key] ?? 0;
		merged.startTime = Math.min(merged.startTime, report.startTime ?? merged.startTime);
		merged.success &&= report.success === true;
		merged.testResults.push(...(report.testResults ?? []));
		rmSync(part);
	}
	writeFileSync(jsonFile, JSON.stringify(merged));
}

async function allParts() {
	// scripts/sandbox's default state dir (os.tmpdir() reads TMPDIR as it does), trailing slash dropped.
	const sandboxDir = (process.env.DOCKSWAB_SANDBOX_DIR || join(tmpdir(), 'dockswab-sandbox')).replace(/\/+$/, '');
	const companionDir = `${sandboxDir}-containerd`;
	const pendingChecks = checks();
	const [unit, first, second] = await Promise.all([
		runPart('unit', ['unit', 'unit-mocking'], {}, true),
		runPart('e2e', ['e2e'], {DOCKSWAB_E2E_PART: 'first'}, false),
		runPart('e2e-second', ['e2e', 'e2e-containerd'], {DOCKSWAB_SANDBOX_DIR: companionDir, DOCKSWAB_E2E_PART: 'second'}, true),
	]);
	process.stdout.write(`\n--- the unit projects, run beside the end-to-end files ---\n${unit.output}`);
	const checked = await checksPassed(pendingChecks);
	process.stdout.write(`\n--- the second part of the end-to-end files (the e2e-containerd project and a few e2e files), on the sandbox in ${companionDir}, run beside the first ---\n${second.output}`);
	if (jsonFile !== undefined) mergeReports([unit, first, second].map(result => result.part).concat(checked ? [] : ['checks']));
	return !checked || [unit, first, second].some(result => result.code !== 0) ? 1 : 0;
}

// The exit code is set, not forced: a forced exit could cut the output still going to a pipe.
const filtered = args.some(arg => !arg.startsWith('--') || arg === '--project' || arg.startsWith('--project='));
async function filteredRun() {
	const pendingChecks = checks();
	const {code} = await run(args, {}, false);
	return (await checksPassed(pendingChecks)) ? code : 1;
}

process.exitCode = filtered ? await filteredRun() : await allParts();

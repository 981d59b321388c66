// The vitest part of `npm test`. The unit project runs first, alone: it keeps both cores busy.
// Then the end-to-end files run in two parts at once, each on its own sandbox. The first part is
// the classic project on $DOCKSWAB_SANDBOX_DIR. The second is the containerd project, plus a few
// classic-project files that seed no classic engine (vitest.config.ts, DOCKSWAB_E2E_PART), on a
// companion sandbox in the same dir plus "-containerd", which `scripts/sandbox stop` stops too.
// Each part keeps its files in order on its own engines and registries, and each one leaves a
// core idle about half the time (it waits on engines, tmux and registries), so together they
// take about as long as the longer one.
//
// File filters or --project run one plain `vitest run` with everything as given. A JSON report
// (--outputFile.json=F, as .ci/run asks) is written per run and merged into F.
import {spawn} from 'node:child_process';
import {existsSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

const args = process.argv.slice(2);
const vitest = join('node_modules', '.bin', 'vitest');

/** Runs vitest, its output passed through, or kept and handed back when `keep` is set. */
function run(runArgs, env, keep) {
	return new Promise(resolve => {
		const child = spawn(vitest, ['run', ...runArgs], {env: {...process.env, ...env}, stdio: ['ignore', keep ? 'pipe' : 'inherit', keep ? 'pipe' : 'inherit']});
		const chunks = [];
		if (keep) for (const stream of [child.stdout, child.stderr]) stream.on('data', chunk => chunks.push(chunk));
		child.on('error', error => resolve({code: 1, output: `${String(error)}\n`}));
		child.on('close', (code, signal) => resolve({code: code ?? (signal ? 1 : 0), output: Buffer.concat(chunks).toString('utf8')}));
	});
}

const filtered = args.some(arg => !arg.startsWith('--') || arg === '--project' || arg.startsWith('--project='));
if (filtered) {
	const {code} = await run(args, {}, false);
	process.exit(code);
}

const jsonFlag = args.find(arg => arg.startsWith('--outputFile.json='));
const jsonFile = jsonFlag?.slice('--outputFile.json='.length);
const withJson = (part, extra) => [...args.map(arg => (arg === jsonFlag ? `${jsonFlag}.${part}` : arg)), ...extra];

// The same default as scripts/sandbox, trailing slash dropped.
const sandboxDir = (process.env.DOCKSWAB_SANDBOX_DIR || join(process.env.TMPDIR || tmpdir(), 'dockswab-sandbox')).replace(/\/+$/, '');
const companionDir = `${sandboxDir}-containerd`;

const unit = await run(withJson('unit', ['--project', 'unit', '--project', 'unit-mocking']), {}, false);
const [first, second] = await Promise.all([
	run(withJson('e2e', ['--project', 'e2e']), {DOCKSWAB_E2E_PART: 'first'}, false),
	run(withJson('e2e-second', ['--project', 'e2e', '--project', 'e2e-containerd']), {DOCKSWAB_SANDBOX_DIR: companionDir, DOCKSWAB_E2E_PART: 'second'}, true),
]);
process.stdout.write(`\n--- the second part of the end-to-end files (the e2e-containerd project and a few e2e files), on the sandbox in ${companionDir}, run beside the first ---\n${second.output}`);

if (jsonFile !== undefined) {
	const parts = ['unit', 'e2e', 'e2e-second'].map(part => `${jsonFile}.${part}`);
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
	for (const part of parts) {
		if (!existsSync(part)) {
			// A run that wrote no report (it could not start) counts as one failed suite.
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

process.exit([unit, first, second].some(result => result.code !== 0) ? 1 : 0);

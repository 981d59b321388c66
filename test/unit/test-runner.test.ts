// scripts/test.mjs, the part of `npm test` that CI's last line counts on: run in a directory whose
// vitest, tsc and lint are stand-ins that log their calls and write the JSON report vitest would.
import {execFile} from 'node:child_process';
import {chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {promisify} from 'node:util';
import {expect, test} from 'vitest';
import {tempDir} from '../fixtures/temp-dir';

const run = promisify(execFile);

/** A checkout-like directory: the real scripts/test.mjs, stand-in tools; `calls` lists what ran. */
function standIns(): {dir: string; calls: () => string[]} {
	const dir = tempDir('dockswab-test-runner-');
	const bin = join(dir, 'node_modules', '.bin');
	mkdirSync(bin, {recursive: true});
	mkdirSync(join(dir, 'scripts'));
	copyFileSync(resolve('scripts/test.mjs'), join(dir, 'scripts', 'test.mjs'));
	const log = join(dir, 'calls.log');
	// vitest: one passing test per run, in the report file asked for.
	const vitest = `#!/bin/sh
echo "vitest $* part=$DOCKSWAB_E2E_PART" >> "${log}"
for arg in "$@"; do case "$arg" in --outputFile.json=*) printf '{"numTotalTests":1,"numPassedTests":1,"numFailedTests":0,"success":true,"testResults":[]}' > "\${arg#--outputFile.json=}";; esac; done
`;
	const tsc = `#!/bin/sh\necho "tsc $*" >> "${log}"\necho "source/x.ts: error TS2322" ; exit "\${TSC_EXIT:-0}"\n`;
	for (const [name, text] of [
		['vitest', vitest],
		['tsc', tsc],
	] as const) {
		writeFileSync(join(bin, name), text);
		chmodSync(join(bin, name), 0o755);
	}
	writeFileSync(join(dir, 'package.json'), JSON.stringify({name: 'stand-in', private: true, scripts: {lint: `echo lint >> "${log}"; echo "lint says no"; exit \${LINT_EXIT:-0}`}}));
	return {dir, calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [])};
}

async function npmTest(dir: string, env: Record<string, string>) {
	const report = join(dir, 'results.json');
	const result = await run(process.execPath, ['scripts/test.mjs', '--reporter=default', `--outputFile.json=${report}`], {
		cwd: dir,
		env: {...process.env, DOCKSWAB_SANDBOX_DIR: join(dir, 'sandbox'), ...env},
	}).then(
		({stdout}) => ({code: 0, stdout}),
		(error: {code: number; stdout: string}) => ({code: error.code, stdout: error.stdout}),
	);
	const merged = existsSync(report) ? (JSON.parse(readFileSync(report, 'utf8')) as {numPassedTests: number; numFailedTestSuites: number}) : null;
	return {...result, merged};
}

test('the type check and the lint pass: the unit projects and both end-to-end parts run, all counted', async () => {
	const {dir, calls} = standIns();
	const {code, merged} = await npmTest(dir, {});
	expect(code).toBe(0);
	// The three runs start at once, in any order.
	expect(
		calls()
			.filter(call => call.startsWith('vitest'))
			.sort(),
	).toEqual([
		expect.stringMatching(/\.e2e --project e2e part=first$/),
		expect.stringMatching(/\.e2e-second --project e2e --project e2e-containerd part=second$/),
		expect.stringMatching(/\.unit --project unit --project unit-mocking part=$/),
	]);
	expect(calls()).toEqual(expect.arrayContaining(['tsc --noEmit', 'lint']));
	expect(merged).toMatchObject({numPassedTests: 3, numFailedTestSuites: 0});
});

test.each([
	['the type check', {TSC_EXIT: '2'}, 'tsc --noEmit failed', 'source/x.ts: error TS2322'],
	['the lint', {LINT_EXIT: '1'}, 'npm run lint failed', 'lint says no'],
])('%s fails: the run fails with its output shown, and the report counts a failed suite beside the tests that ran', async (_what, env, heading, said) => {
	const {dir, calls} = standIns();
	const {code, stdout, merged} = await npmTest(dir, env);
	expect(code).toBe(1);
	expect(stdout).toContain(heading);
	expect(stdout).toContain(said);
	expect(calls().filter(call => call.startsWith('vitest'))).toHaveLength(3);
	expect(merged).toMatchObject({numPassedTests: 3, numFailedTestSuites: 1});
});

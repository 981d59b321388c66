// NO_COLOR set in a shell profile: the first screen is the renderer's alone and has no colours.
// Engine-free: DOCKER_HOST names a socket nobody listens on, so the connection screen is drawn.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {beforeAll, expect, test} from 'vitest';
import {buildCli, isolatedEnv, runOnTerminal} from '../fixtures/built-cli';
import {tempDir} from '../fixtures/temp-dir';

let cli = '';
let home = '';
beforeAll(async () => {
	home = tempDir('dockswab-no-color-');
	cli = await buildCli(home);
}, 60_000);

// Room for a start on a machine busy with other tests; a run that never draws fails at this.
const runTimeout = 30_000;
const foregroundColour = /\u001B\[(?:3\d|9[0-7]|38;[\d;]+)m/;

/** The connection screen as written to a terminal, quit with q once it is drawn. */
async function connectionScreen(env: Record<string, string>): Promise<string> {
	const run = await runOnTerminal(cli, [], isolatedEnv(home, {DOCKER_HOST: `unix://${home}/no-engine.sock`, ...env}), {
		steps: [{after: 'q quit', keys: 'q'}],
	});
	expect(run.output).toContain('Cannot connect to the Docker engine');
	expect(run.code).toBe(0);
	return run.output;
}

test(
	'with NO_COLOR nothing but the frames reaches the terminal, and they have no colours',
	async () => {
		// CI=false, as in a terminal of a CI machine's shell: styling must not fall away with it.
		const output = await connectionScreen({NO_COLOR: '1', CI: 'false'});
		expect(output).not.toContain('Warning');
		expect(output).not.toContain('FORCE_COLOR');
		expect(output).not.toMatch(foregroundColour);
		// Bold and inverse stay: they mark the title and the cursor row.
		expect(output).toContain('\u001B[1mCannot connect to the Docker engine');
	},
	runTimeout,
);

test(
	'without NO_COLOR the same screen has its colours (what the check above would see)',
	async () => {
		const output = await connectionScreen({CI: 'false'});
		expect(output).toMatch(foregroundColour);
		expect(output).not.toContain('Warning');
	},
	runTimeout,
);

test(
	'a warning Node prints anyway (FORCE_COLOR and NO_COLOR both set by the user) goes to the log, not the screen',
	async () => {
		const output = await connectionScreen({NO_COLOR: '1', FORCE_COLOR: '1'});
		expect(output).not.toContain('Warning');
		expect(output).not.toMatch(foregroundColour);
		expect(readFileSync(join(home, 'state', 'dockswab', 'log'), 'utf8')).toContain("The 'NO_COLOR' env is ignored due to the 'FORCE_COLOR' env being set");
	},
	runTimeout,
);

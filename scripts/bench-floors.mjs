// Floors measured in the same run as dockswab, so its targets follow the machine: what the
// smallest Ink app costs in memory, and how fast the tmux harness echoes a key at all.
import {execFile} from 'node:child_process';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {promisify} from 'node:util';
import {summary} from './bench-stats.mjs';

const execFileAsync = promisify(execFile);

async function rssMiB(pid) {
	const status = await readFile(`/proc/${pid}/status`, 'utf8');
	return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN) / 1024;
}

/**
 * RSS of a bundled Ink app that draws two lines, built by dockswab's own build script and started
 * as dockswab starts (its first line runs node with dockswab's flags), once it has drawn and gone
 * quiet: what any Ink app costs on this machine. Median of `runs`.
 */
export async function inkMemoryFloor({root, workDir, tmux, env, runs}) {
	const bundle = path.join(workDir, 'ink-floor.js');
	await execFileAsync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), bundle, 'scripts/ink-floor.mjs'], {cwd: root});
	const samples = [];
	for (let run = 0; run < runs; run++) {
		const pane = await tmux.openPane({name: `floor${run}`, columns: 120, rows: 40, env});
		try {
			const startedAt = await pane.start([bundle]);
			await pane.waitFor(screen => screen.includes('two lines, nothing else'), {since: startedAt, what: 'the Ink floor app'});
			await pane.quiet({quietMs: 1000});
			// The same settling time dockswab gets before its RSS is read (a late GC included).
			await delay(2500);
			samples.push(await rssMiB(await pane.pid()));
		} finally {
			await pane.close();
		}
	}
	const rss = summary(samples);
	return {rssMiB: rss.median, samplesMiB: rss.samples};
}

/**
 * Key → echo on screen for `cat` in a 160x48 pane of the same tmux harness that times dockswab's
 * cursor moves: the terminal's own echo (tty, tmux, control client), which no program beats.
 */
export async function echoFloor({tmux, env, moves}) {
	const pane = await tmux.openPane({name: 'echo', columns: 160, rows: 48, env});
	try {
		await pane.start(['cat']);
		const latency = [];
		for (let move = 1; move <= moves; move++) {
			const sentAt = performance.now();
			await pane.keys('j');
			const {at} = await pane.waitFor(screen => (screen.split('\n')[0].match(/j/g)?.length ?? 0) >= move, {since: sentAt, what: `echo ${move}`});
			latency.push(at - sentAt);
			await pane.quiet({quietMs: 40});
		}
		const echo = summary(latency, 2);
		return {moves, medianMs: echo.median, p95Ms: echo.p95};
	} finally {
		await pane.close();
	}
}

// `dockswab plan --json` against a loopback engine: a blocked item names its blockers in fields of
// their own, by name and ID, not only in the `detail` sentence.
import {createServer, type Server, type Socket} from 'node:net';
import {afterEach, expect, test} from 'vitest';
import {parseArgs} from '../../source/cli-args';
import {commandTargets} from '../../source/commands/engines';
import {runPlanCommand} from '../../source/commands/plan';
import {fakeContainer, fakeImage, startFakeEngine, type FakeEngine} from '../fixtures/fake-engine';
import {tempDir} from '../fixtures/temp-dir';

let engine: FakeEngine | null = null;

afterEach(async () => {
	await engine?.close();
	engine = null;
});

test('a blocked item lists its running containers and child images by name and ID; other items have blockedBy null', async () => {
	const child = {...fakeImage, Id: `sha256:${'c3'.repeat(32)}`, ParentId: fakeImage.Id, RepoTags: ['fake/app:1.1.0']};
	const loose = {...fakeImage, Id: `sha256:${'d4'.repeat(32)}`, RepoTags: ['fake/tool:0.1.0']};
	engine = await startFakeEngine({images: [fakeImage, child, loose], containers: [fakeContainer]});
	const env = {DOCKER_CONFIG: tempDir('dsw-plan-json-config-')};
	const options = parseArgs(['plan', 'fake/app:1.0.0', 'fake/tool:0.1.0', '--json', '-H', engine.host]);
	if (options.kind !== 'plan') throw new Error(`not a plan command: ${options.kind}`);
	const result = await runPlanCommand(commandTargets(env, options), options, env);
	const items = (JSON.parse(result.stdout) as {engines: {items: {reference: string; blocker: string | null; blockedBy: unknown}[]}[]}).engines[0]!.items;
	const blocked = items.find(item => item.reference === 'fake/app:1.0.0')!;
	expect(blocked.blocker).toBe('running');
	expect(blocked.blockedBy).toEqual({
		containers: [{id: fakeContainer.Id, name: 'fake-web-1', state: 'running'}],
		children: [{imageId: child.Id.replace(/^sha256:/, ''), tags: ['fake/app:1.1.0']}],
		references: [],
	});
	expect(items.find(item => item.reference === 'fake/tool:0.1.0')!.blockedBy).toBeNull();
	expect(result.exitCode).toBe(1);
});

test('of several engines, one that never answers is reported after DOCKSWAB_FLEET_TIMEOUT and the other is planned (exit 1)', async () => {
	engine = await startFakeEngine({images: [fakeImage], containers: []});
	const held: Socket[] = [];
	const silent: Server = createServer(socket => void held.push(socket));
	await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve));
	try {
		const env = {DOCKER_CONFIG: tempDir('dsw-plan-json-config-'), DOCKSWAB_FLEET_TIMEOUT: '1'};
		const options = parseArgs(['plan', '--dangling', '--json', '-H', engine.host, '-H', `tcp://127.0.0.1:${(silent.address() as {port: number}).port}`]);
		if (options.kind !== 'plan') throw new Error(`not a plan command: ${options.kind}`);
		const result = await runPlanCommand(commandTargets(env, options), options, env);
		const engines = (JSON.parse(result.stdout) as {engines: {ok: boolean; error?: string}[]}).engines;
		expect(engines.map(outcome => outcome.ok)).toEqual([true, false]);
		expect(engines[1]!.error).toContain('within 1 s');
		expect(result.exitCode).toBe(1);
	} finally {
		for (const socket of held) socket.destroy();
		await new Promise(resolve => silent.close(resolve));
	}
});

// `dockswab plan --json` against a loopback engine: a blocked item names its blockers in fields of
// their own, by name and ID, not only in the `detail` sentence.
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

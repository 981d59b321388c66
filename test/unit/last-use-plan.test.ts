// `plan --unused-for` and `--budget` against a fake engine on loopback: the last tag time is asked
// for only the images the other rules leave in, and a fresh one keeps an old image out.
import {afterEach, expect, test} from 'vitest';
import {planOnEngines, type EngineOutcome} from '../../source/commands/plan';
import type {Selection} from '../../source/cli-args';
import type {PolicyOptions} from '../../source/domain/policies';
import {resolveEngineTarget} from '../../source/engine/target';
import {fakeImage, startFakeEngine, type FakeEngine} from '../fixtures/fake-engine';
import {tempDir} from '../fixtures/temp-dir';

const now = Date.parse('2026-06-01T00:00:00Z');
const yearsAgo = Date.parse('2019-01-01T00:00:00Z') / 1000;
const hex = (name: string) => name.padEnd(64, '0');
const image = (name: string, tag: string, created: number) => ({...fakeImage, Id: `sha256:${hex(name)}`, RepoTags: [tag], Created: created, Size: 1000});
const tagged = (time: string) => ({Metadata: {LastTagTime: time}});

let engine: FakeEngine | null = null;
afterEach(async () => {
	await engine?.close();
	engine = null;
});

async function planned(policy: PolicyOptions, answers: Parameters<typeof startFakeEngine>[0]): Promise<{references: (string | null)[]; inspected: string[]}> {
	engine = await startFakeEngine(answers);
	const env = {DOCKER_HOST: engine.host, DOCKER_CONFIG: tempDir('dockswab-last-use-')};
	const selection: Selection = {references: [], policy, removeStoppedContainers: false, json: true, hosts: [engine.host], allContexts: false};
	const [outcome] = (await planOnEngines([{label: engine.host, target: resolveEngineTarget(env)}], selection, env, now)) as [EngineOutcome];
	if (!outcome.ok) throw new Error(outcome.error);
	const inspected = engine.requests.flatMap(path => /^\/images\/([0-9a-z]+)\/json$/.exec(path)?.[1] ?? []).map(id => id.replace(/0+$/, ''));
	return {references: outcome.plan.items.map(item => item.target.reference), inspected: [...new Set(inspected)].sort()};
}

const images = [image('a1', 'app/old:1', yearsAgo), image('a2', 'app/pulled:1', yearsAgo), image('b1', 'other/old:1', yearsAgo), image('c1', 'app/new:1', now / 1000 - 60)];
const scene = {
	images,
	containers: [],
	inspect: {[hex('a2')]: tagged('2026-05-31T12:00:00Z'), [hex('a1')]: tagged('0001-01-01T00:00:00Z')},
	// No image shares a layer: the exact bytes of a plan read only the layers of what it deletes.
	df: {LayersSize: 4000, Images: images.map(({Id}) => ({Id, Size: 1000, SharedSize: 0, Containers: 0})), Containers: [], Volumes: [], BuildCache: []},
};

test('--unused-for 30d: an image built years ago but tagged yesterday stays; tag times asked only for old images of the repositories named', async () => {
	const {references, inspected} = await planned({unusedFor: 30 * 86_400, repositories: ['app/old', 'app/pulled', 'app/new']}, scene);
	expect(references).toEqual(['app/old:1']);
	// other/old is out by --repo, app/new by its recent creation: neither costs a request.
	expect(inspected).toEqual(['a1', 'a2']);
});

test('--budget: the old image tagged yesterday goes after the old ones never tagged, before the one created a minute ago', async () => {
	const {references} = await planned({budget: 0}, scene);
	expect(references).toEqual(['app/old:1', 'other/old:1', 'app/pulled:1', 'app/new:1']);
});

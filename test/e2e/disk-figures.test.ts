// The disk figures of the header and the housekeeping menu against the engine's own measures, on
// both image stores: the images total is /system/df's, and "reclaimable" is what `docker image
// prune -a` then frees. On the containerd store the snapshot and content directories shrink too.
import {execFileSync} from 'node:child_process';
import {beforeAll, expect, test} from 'vitest';
import Docker from 'dockerode';
import {diskUsage} from '../../source/engine/lists';
import {formatBytes} from '../../source/domain/format';
import {docker, imageStore, sandboxEnv, seedSandbox, startTui} from './harness';

beforeAll(seedSandbox);

const engine = () => new Docker({socketPath: new URL(sandboxEnv().DOCKER_HOST!).pathname});
const layersSize = async () => ((await engine().df()) as {LayersSize: number}).LayersSize;
/** Bytes on disk under a directory of the containerd engine's own containerd. */
const duBytes = (path: string) => Number(execFileSync('du', ['-s', '-B1', `${process.env.DOCKSWAB_SANDBOX_DIR}/cs/containerd/root/${path}`], {encoding: 'utf8'}).split('\t')[0]);

test("images and reclaimable bytes are the engine's; removing every unused image frees exactly the reclaimable bytes", async () => {
	const figures = await diskUsage(engine());
	const before = await layersSize();
	expect(figures.imagesBytes).toBe(before);
	expect(figures.reclaimableBytes).not.toBeNull();
	// The running container's image holds the base: reclaimable can never include it.
	expect(figures.reclaimableBytes!).toBeLessThan(before);

	const tui = await startTui({columns: 160});
	try {
		await tui.waitForText('● live');
		await tui.keys('h');
		await tui.waitForText(`Disk: images ${formatBytes(before)} · containers`);
		await tui.waitForText(`reclaimable ${formatBytes(figures.reclaimableBytes!)}`);
	} finally {
		await tui.stop();
	}

	// Without the stopped containers their image becomes unused too; on the containerd store their
	// own snapshots leave the images total with them.
	await docker('rm', 'worker-old-1', 'worker-old-2');
	const again = await diskUsage(engine());
	const beforePrune = await layersSize();
	expect(again.imagesBytes).toBe(beforePrune);
	expect(again.reclaimableBytes!).toBeGreaterThan(figures.reclaimableBytes!);
	const snapshots = imageStore() === 'containerd' ? duBytes('io.containerd.snapshotter.v1.overlayfs') : 0;
	const content = imageStore() === 'containerd' ? duBytes('io.containerd.content.v1.content') : 0;
	await docker('image', 'prune', '-a', '-f');
	expect(beforePrune - (await layersSize())).toBe(again.reclaimableBytes);
	expect(await docker('images', '--format', '{{.Repository}}:{{.Tag}}')).toBe('web:2.1.0');
	if (imageStore() === 'containerd') {
		// The snapshots hold the layers df counts (and their overlay work directories); the content
		// store loses the removed images' compressed blobs, which df does not count.
		expect(snapshots - duBytes('io.containerd.snapshotter.v1.overlayfs')).toBeGreaterThanOrEqual(again.reclaimableBytes!);
		expect(content - duBytes('io.containerd.content.v1.content')).toBeGreaterThan(0);
	}
});

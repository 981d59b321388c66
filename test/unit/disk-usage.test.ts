import {expect, test} from 'vitest';
import {readDf} from '../../source/engine/lists';
import {imageStoreOf} from '../../source/engine/image-store';
import {image} from '../fixtures/scene';

const base = 'sha256:f7bf08bc2d24a7c4d0d840a66411799a6bfee46534cd9a1292206596cec94f99';
const child = 'sha256:0bf7a0e520da48bd8dd721158ad5c2e0017a4dec242a22fca0a78bc9ed71a64d';
const lone = 'sha256:5e1f00000000000000000000000000000000000000000000000000000000aaaa';

test("Docker's answer is taken as it is: its total, reclaimable bytes of unused images, own bytes per image", () => {
	const disk = readDf({
		LayersSize: 9_000,
		Images: [
			{Id: base, Size: 2_000, SharedSize: 2_000, Containers: 1},
			{Id: child, Size: 2_500, SharedSize: 2_000, Containers: 0},
			{Id: lone, Size: 4_500, SharedSize: 0, Containers: 0},
		],
		Containers: [{SizeRw: 10}, {SizeRw: 5}],
	});
	expect(disk.imagesBytes).toBe(9_000);
	expect(disk.reclaimableBytes).toBe(500 + 4_500);
	expect(disk.containersBytes).toBe(15);
	expect(disk.uniqueSizes.get(child.slice(7))).toBe(500);
	expect(disk.sharedSizes.get(base.slice(7))).toBe(2_000);
});

test("Podman 4.3's answer: one row per tag and LayersSize 0 give each image once and a total rebuilt from own and shared bytes", () => {
	// As Podman 4.3.1's compat /system/df answers: an unused 2.29 MB image with three tags, and a
	// base with one child built on it.
	const disk = readDf({
		LayersSize: 0,
		Images: [
			{Id: lone, Size: 2_290_000, SharedSize: 0, Containers: 0},
			{Id: lone, Size: 2_290_000, SharedSize: 0, Containers: 0},
			{Id: lone, Size: 2_290_000, SharedSize: 0, Containers: 0},
			{Id: base, Size: 1_997_895, SharedSize: 1_997_895, Containers: 1},
			{Id: child, Size: 2_005_162, SharedSize: 1_997_895, Containers: 0},
		],
		Containers: [],
	});
	expect(disk.reclaimableBytes).toBe(2_290_000 + 7_267);
	expect(disk.uniqueSizes.size).toBe(3);
	expect(disk.uniqueSizes.get(lone.slice(7))).toBe(2_290_000);
	// Without the image list: own bytes plus the largest shared part, a lower bound.
	expect(disk.imagesBytes).toBe(2_290_000 + 0 + 7_267 + 1_997_895);
});

test("with Podman's image list the total is each image's size minus its parent's, once per ID", () => {
	const df = {
		LayersSize: 0,
		Images: [
			{Id: base, Size: 2_000, SharedSize: 2_000, Containers: 0},
			{Id: child, Size: 2_500, SharedSize: 2_000, Containers: 0},
			{Id: child, Size: 2_500, SharedSize: 2_000, Containers: 0},
			{Id: lone, Size: 700, SharedSize: 0, Containers: 0},
		],
	};
	const images = [
		image(base.slice(7), ['localhost/dockswab/base:1'], {size: 2_000}),
		image(child.slice(7), ['localhost/demo/app:1', 'localhost/demo/app:latest'], {size: 2_500, parentId: base.slice(7)}),
		image(child.slice(7), ['localhost/demo/app:1', 'localhost/demo/app:latest'], {size: 2_500, parentId: base.slice(7)}),
		image(lone.slice(7), [], {size: 700}),
	];
	expect(readDf(df, images).imagesBytes).toBe(2_000 + 500 + 700);
	// No container uses any of them: removing every unused image frees all of it.
	expect(readDf(df, images).reclaimableBytes).toBe(2_000 + 500 + 700);
});

test("with Podman's image list, reclaimable counts the layers unused build-step images share with unused images, and keeps what containers' images need", () => {
	// As Podman 4.3 builds `FROM base; COPY payload; CMD`: the COPY step leaves an untagged image
	// holding the payload layer, the tagged image adds only its config, and Podman calls the
	// payload layer shared between the two. Sizes include each image's few hundred bytes of metadata.
	const id = (name: string) => `sha256:${name.padEnd(64, '0')}`;
	const rows = [
		{Id: id('ba5e'), Size: 2_000_100, SharedSize: 2_000_100, Containers: 0},
		{Id: id('a5'), Size: 2_200_200, SharedSize: 2_200_200, Containers: 0},
		{Id: id('a1'), Size: 2_200_600, SharedSize: 2_200_200, Containers: 0},
		{Id: id('a1'), Size: 2_200_600, SharedSize: 2_200_200, Containers: 0},
		{Id: id('b5'), Size: 2_400_200, SharedSize: 2_400_200, Containers: 0},
		{Id: id('b1'), Size: 2_400_700, SharedSize: 2_400_200, Containers: 1},
		{Id: id('c5'), Size: 2_050_200, SharedSize: 2_050_200, Containers: 0},
		{Id: id('c1'), Size: 2_050_500, SharedSize: 2_050_200, Containers: 0},
	];
	const images = [
		image('ba5e', ['localhost/dockswab/base:1'], {size: 2_000_100}),
		image('a5', [], {size: 2_200_200, parentId: 'ba5e'.padEnd(64, '0')}),
		image('a1', ['localhost/demo/app:1.0.0', 'localhost/demo/app:latest'], {size: 2_200_600, parentId: 'a5'.padEnd(64, '0')}),
		image('b5', [], {size: 2_400_200, parentId: 'ba5e'.padEnd(64, '0')}),
		image('b1', ['localhost/demo/web:2.0'], {size: 2_400_700, parentId: 'b5'.padEnd(64, '0')}),
		image('c5', [], {size: 2_050_200, parentId: 'ba5e'.padEnd(64, '0')}),
		image('c1', ['<none>:<none>'], {size: 2_050_500, parentId: 'c5'.padEnd(64, '0')}),
	];
	const disk = readDf({LayersSize: 0, Images: rows, Containers: [{SizeRw: 0}]}, images);
	// Podman's own bytes of the unused images alone would say 400 + 300 (+ 0 for the steps).
	// Freed: app's payload step and app (200,100 + 400), the dangling image's step and itself
	// (50,100 + 300); base, web's step and web stay for the container.
	expect(disk.reclaimableBytes).toBe(200_100 + 400 + 50_100 + 300);
	expect(disk.imagesBytes).toBe(2_000_100 + 200_100 + 400 + 400_100 + 500 + 50_100 + 300);
});

test('a total smaller than the images own bytes is not believed; no images is 0 bytes', () => {
	expect(readDf({LayersSize: 10, Images: [{Id: lone, Size: 4_000, SharedSize: 0, Containers: 0}]}).imagesBytes).toBe(4_000);
	expect(readDf({Images: null, Containers: null})).toMatchObject({imagesBytes: 0, reclaimableBytes: 0, containersBytes: 0});
});

test('SharedSize -1 (not computed) leaves the image out of the per-image figures', () => {
	const disk = readDf({LayersSize: 4_000, Images: [{Id: lone, Size: 4_000, SharedSize: -1, Containers: 0}]});
	expect(disk.uniqueSizes.has(lone.slice(7))).toBe(false);
	expect(disk.imagesBytes).toBe(4_000);
	expect(disk.reclaimableBytes).toBe(4_000);
});

test("the containerd store's answer: LayersSize is the total; per-image sizes hold content blobs, so no own bytes and no reclaimable from them", () => {
	// As Docker 26.1 with the containerd snapshotter answers: Size adds each image's compressed
	// content to its snapshots, SharedSize is the shared snapshots (the busybox base).
	const disk = readDf(
		{
			LayersSize: 2_293_760,
			Images: [
				{Id: base, Size: 3_105_671, SharedSize: 2_035_712, Containers: 1},
				{Id: child, Size: 3_132_351, SharedSize: 2_035_712, Containers: 0},
			],
			Containers: [{SizeRw: 4096, SizeRootFs: 2_072_576, ImageID: base}],
		},
		undefined,
		'containerd',
	);
	expect(disk.imagesBytes).toBe(2_293_760);
	expect(disk.reclaimableBytes).toBeNull();
	expect(disk.uniqueSizes.size).toBe(0);
	expect(disk.sharedSizes.get(child.slice(7))).toBe(2_035_712);
	expect(disk.containersBytes).toBe(4096);
	// An engine that leaves the total out gets "unknown", never 0.
	expect(readDf({Images: []}, undefined, 'containerd').imagesBytes).toBeNull();
});

test('the image store is read from /info: the containerd snapshotter, a graph driver, or unknown', () => {
	expect(imageStoreOf({Driver: 'overlayfs', DriverStatus: [['driver-type', 'io.containerd.snapshotter.v1']]})).toBe('containerd');
	expect(
		imageStoreOf({
			Driver: 'overlay2',
			DriverStatus: [
				['Backing Filesystem', 'extfs'],
				['Supports d_type', 'true'],
			],
		}),
	).toBe('classic');
	expect(imageStoreOf({Driver: 'overlay', DriverStatus: null})).toBe('classic');
	expect(imageStoreOf({})).toBe('unknown');
	expect(imageStoreOf(null)).toBe('unknown');
});

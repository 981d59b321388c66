// Which image store an engine keeps. The classic store (graph drivers) names an image by its
// config digest and counts its bytes once, unpacked; the containerd image store (Docker 24+ with
// the containerd snapshotter, the default of new installs from 29) names it by its manifest or
// index digest and keeps each layer twice: compressed in the content store and unpacked as a
// snapshot. Sizes, digests and `rmi repo@digest` mean different things on the two.
import type Docker from 'dockerode';

export type ImageStore = 'classic' | 'containerd' | 'unknown';

type InfoAnswer = {Driver?: unknown; DriverStatus?: unknown};

/** Read from `GET /info`: `DriverStatus` names the snapshotter of the containerd store. */
export function imageStoreOf(info: unknown): ImageStore {
	if (typeof info !== 'object' || info === null) return 'unknown';
	const {Driver: driver, DriverStatus: status} = info as InfoAnswer;
	if (Array.isArray(status) && status.some(row => Array.isArray(row) && row[0] === 'driver-type' && row[1] === 'io.containerd.snapshotter.v1')) return 'containerd';
	return typeof driver === 'string' && driver !== '' ? 'classic' : 'unknown';
}

/** Per engine client: the store never changes while the engine runs. */
const stores = new WeakMap<Docker, Promise<ImageStore>>();

export function imageStore(docker: Docker): Promise<ImageStore> {
	let known = stores.get(docker);
	if (!known) {
		known = Promise.resolve()
			.then(() => docker.info() as Promise<unknown>)
			.then(imageStoreOf, () => {
				stores.delete(docker);
				return 'unknown' as const;
			});
		stores.set(docker, known);
	}
	return known;
}

// The progress of a push or pull as the engine's JSON lines describe it, folded into per-layer
// rows and overall totals. Pure: the clock is passed in, so the same lines always draw the same.

/** One JSON line of a push/pull/build stream, as the engine sends it. */
export type StreamLine = {
	readonly id?: string;
	readonly status?: string;
	readonly progressDetail?: {readonly current?: number; readonly total?: number};
	readonly aux?: {readonly Tag?: string; readonly Digest?: string; readonly Size?: number; readonly ID?: string};
	readonly stream?: string;
	readonly error?: string;
	readonly errorDetail?: {readonly message?: string; readonly code?: number};
};

export type TransferFailureKind = 'unauthorized' | 'denied' | 'not-found' | 'aborted' | 'failed';
export type TransferFailure = {readonly kind: TransferFailureKind; readonly message: string};

export type LayerProgress = {readonly id: string; readonly status: string; readonly current: number; readonly total: number | null};
export type TransferProgress = {
	readonly layers: readonly LayerProgress[];
	readonly startedAt: number;
	readonly updatedAt: number;
	readonly digest: string | null;
	readonly messages: readonly string[];
};

export type TransferTotals = {
	readonly done: number;
	readonly total: number;
	readonly rate: number;
	readonly etaSeconds: number | null;
	readonly layersDone: number;
	readonly layers: number;
};

/** Enough for the view's last lines; a long stream of notes must not grow without bound. */
const maxMessages = 50;

/** The layer will not move again. */
const finishedStatuses = new Set(['Pushed', 'Layer already exists', 'Already exists', 'Pull complete']);
/** Its bytes are all over the wire; a pull still has to extract it. */
const transferredStatuses = new Set(['Download complete', 'Verifying Checksum', 'Extracting']);

const digestPattern = /(sha256:[0-9a-f]{64})/;

export function emptyProgress(now: number): TransferProgress {
	return {layers: [], startedAt: now, updatedAt: now, digest: null, messages: []};
}

function isFinished(layer: LayerProgress): boolean {
	return finishedStatuses.has(layer.status) || layer.status.startsWith('Mounted from');
}

export function isTransferred(layer: LayerProgress): boolean {
	return isFinished(layer) || transferredStatuses.has(layer.status);
}

/** A line about one layer, rather than the repository or tag ("Pulling from demo/app" carries the tag as id). */
function isLayerLine(line: StreamLine): line is StreamLine & {id: string; status: string} {
	return Boolean(line.id && line.status && !line.status.startsWith('Pulling from'));
}

function withMessage(messages: readonly string[], text: string): readonly string[] {
	const next = [...messages, text];
	return next.length > maxMessages ? next.slice(next.length - maxMessages) : next;
}

function foldLayer(previous: LayerProgress | undefined, id: string, status: string, detail: StreamLine['progressDetail']): LayerProgress {
	const total = typeof detail?.total === 'number' && detail.total > 0 ? detail.total : (previous?.total ?? null);
	const current = typeof detail?.current === 'number' ? detail.current : (previous?.current ?? 0);
	return {id, status, current, total};
}

/** Folds one stream line in: per-layer status, bytes, the digest from aux or a "digest: sha256:…" status. */
export function applyStreamLine(progress: TransferProgress, line: StreamLine, now: number): TransferProgress {
	let {layers, digest, messages} = progress;
	if (isLayerLine(line)) {
		const index = layers.findIndex(layer => layer.id === line.id);
		const next = foldLayer(index >= 0 ? layers[index] : undefined, line.id, line.status, line.progressDetail);
		layers = index >= 0 ? layers.map((layer, at) => (at === index ? next : layer)) : [...layers, next];
	} else if (line.status) {
		messages = withMessage(messages, line.status);
		digest = digestPattern.exec(line.status)?.[1] ?? digest;
	}
	if (line.aux?.Digest) digest = line.aux.Digest;
	const error = line.errorDetail?.message ?? line.error;
	if (error) messages = withMessage(messages, error);
	return {...progress, layers, digest, messages, updatedAt: now};
}

/** Bytes a layer has moved, within its total (the engine's count may pass the total slightly). */
function layerBytes(layer: LayerProgress): number {
	if (layer.total === null) return 0;
	if (isTransferred(layer)) return layer.total;
	return Math.min(Math.max(0, layer.current), layer.total);
}

/** Totals for the overall bar: bytes over layers with a known total, rate since the start, ETA when it can be told. */
export function transferTotals(progress: TransferProgress, now: number): TransferTotals {
	let done = 0;
	let total = 0;
	let layersDone = 0;
	for (const layer of progress.layers) {
		if (layer.total !== null) {
			total += layer.total;
			done += layerBytes(layer);
		}
		if (isFinished(layer)) layersDone++;
	}
	const seconds = (now - progress.startedAt) / 1000;
	const rate = seconds > 0 ? done / seconds : 0;
	const etaSeconds = rate > 0 && total > 0 ? Math.ceil((total - done) / rate) : null;
	return {done, total, rate, etaSeconds, layersDone, layers: progress.layers.length};
}

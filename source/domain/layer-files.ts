// What reading an image's archive yields: per layer, the metadata of the files it holds (never
// their contents), in layer order, with the instruction that made the layer.
import type {TarEntryType} from './tar-header';

/** One entry of a layer's tar, as stored: whiteouts (`.wh.name`, `.wh..wh..opq`) are entries too. */
export type LayerEntry = {
	readonly path: string;
	readonly type: TarEntryType;
	/** Bytes stored for a regular file; 0 for everything else (a hard link shares its target's). */
	readonly size: number;
	readonly linkTarget?: string;
};

export type ImageLayer = {
	/** The digest of the layer's uncompressed tar (the image config's `rootfs.diff_ids`). */
	readonly diffId: string;
	/** History `created_by` of the instruction that made the layer; null when the history cannot tell. */
	readonly createdBy: string | null;
	/** The entries kept; fewer than `entryCount` once the image's file cap was reached. */
	readonly entries: readonly LayerEntry[];
	readonly entryCount: number;
	/** Bytes of all the layer's regular files, kept or only counted. */
	readonly fileBytes: number;
};

export type ImageFiles = {
	readonly layers: readonly ImageLayer[];
	/** The cap on kept entries when the image has more: later entries were counted, not kept. */
	readonly cutOffAt: number | null;
};

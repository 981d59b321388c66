// What a release's steps run with: the release as the user confirmed it, and the image the new
// version points at once a step has tagged or built it.
export type ReleaseStepKind = 'tag' | 'build' | 'push' | 'move' | 'push-floating';

export type ReleaseJob = {
	readonly repository: string;
	/** The new version's tag. */
	readonly version: string;
	/** The image the user chose: tagged with the version unless the release builds `context`. */
	readonly sourceImageId: string;
	readonly context: string;
	/** The floating tag moved to the new version, or null. */
	readonly floating: string | null;
	/** The image the new version points at, once tagged or built by an earlier step. */
	readonly releasedImageId: string | null;
	/** Every step, in order; `label` names it in the log. */
	readonly steps: readonly {readonly kind: ReleaseStepKind; readonly label: string}[];
};

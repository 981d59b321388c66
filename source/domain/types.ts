// The engine's objects as dockswab sees them: plain data, IDs without the "sha256:" prefix.

export type ImageInfo = {
	readonly id: string;
	readonly parentId: string;
	readonly repoTags: readonly string[];
	readonly repoDigests: readonly string[];
	/** Seconds since the epoch, as the engine reports it. */
	readonly created: number;
	readonly size: number;
	readonly labels: Readonly<Record<string, string>>;
};

export type ContainerState = 'running' | 'paused' | 'restarting' | 'created' | 'exited' | 'dead' | 'removing';

export type ContainerInfo = {
	readonly id: string;
	readonly name: string;
	/** The image reference the container was created from, as the user typed it. */
	readonly image: string;
	readonly imageId: string;
	readonly state: ContainerState;
	readonly status: string;
	readonly created: number;
};

/** A container that keeps its image from being removed without force. */
export function isActive(container: ContainerInfo): boolean {
	return container.state === 'running' || container.state === 'paused' || container.state === 'restarting';
}

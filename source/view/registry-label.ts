// How a registry is named on screen.

/** Docker Hub's display name for its credential key. */
export function registryLabel(server: string): string {
	return server === 'https://index.docker.io/v1/' ? 'docker.io (Docker Hub)' : server;
}

// Protect patterns: tags no rule may remove, local or remote (`latest`, `stable`, `v*-lts`, `app:prod`).

function globPattern(glob: string): RegExp {
	const source = [...glob].map(char => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join('');
	return new RegExp(`^${source}$`);
}

/** The first pattern that protects the tag, or null; see isProtected. */
export function protectingPattern(repository: string, tag: string, patterns: readonly string[]): string | null {
	for (const raw of patterns) {
		const pattern = raw.trim();
		if (pattern === '') continue;
		// A pattern with ':' names a repository too; a registry port in it is matched as written.
		const subject = pattern.includes(':') ? `${repository}:${tag}` : tag;
		if (globPattern(pattern).test(subject)) return pattern;
	}
	return null;
}

/** Glob patterns (`*`, `?`): a pattern with ':' matches `repository:tag`, one without matches the tag alone. */
export function isProtected(repository: string, tag: string, patterns: readonly string[]): boolean {
	return protectingPattern(repository, tag, patterns) !== null;
}

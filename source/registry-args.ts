// The registry side of `dockswab plan|clean`: --registry HOST/REPO (or HOST/*) with a retention
// rule. Checked before anything is asked of a registry, so that a mistake (a REGEX that does not
// compile, a name no registry can have) ends with one line and exit code 2, nothing deleted.
import {parseDuration} from './domain/policies';
import {retentionOrders, type RetentionOrder} from './domain/remote-retention';

/** One --registry: a repository of a registry, or (repository null) every one its catalog lists. */
export type RegistryTarget = {readonly server: string; readonly repository: string | null};

export type RegistryRetention = {
	readonly targets: readonly RegistryTarget[];
	readonly keep: number;
	readonly match: string | null;
	readonly order: RetentionOrder;
	/** Seconds; null without --older-than. */
	readonly olderThan: number | null;
	readonly protect: readonly string[];
	/** --untag: these tags alone are removed, never their digest-mates; empty for a retention rule. */
	readonly untag: readonly string[];
};

type Values = Record<string, string | true | string[]>;

const list = (value: Values[string] | undefined): string[] => (Array.isArray(value) ? value : []);

/** Options that choose an engine's images: meaningless for a registry's tags. */
const engineOnly = ['repo', 'dangling', 'unused', 'unused-for', 'budget', 'remove-stopped', 'build-cache', 'keep-storage', 'all-contexts'];

const repositoryName = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const hostName = /^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/;

function target(written: string): RegistryTarget | string {
	const slash = written.indexOf('/');
	const server = slash > 0 ? written.slice(0, slash) : '';
	const repository = slash > 0 ? written.slice(slash + 1) : '';
	const example = 'such as 127.0.0.1:5000/app or registry.example.com/*';
	if (!hostName.test(server) || repository === '') return `--registry needs HOST/REPO or HOST/*, ${example} (got "${written}")`;
	if (repository === '*') return {server, repository: null};
	if (!repositoryName.test(repository)) return `--registry: "${repository}" is not a repository name (lowercase letters, digits, . _ - and /), ${example}`;
	return {server, repository};
}

/** Whether a regular expression compiles, in one line when it does not. */
function regexProblem(match: string): string | null {
	try {
		new RegExp(match);
		return null;
	} catch (error) {
		return `--match: "${match}" is not a regular expression (${error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error)})`;
	}
}

/** The registry retention asked for; null without --registry; a string says what is wrong. */
export function registryRetention(values: Values, references: readonly string[]): RegistryRetention | string | null {
	const written = list(values.registry);
	if (written.length === 0) {
		const stray = ['match', 'order', 'untag'].find(name => values[name] !== undefined);
		return stray ? `--${stray} goes with --registry` : null;
	}
	if (references.length > 0) return '--registry plans registry tags: leave out the images (run them separately)';
	const mixed = engineOnly.find(name => values[name] !== undefined);
	if (mixed) return `--registry plans registry tags: leave out --${mixed}, which is for engines`;
	const targets: RegistryTarget[] = [];
	for (const text of written) {
		const parsed = target(text);
		if (typeof parsed === 'string') return parsed;
		targets.push(parsed);
	}
	const untag = list(values.untag);
	if (untag.length > 0) return untagOnly(values, targets, untag);
	let keep = 0;
	if (values.keep !== undefined) {
		if (typeof values.keep !== 'string' || !/^\d+$/.test(values.keep)) return '--keep needs a whole number of tags, such as --keep 3';
		keep = Number(values.keep);
	}
	let olderThan: number | null = null;
	if (values['older-than'] !== undefined) {
		olderThan = parseDuration(String(values['older-than']));
		if (olderThan === null) return '--older-than needs an age such as 30d, 12h or 2w';
	}
	if (values.keep === undefined && olderThan === null) return '--registry needs a rule: --keep N, --older-than AGE, or both (or --untag TAG)';
	const order = values.order === undefined ? 'semver' : retentionOrders.find(name => name === values.order);
	if (!order) return `--order takes one of: ${retentionOrders.join(', ')}`;
	const match = typeof values.match === 'string' ? values.match : null;
	const problem = match === null ? null : regexProblem(match);
	if (problem) return problem;
	return {targets, keep, match, order, olderThan, protect: list(values.protect), untag: []};
}

const tagName = /^[\w][\w.-]{0,127}$/;

/** --untag TAG...: one repository, the tags named, and no rule. */
function untagOnly(values: Values, targets: readonly RegistryTarget[], untag: readonly string[]): RegistryRetention | string {
	const rule = ['keep', 'older-than', 'match', 'order'].find(name => values[name] !== undefined);
	if (rule) return `--untag names the tags itself: leave out --${rule}`;
	const [target] = targets;
	if (targets.length !== 1 || !target || target.repository === null) return '--untag works on one repository: give one --registry HOST/REPO';
	const wrong = untag.find(tag => !tagName.test(tag));
	if (wrong !== undefined) return `--untag: "${wrong}" is not a tag`;
	return {targets, keep: 0, match: null, order: 'semver', olderThan: null, protect: list(values.protect), untag: [...new Set(untag)]};
}

// dockswab's config file, checked strictly: every field known, every value of the right type and
// range, or one message naming the field and its line. A file that is half right is refused as a
// whole, so nothing runs with settings the user did not mean. Pure: the text comes in, a value or
// a message goes out.

export type Config = {
	/** Tags no clean-up rule selects. */
	readonly protect: readonly string[];
	/** The housekeeping dialog's keep-N to start with. */
	readonly keep: number;
	/** The images pane's sort to start with; null: the first one. */
	readonly sort: string | null;
	/** Action name → key, for the key table. */
	readonly keys: Readonly<Record<string, string>>;
};

export const defaultConfig: Config = {protect: [], keep: 2, sort: null, keys: {}};

export type ConfigProblem = {readonly field: string; readonly line: number; readonly message: string};

export type ConfigResult = {readonly ok: true; readonly config: Config} | {readonly ok: false; readonly problem: ConfigProblem};

export type ConfigRules = {
	/** The image sorts there are, by name. */
	readonly sorts: readonly string[];
	/** What is wrong with a key remapping as a whole (a clash), by the action it names; null when nothing. */
	readonly checkKeys: (keys: Readonly<Record<string, string>>) => {readonly action: string; readonly message: string} | null;
	/** The action names keys may name. */
	readonly actions: readonly string[];
};

const fields = ['protect', 'keep', 'sort', 'keys'] as const;

/** More versions than any repository keeps: a bound, so a typo like 1e308 is refused rather than meaning "keep all". */
export const maxKeep = 1000;

/** Where a field is: the line of its key (object members) or of its value (array items), 1-based. */
type Lines = Map<string, number>;

/**
 * The line of every member and item of a JSON text that JSON.parse accepted, by its path
 * (`keys.delete`, `protect[2]`); a member named twice is reported, as JSON.parse would silently
 * keep only the last one.
 */
function locate(text: string): {lines: Lines; duplicate: string | null} {
	const lines: Lines = new Map();
	let duplicate: string | null = null;
	let index = 0;
	let line = 1;
	const skipSpace = () => {
		while (index < text.length && /\s/.test(text[index]!)) {
			if (text[index] === '\n') line++;
			index++;
		}
	};
	const readString = (): string => {
		const start = index;
		index++;
		while (text[index] !== '"') index += text[index] === '\\' ? 2 : 1;
		index++;
		return JSON.parse(text.slice(start, index)) as string;
	};
	const value = (path: string): void => {
		skipSpace();
		const char = text[index];
		if (char === '{') {
			index++;
			skipSpace();
			const seen = new Set<string>();
			while (text[index] !== '}') {
				skipSpace();
				const keyLine = line;
				const name = readString();
				const child = path ? `${path}.${name}` : name;
				if (seen.has(name) && duplicate === null) duplicate = child;
				seen.add(name);
				lines.set(child, keyLine);
				skipSpace();
				index++; // the colon
				value(child);
				skipSpace();
				if (text[index] === ',') index++;
				skipSpace();
			}
			index++;
			return;
		}
		if (char === '[') {
			index++;
			skipSpace();
			let item = 0;
			while (text[index] !== ']') {
				skipSpace();
				lines.set(`${path}[${item}]`, line);
				value(`${path}[${item}]`);
				item++;
				skipSpace();
				if (text[index] === ',') index++;
				skipSpace();
			}
			index++;
			return;
		}
		if (char === '"') {
			readString();
			return;
		}
		while (index < text.length && !/[\s,\]}]/.test(text[index]!)) index++;
	};
	value('');
	return {lines, duplicate};
}

/** The line of the position a JSON.parse error names (Node 20 and 22 word it differently). */
function syntaxErrorLine(text: string, message: string): number {
	const lineColumn = /line (\d+) column \d+/.exec(message);
	if (lineColumn) return Number(lineColumn[1]);
	const position = /position (\d+)/.exec(message);
	if (position) return text.slice(0, Number(position[1])).split('\n').length;
	// "Unexpected end of JSON input": the end of the file.
	return text.split('\n').length;
}

const describe = (value: unknown): string =>
	value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'string' ? JSON.stringify(value) : typeof value === 'object' ? 'an object' : String(value);

/** A key as the key table names it: one printable character, a named key, or Ctrl with a letter. */
const namedKeys = new Set(['enter', 'tab', 'S-tab', 'up', 'down', 'left', 'right', 'pgdn', 'pgup', 'space']);

export function keyProblem(key: string): string | null {
	if (key === 'esc') return 'Esc is the back key everywhere and cannot be bound';
	if (key === 'C-c') return 'Ctrl-C always quits and cannot be bound';
	if (namedKeys.has(key) || /^C-[a-z]$/.test(key)) return null;
	if ([...key].length === 1 && /^[\x21-\x7e]$/u.test(key)) return null;
	return `"${key}" is not a key: use one character (like "D"), C-x for Ctrl, or one of ${[...namedKeys].join(', ')}`;
}

export function parseConfig(text: string, rules: ConfigRules): ConfigResult {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		return {
			ok: false,
			problem: {field: '(file)', line: syntaxErrorLine(text, message), message: `not valid JSON: ${message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+.*$/, '')}`},
		};
	}
	const {lines, duplicate} = locate(text);
	const fail = (field: string, message: string): ConfigResult => ({ok: false, problem: {field, line: lines.get(field) ?? 1, message}});
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return fail('(file)', `the file must hold one JSON object, not ${describe(parsed)}`);
	if (duplicate) return fail(duplicate, 'is given twice');
	const object = parsed as Record<string, unknown>;
	for (const name of Object.keys(object)) if (!(fields as readonly string[]).includes(name)) return fail(name, `unknown field (known: ${fields.join(', ')})`);

	let protect: readonly string[] = defaultConfig.protect;
	if ('protect' in object) {
		const value = object.protect;
		if (!Array.isArray(value)) return fail('protect', `must be a list of tag patterns, not ${describe(value)}`);
		for (const [index, item] of value.entries()) {
			if (typeof item !== 'string' || item.trim() === '') return fail(`protect[${index}]`, `must be a non-empty pattern string, not ${describe(item)}`);
		}
		protect = value as string[];
	}

	let keep = defaultConfig.keep;
	if ('keep' in object) {
		const value = object.keep;
		if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > maxKeep) return fail('keep', `must be a whole number from 1 to ${maxKeep}, not ${describe(value)}`);
		keep = value;
	}

	let sort: string | null = defaultConfig.sort;
	if ('sort' in object) {
		const value = object.sort;
		if (typeof value !== 'string' || !rules.sorts.includes(value)) return fail('sort', `must be one of ${rules.sorts.map(name => `"${name}"`).join(', ')}, not ${describe(value)}`);
		sort = value;
	}

	let keys: Record<string, string> = {};
	if ('keys' in object) {
		const value = object.keys;
		if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail('keys', `must be an object from action names to keys, like {"delete": "D"}, not ${describe(value)}`);
		for (const [action, key] of Object.entries(value as Record<string, unknown>)) {
			const field = `keys.${action}`;
			if (!rules.actions.includes(action)) return fail(field, `unknown action "${action}" (actions: ${rules.actions.join(', ')})`);
			if (typeof key !== 'string') return fail(field, `must be a key as a string, like "D", not ${describe(key)}`);
			const problem = keyProblem(key);
			if (problem) return fail(field, problem);
		}
		keys = value as Record<string, string>;
		const clash = rules.checkKeys(keys);
		if (clash) return fail(`keys.${clash.action}`, clash.message);
	}
	return {ok: true, config: {protect, keep, sort, keys}};
}

/** One line for the terminal: the file, the line, the field and what is wrong. */
export function formatConfigProblem(path: string, problem: ConfigProblem): string {
	const field = problem.field === '(file)' ? '' : `"${problem.field}" `;
	return `${path}:${problem.line}: ${field}${problem.message}`;
}

// Colours in one place; NO_COLOR (https://no-color.org) turns them all off, keeping inverse and bold.
export type Theme = {
	readonly accent?: string;
	readonly muted?: string;
	readonly marked?: string;
	readonly danger?: string;
	readonly ok?: string;
	readonly warn?: string;
};

export function createTheme(env: NodeJS.ProcessEnv): Theme {
	if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return {};
	return {accent: 'cyan', muted: 'gray', marked: 'yellow', danger: 'red', ok: 'green', warn: 'yellow'};
}

import {expect, test} from 'vitest';
import {fatalLine, logPath} from '../../source/services/log';

test('a fatal error reads as one line that names what failed and where the details are', () => {
	const error = new Error('first part\n    second part\n');
	const line = fatalLine(error, 'could not draw the screen');
	expect(line).toBe(`dockswab: could not draw the screen: first part second part (details in ${logPath()})`);
	expect(line).not.toContain('\n');
});

test('a thrown value that is not an Error is shown as text', () => {
	expect(fatalLine('engine went away')).toBe(`dockswab: engine went away (details in ${logPath()})`);
});

test('the log lives under XDG_STATE_HOME, or ~/.local/state without it', () => {
	expect(logPath({XDG_STATE_HOME: '/state'})).toBe('/state/dockswab/log');
	expect(logPath({})).toMatch(/\/\.local\/state\/dockswab\/log$/);
});

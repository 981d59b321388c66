import {afterEach, expect, test} from 'vitest';
import {dialogKeys, keyHint, keyHints, remapBindings, keyBindings, setKeyBindings} from '../../source/ui/keymap';

afterEach(() => setKeyBindings(keyBindings, dialogKeys));

test('a dialog footer names the keys in use: the defaults, then the remapped ones', () => {
	const footer = () => keyHints(keyHint('scroll', 'down', 'up'), keyHint('close', 'submit', 'back'));
	expect(footer()).toBe('j/k scroll · Enter/Esc close');
	const remapped = remapBindings(keyBindings, {down: 'm'});
	if (!remapped.ok) throw new Error(remapped.message);
	setKeyBindings(remapped.bindings, remapped.dialogKeys);
	expect(footer()).toBe('m/k scroll · Enter/Esc close');
});

// The smallest Ink app the bench compares dockswab's memory with: two lines, kept open like a TUI.
// `npm run bench` bundles it with dockswab's own build (scripts/build.mjs) and starts it with
// dockswab's node flags, so the difference is what dockswab itself costs.
import {createElement} from 'react';
import {Box, Text, render} from 'ink';

render(createElement(Box, {flexDirection: 'column'}, createElement(Text, null, 'ink floor'), createElement(Text, null, 'two lines, nothing else')));
// Ink leaves nothing pending once drawn; a TUI waits for keys.
setInterval(() => undefined, 1 << 30);

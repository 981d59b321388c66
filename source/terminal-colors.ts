// Imported first by cli.tsx. supports-color turns all styling off (even inverse, which marks the
// cursor row) whenever a CI variable exists, also CI=false in an interactive terminal. dockswab
// only runs in a terminal, so the terminal decides: chalk, which Ink draws with too, gets at
// least 16 colours there. Its level is set directly, not through FORCE_COLOR: with NO_COLOR also
// set, Node would print a warning about the pair into the screen, and FORCE_COLOR would reach
// every program dockswab starts (ssh, credential helpers). NO_COLOR is honoured by the theme,
// which then uses no colours but keeps bold and inverse.
import chalk from 'chalk';

if (chalk.level === 0 && process.env.FORCE_COLOR === undefined && process.stdout.isTTY && process.env.TERM !== 'dumb') chalk.level = 1;

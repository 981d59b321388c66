// Imported first by cli.tsx, before chalk decides on colours at load time. supports-color turns
// all styling off (even inverse, which marks the cursor row) whenever a CI variable exists, also
// CI=false in an interactive terminal. dockswab only runs in a terminal, so the terminal decides;
// NO_COLOR is honoured by the theme, which then uses no colours but keeps bold and inverse.
if (process.env.FORCE_COLOR === undefined && process.stdout.isTTY && process.env.TERM !== 'dumb') process.env.FORCE_COLOR = '1';

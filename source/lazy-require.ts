// Node built-ins that only some paths use are required where they are used, not imported at the
// top: the UI's start (cli.tsx) then loads just what its first frame needs, not tls, crypto or
// child_process (about 10 ms together).
import {createRequire} from 'node:module';

const requireBuiltin = createRequire(import.meta.url);

export const crypto = () => requireBuiltin('node:crypto') as typeof import('node:crypto');
export const https = () => requireBuiltin('node:https') as typeof import('node:https');
export const childProcess = () => requireBuiltin('node:child_process') as typeof import('node:child_process');

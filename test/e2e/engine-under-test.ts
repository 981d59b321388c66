// Setup of both e2e projects: DOCKSWAB_SANDBOX_ENGINE (set per project) picks the sandbox engine the
// files run on: dockerd 20.10 with the classic store (the API floor), or Docker 26 with the
// containerd image store (what new installs use: image ID = manifest digest, other sizes). The
// sandbox script reads the same variable, so `seed` resets and fills that engine.
const store = process.env.DOCKSWAB_SANDBOX_ENGINE ?? 'classic';
const host = store === 'containerd' ? process.env.DOCKSWAB_CONTAINERD_HOST : process.env.DOCKSWAB_CLASSIC_HOST;
if (!host) throw new Error(`the sandbox environment names no ${store} engine`);
process.env.DOCKER_HOST = host;

// A loopback HTTP server that answers the Docker Engine API calls dockswab makes (version, the
// two lists, disk usage, events), with lists a test chooses: for answers the sandbox engine never
// gives, such as the malformed lists of a buggy proxy in front of an engine. It holds no images:
// nothing done against it can touch an engine, so it needs no sandbox label.
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';

/**
 * `history`: the rows `GET /images/{id}/history` answers for every image (404 without);
 * `inspect`: what `GET /images/{id}/json` answers, by the ID as asked (404 for others);
 * `df`: the `GET /system/df` answer (default: the one fake image, no per-image rows).
 */
export type FakeEngineAnswers = {images?: unknown[]; containers?: unknown[]; history?: unknown[]; inspect?: Readonly<Record<string, unknown>>; df?: unknown};

export type FakeEngine = {
	/** `tcp://127.0.0.1:<port>`, for DOCKER_HOST. */
	readonly host: string;
	/** Request paths (API version prefix removed) in the order they arrived. */
	readonly requests: readonly string[];
	close: () => Promise<void>;
};

const apiVersion = '1.45';

export const fakeImage = {
	Id: 'sha256:4b1e0c6f8a2d3e5f7a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f',
	ParentId: '',
	RepoTags: ['fake/app:1.0.0'],
	RepoDigests: [],
	Created: 1_700_000_000,
	Size: 12_345_678,
	SharedSize: -1,
	VirtualSize: 12_345_678,
	Labels: null,
	Containers: -1,
};

export const fakeContainer = {
	Id: '9c2d7e4f1a3b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d',
	Names: ['/fake-web-1'],
	Image: 'fake/app:1.0.0',
	ImageID: fakeImage.Id,
	Command: 'serve',
	Created: 1_700_000_100,
	State: 'running',
	Status: 'Up 2 hours',
	Labels: {},
};

function sendJson(response: ServerResponse, status: number, body: unknown): void {
	response.writeHead(status, {'Content-Type': 'application/json', 'Api-Version': apiVersion});
	response.end(JSON.stringify(body));
}

/** Starts the fake engine on 127.0.0.1 with a free port; nothing else can reach it. */
export async function startFakeEngine(answers: FakeEngineAnswers = {}): Promise<FakeEngine> {
	const requests: string[] = [];
	const open = new Set<ServerResponse>();
	const server = createServer((request: IncomingMessage, response: ServerResponse) => {
		const path = new URL(request.url ?? '/', 'http://fake').pathname.replace(/^\/v\d+\.\d+/, '');
		requests.push(path);
		if (answers.history && /^\/images\/[^/]+\/history$/.test(path)) {
			sendJson(response, 200, answers.history);
			return;
		}
		const inspected = /^\/images\/([^/]+)\/json$/.exec(path)?.[1];
		if (inspected !== undefined && answers.inspect && Object.hasOwn(answers.inspect, inspected)) {
			sendJson(response, 200, answers.inspect[inspected]);
			return;
		}
		switch (path) {
			case '/version':
				sendJson(response, 200, {Version: '26.1.4', ApiVersion: apiVersion, MinAPIVersion: '1.24', Os: 'linux', Arch: 'amd64'});
				return;
			case '/images/json':
				sendJson(response, 200, answers.images ?? [fakeImage]);
				return;
			case '/containers/json':
				sendJson(response, 200, answers.containers ?? [fakeContainer]);
				return;
			case '/system/df':
				sendJson(response, 200, answers.df ?? {LayersSize: fakeImage.Size, Images: [], Containers: [], Volumes: [], BuildCache: []});
				return;
			case '/events':
				// An event stream stays open and quiet until the client leaves.
				response.writeHead(200, {'Content-Type': 'application/json', 'Api-Version': apiVersion});
				response.flushHeaders();
				open.add(response);
				response.on('close', () => open.delete(response));
				return;
			default:
				sendJson(response, 404, {message: `page not found: ${path}`});
		}
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as AddressInfo;
	return {
		host: `tcp://127.0.0.1:${port}`,
		requests,
		close: async () => {
			for (const response of open) response.destroy();
			server.closeAllConnections();
			await new Promise<void>(resolve => server.close(() => resolve()));
		},
	};
}

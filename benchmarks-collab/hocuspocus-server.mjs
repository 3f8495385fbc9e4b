// Hocuspocus 2.x server with no extensions: documents live in memory only, nothing is stored.
import { Server } from '@hocuspocus/server';

const port = Number(process.argv[2] ?? 18290);
const server = Server.configure({ port, address: '127.0.0.1', quiet: true });
await server.listen();
console.log(`Hocuspocus listening on ws://127.0.0.1:${port}`);

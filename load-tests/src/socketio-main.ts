import { startSocketIoServer } from './socketio-server.js';

// A process of its own, so the bench samples its memory and CPU apart from everything else.
const port = Number(process.argv[2] ?? 0);
const server = await startSocketIoServer(port);
process.stdout.write(`listening ${server.port}\n`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});

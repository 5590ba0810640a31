import { createServer } from 'node:http';
import { Server } from 'socket.io';

/**
 * A plain Socket.IO server, the known system Sapa is compared with in the same run: websocket
 * transport only (as Sapa), no compression, each client joins the room named in its query, and
 * a `pub` from any client is broadcast to the room as `msg` (the fan-out scenario). It stores
 * nothing, so its fan-out figures are a floor that Sapa's durable path cannot reach.
 *
 * Run as a process: `node load-tests/dist/socketio-server.js <port>`; prints `listening <port>`.
 */
export function startSocketIoServer(
  port: number,
): Promise<{ port: number; close(): Promise<void> }> {
  const http = createServer();
  const io = new Server(http, {
    transports: ['websocket'],
    perMessageDeflate: false,
    httpCompression: false,
    serveClient: false,
    cors: { origin: '*' },
  });
  io.on('connection', (socket) => {
    const room =
      typeof socket.handshake.query['room'] === 'string' ? socket.handshake.query['room'] : 'lobby';
    void socket.join(room);
    socket.on('pub', (payload: unknown) => {
      io.to(room).emit('msg', payload);
    });
  });
  return new Promise((resolve) => {
    http.listen(port, '127.0.0.1', () => {
      const address = http.address();
      resolve({
        port: typeof address === 'object' && address !== null ? address.port : port,
        close: () =>
          new Promise<void>((done) => {
            void io.close(() => done());
          }),
      });
    });
  });
}

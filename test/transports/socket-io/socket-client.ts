import { io, type Socket } from 'socket.io-client';

/** What a gateway answered to one message: its acknowledgement, or the `exception` event it sent instead. */
export type Answer = { ack: any } | { exception: any };

/** Opens a socket.io connection to `url` (WebSocket transport) with the browser's `cookie` header. */
export async function openSocket(url: string, cookie: string): Promise<Socket> {
  const socket = io(url, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Sends `event` and waits for the answer: an acknowledgement, or an `exception` event. */
export function ask(socket: Socket, event: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to ${event}`)), 5000);
    const onException = (exception: unknown) => done({ exception });
    const done = (answer: Answer) => {
      clearTimeout(timer);
      socket.off('exception', onException);
      resolve(answer);
    };
    socket.once('exception', onException);
    socket.emit(event, {}, (ack: unknown) => done({ ack }));
  });
}

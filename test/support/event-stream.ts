import { once } from 'node:events';
import { get, type IncomingMessage } from 'node:http';

/** One server-sent event. */
export interface ServerSentEvent {
  /** The `event:` field (`'message'` when absent). */
  type: string;
  /** The `data:` field, parsed as JSON when it is JSON. */
  data: any;
}

/** A response of server-sent events, read as it comes. */
export interface EventStream {
  /** The response status. */
  status: number;
  /** Resolves with every event the stream sent, once it ends. */
  events: Promise<ServerSentEvent[]>;
  /** Resolves with the first event; rejects if the stream ends without one or `timeoutMs` passes. */
  first(timeoutMs: number): Promise<ServerSentEvent>;
  /** Closes the connection (as a browser does when the page goes away). */
  close(): void;
}

/** Opens `url` as an `EventSource` would (`Accept: text/event-stream`), with `headers` (a cookie, a bearer token). */
export async function openEventStream(url: string, headers: Record<string, string> = {}): Promise<EventStream> {
  const request = get(url, { headers: { accept: 'text/event-stream', ...headers } });
  const [response] = (await once(request, 'response')) as [IncomingMessage];
  let firstEvent: (event: ServerSentEvent) => void = () => undefined;
  const arrived = new Promise<ServerSentEvent>((resolve) => (firstEvent = resolve));
  const events = readEvents(response, (event) => firstEvent(event));
  return {
    status: response.statusCode!,
    events,
    first: (timeoutMs) =>
      Promise.race([
        arrived,
        events.then(() => Promise.reject(new Error('the stream ended without an event'))),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no event within ${timeoutMs} ms`)), timeoutMs).unref()),
      ]),
    close: () => request.destroy(),
  };
}

/** Reads the events of a response until it ends or its connection closes, telling each to `onEvent`. */
function readEvents(response: IncomingMessage, onEvent: (event: ServerSentEvent) => void): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  let buffered = '';
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => {
    buffered += chunk;
    let end: number;
    while ((end = buffered.indexOf('\n\n')) !== -1) {
      const event = parseEvent(buffered.slice(0, end));
      buffered = buffered.slice(end + 2);
      if (event) {
        events.push(event);
        onEvent(event);
      }
    }
  });
  return new Promise((resolve) => response.once('close', () => resolve(events)));
}

/** One event block's fields; `undefined` for a block without data (a comment). */
function parseEvent(block: string): ServerSentEvent | undefined {
  let type = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) type = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  if (data.length === 0) return undefined;
  const text = data.join('\n');
  try {
    return { type, data: JSON.parse(text) };
  } catch {
    return { type, data: text };
  }
}

import { afterEach } from 'vitest';

/** Keeps what a test opens (sockets, clients) and closes it after each test; returns the function that keeps one. */
export function closedAfterEach<T extends { close(): unknown }>(): (opened: T) => T {
  const open: T[] = [];
  afterEach(() => {
    for (const item of open.splice(0)) item.close();
  });
  return (opened) => {
    open.push(opened);
    return opened;
  };
}

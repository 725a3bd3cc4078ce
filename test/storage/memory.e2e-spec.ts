import { createCache } from 'cache-manager';
import { CacheSessionStorage, MemorySessionStorage } from 'nestjs-single-session';
import { describeStorageConformance } from './conformance.js';

describeStorageConformance('in memory (the default)', async () => {
  const subject = { storage: new MemorySessionStorage(1000, 800), wipe: async () => void (subject.storage = new MemorySessionStorage(1000, 800)) };
  return subject;
});

describeStorageConformance('over a cache-manager cache (the app\'s CACHE_MANAGER)', async () => {
  const cache = createCache();
  return { storage: new CacheSessionStorage(cache, 500), wipe: () => cache.clear().then(() => undefined) };
});

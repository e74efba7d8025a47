export { KeyCache, type CacheResult, type CachedKey, type KeyCacheOptions } from './key-cache';

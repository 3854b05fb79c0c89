/**
 * Loaded into the benchmark's gateway with `--import` (before tsx, hence plain JS): counts the bytes
 * the process allocates on the V8 heap, from V8's own GC statistics, and writes the running total
 * to BENCH_ALLOC_FILE whenever the process gets SIGUSR2. Allocated bytes are what the heap grew by
 * between collections (before a GC minus after the previous one) plus its growth since the last GC.
 * Not loaded anywhere else.
 */
import { writeFileSync } from 'node:fs';
import { GCProfiler, getHeapStatistics } from 'node:v8';

const file = process.env.BENCH_ALLOC_FILE;
if (file) {
  let profiler = new GCProfiler();
  profiler.start();
  let countedAtCollections = 0;
  let usedAfterLastCollection = getHeapStatistics().used_heap_size;
  let sequence = 0;
  process.on('SIGUSR2', () => {
    for (const collection of profiler.stop().statistics) {
      countedAtCollections += Math.max(0, collection.beforeGC.heapStatistics.usedHeapSize - usedAfterLastCollection);
      usedAfterLastCollection = collection.afterGC.heapStatistics.usedHeapSize;
    }
    profiler = new GCProfiler();
    profiler.start();
    const sinceLastCollection = Math.max(0, getHeapStatistics().used_heap_size - usedAfterLastCollection);
    sequence += 1;
    writeFileSync(file, JSON.stringify({ sequence, allocatedBytes: countedAtCollections + sinceLastCollection }));
  });
}

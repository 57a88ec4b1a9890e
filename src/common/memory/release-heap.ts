import v8 from 'node:v8';
import vm from 'node:vm';

let collect: (() => void) | undefined;

/**
 * A full, synchronous garbage collection of this thread's heap, after which V8 gives the emptied
 * pages back to the system. For a thread that has just finished a large piece of work and will
 * now wait (a PDF worker or the main thread gone quiet: IdleHeapRelease): without it
 * the heap keeps its high-water mark while idle. V8 offers collection only through `--expose-gc`;
 * the flag is set for the isolate at run time and `gc` taken from a fresh context, where V8 then
 * installs it. Costs some tens of milliseconds of this thread.
 */
export function releaseHeap(): void {
  if (!collect) {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  }
  collect();
}

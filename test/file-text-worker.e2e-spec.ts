/**
 * Evidence files' words are read in a worker thread that stops when idle (FileTextReader): the
 * same text as reading on the main thread, and the thread (with PDF.js's heap) gone once there
 * is nothing to read. Runs after the build, which compiles the worker's script.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { FileTextReader } from '../src/modules/evidence/file-text-reader.js';
import { reportPdf } from './support/epa-samples.js';

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

const readers: FileTextReader[] = [];
const reader = (options?: ConstructorParameters<typeof FileTextReader>[0]) => {
  const r = new FileTextReader(options);
  readers.push(r);
  return r;
};
afterEach(() => Promise.all(readers.splice(0).map((r) => r.close())));

describe('reading files’ words in a worker thread', () => {
  it('reads a PDF there, as the main thread would, and stops once idle', async () => {
    const threaded = reader({ idleMs: 200 });
    expect(threaded.workers).toBe(0); // the build's script is found; no thread until a file
    const pdf = await reportPdf(2, 'Drift monitoring');
    const inline = await reader({ script: null }).read('application/pdf', Buffer.from(pdf));
    const text = await threaded.read('application/pdf', pdf);
    expect(text).toBe(inline);
    expect(text).toContain('Drift monitoring: report page 1');
    expect(text).toContain('Drift monitoring: report page 2');
    expect(threaded.workers).toBe(1);
    await until(() => threaded.workers === 0);
    // The next file starts a thread again.
    const notebook = JSON.stringify({
      cells: [{ cell_type: 'markdown', source: ['# Fairness audit by age band'] }],
    });
    expect(await threaded.read('application/x-ipynb+json', Buffer.from(notebook))).toBe(
      '# Fairness audit by age band',
    );
    expect(threaded.workers).toBe(1);
  });

  it('moves a file of its own to the thread without a copy, and gives nothing for a damaged PDF', async () => {
    const threaded = reader();
    const damaged = Buffer.alloc(20_000, 0x20);
    Buffer.from('%PDF-1.4 broken').copy(damaged);
    await expect(threaded.read('application/pdf', damaged)).resolves.toBe('');
    expect(damaged.length).toBe(0); // detached: handed over whole
    // A file that shares Node's buffer pool is copied, and stays usable here.
    const small = Buffer.from('plain words');
    await expect(threaded.read('text/plain', small)).resolves.toBe('plain words');
    expect(small.toString()).toBe('plain words');
  });
});

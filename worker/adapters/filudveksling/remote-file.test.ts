// writeRemoteFile's own logic against a scripted SFTP session: pipelined but bounded writes at the
// right offsets, a stalled server detected, a refused write passed on. The real server is exercised in
// test/integration/filudveksling.test.ts.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeRemoteFile, type SftpSession } from './remote-file.js';

type Callback = (error?: Error | null) => void;

function scriptedSession(answer: (position: number, done: Callback) => void) {
  const written = new Map<number, Buffer>();
  let inFlight = 0;
  let maxInFlight = 0;
  const closed: string[] = [];
  const session = {
    open: (_path: string, _mode: string, done: (error: Error | undefined, handle: Buffer) => void) => done(undefined, Buffer.from('h1')),
    write: (_handle: Buffer, buffer: Buffer, offset: number, length: number, position: number, done: Callback) => {
      written.set(position, Buffer.from(buffer.subarray(offset, offset + length)));
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      answer(position, (error) => {
        inFlight--;
        done(error);
      });
    },
    ext_openssh_fsync: (_handle: Buffer, done: Callback) => done(),
    close: (handle: Buffer, done: Callback) => {
      closed.push(handle.toString());
      done();
    },
  };
  return { session: session as unknown as SftpSession, written, closed, maxInFlight: () => maxInFlight };
}

/** 200 pieces of a scanned page's bytes, each different, so a piece at the wrong offset shows. */
const pieces = Array.from({ length: 200 }, (_, i) => Buffer.from(`side 1, række ${String(i).padStart(3, '0')}: ${'░'.repeat(300)}\n`));
const whole = Buffer.concat(pieces);

describe('writeRemoteFile', () => {
  it('writes every piece at its offset, with at most 16 writes outstanding', async () => {
    const sftp = scriptedSession((_position, done) => setTimeout(() => done(), 2));
    expect(await writeRemoteFile(sftp.session, '/upload/brev.pdf.part', Readable.from(pieces), 5_000)).toBe(whole.length);
    const offsets = [...sftp.written.keys()].sort((a, b) => a - b);
    expect(Buffer.concat(offsets.map((at) => sftp.written.get(at)!)).equals(whole)).toBe(true);
    expect(sftp.maxInFlight()).toBe(16);
    expect(sftp.closed).toEqual(['h1']);
  });

  it('gives up when the server stops answering, and lets go of the source', async () => {
    const sftp = scriptedSession(() => undefined);
    const source = Readable.from(pieces);
    const started = Date.now();
    await expect(writeRemoteFile(sftp.session, '/upload/brev.pdf.part', source, 200)).rejects.toThrow('no upload progress for 0.2 s');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(source.destroyed).toBe(true);
  });

  it('passes a refused write on and closes the handle', async () => {
    const denied = Object.assign(new Error('Permission denied'), { code: 3 });
    const sftp = scriptedSession((position, done) => setTimeout(() => done(position >= 3_000 ? denied : null), 1));
    await expect(writeRemoteFile(sftp.session, '/upload/brev.pdf.part', Readable.from(pieces), 5_000)).rejects.toBe(denied);
    expect(sftp.closed).toEqual(['h1']);
  });
});
